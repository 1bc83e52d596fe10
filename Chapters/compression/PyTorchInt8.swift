import Autograd
import CourseKit
import Foundation

/// PyTorch's int8 script, `Scripts/pytorch-int8.py` in the package.
private let pytorchInt8Script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("Scripts/pytorch-int8.py")

/// With `--compare-pytorch`, stops before any work when PyTorch cannot be
/// imported here, with the package to install. Without the flag a full run
/// compares wherever it can, and says so where it cannot.
func requirePyTorchIfAsked(_ chapter: ChapterRun) throws {
  guard chapter.options.comparePyTorch, let reason = PyTorchTiming.torchImportFailure else { return }
  throw ChapterError("--compare-pytorch: \(reason); install Debian's PyTorch (apt-get install -y python3-torch), "
    + "or run without --compare-pytorch")
}

/// Section: PyTorch's own post-training int8 quantization of the same float32
/// weights, calibrated on the same images, beside ours: accuracy on the same
/// test images, and its float32 and int8 times at batch 256 and 1 on the same
/// threads. Runs in a full run where `/usr/bin/python3` imports torch (and in
/// a quick one with `--compare-pytorch`); otherwise records why not.
func comparePyTorchInt8(_ chapter: ChapterRun, floatWeights: URL, data: FashionData) throws {
  chapter.section("PyTorch's int8, side by side")
  let unavailability = PyTorchTiming.torchImportFailure
  guard unavailability == nil && (!chapter.isQuick || chapter.options.comparePyTorch) else {
    let reason = unavailability.map { "\($0) on this machine" } ?? "a quick run does not run it"
    chapter.metrics.record("pytorch_int8_compared", false)
    chapter.metrics.record("pytorch_int8_comparison", "This run did not quantize the network with PyTorch: \(reason). "
      + "Where Debian's `python3-torch` is installed, a full run does, and this paragraph then gives its accuracy and times.")
    chapter.metrics.record("pytorch_int8_comparison@zh", "本次运行没有用 PyTorch 量化这个网络：\(unavailability.map { "本机上 \($0)" } ?? "快速运行不做这一步")。"
      + "装有 Debian 的 `python3-torch` 时，完整运行会做，这一段随后给出它的准确率和时间。")
    chapter.say("PyTorch not compared: \(reason)")
    return
  }
  // The same images as ours, as raw float32 and bytes in a folder of this run's own.
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compression-pytorch-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let files = ["calibration.f32", "test.f32", "labels.u8"].map { folder.appendingPathComponent($0) }
  let rawFloats = { (tensor: Tensor) in tensor.scalars.withUnsafeBytes { Data($0) } }
  try rawFloats(data.train.nhwcImages(at: data.calibration)).write(to: files[0])
  try rawFloats(data.test.nhwcImages(at: Array(0..<data.test.count))).write(to: files[1])
  try Data(data.test.labels.map(UInt8.init)).write(to: files[2])

  // As many passes as ours at 256 images; at one image 101, fewer than ours, to keep PyTorch's part of the run short.
  let repetitions: [Int] = chapter.isQuick ? [3, 3] : [Int(chapter.metrics.number("int8_timing_repetitions")), 101]
  var arguments: [String] = [pytorchInt8Script.path, "--weights", floatWeights.path, "--calibration", files[0].path]
  arguments += ["--test", files[1].path, "--labels", files[2].path, "--threads", String(ExecutionPolicy.threadCount)]
  arguments += ["--engine", "onednn", "--repetitions"] + repetitions.map(String.init)
  let loadBefore = currentLoadAverage()
  chapter.say("Quantizing with PyTorch (Scripts/pytorch-int8.py, onednn engine)…")
  let (status, output, errors) = try PyTorchTiming.runPython(arguments)
  try chapter.stopIfInterrupted()
  guard status == 0, let line = output.split(separator: "\n").last,
    let result = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
  else {
    let lastLine = errors.split(separator: "\n").last.map(String.init) ?? "no message"
    throw ChapterError("\(pytorchInt8Script.path) failed (exit \(status): \(lastLine)); run with COURSE_PYTHON naming "
      + "a python that imports torch, or on a machine without it")
  }
  try recordPyTorchInt8(&chapter.metrics, result, loadAverages: [loadBefore, currentLoadAverage()],
    threads: ExecutionPolicy.threadCount, cores: ProcessInfo.processInfo.activeProcessorCount)
  let metrics = chapter.metrics
  chapter.say(String(format: "PyTorch %@ (%@): float32 %.4f, int8 %.4f", metrics.text("pytorch_torch_version"),
    metrics.text("pytorch_int8_engine"), metrics.number("pytorch_float_test_accuracy"), metrics.number("pytorch_int8_test_accuracy"))
    + [(256, ""), (1, "_batch_1")].map { batch, suffix in
      String(format: "; batch %d: %.3f ms float32, %.3f ms int8 (medians, ratio %.2f), median paired ratio %.2f (medians check %@)",
        batch, metrics.number("pytorch_float_batch_\(batch)_milliseconds"), metrics.number("pytorch_int8_batch_\(batch)_milliseconds"),
        metrics.number("pytorch_int8_ratio_of_medians\(suffix)"), metrics.number("pytorch_int8_speedup\(suffix)"),
        metrics["pytorch_int8_medians_check\(suffix)"] == .flag(true) ? "passed" : "failed")
    }.joined())
}


