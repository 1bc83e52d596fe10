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
  try recordPyTorchInt8(chapter, result, loadAverages: [loadBefore, currentLoadAverage()])
}

/// The script's figures as metrics, and the paragraph that sets them beside ours.
private func recordPyTorchInt8(_ chapter: ChapterRun, _ result: [String: Any], loadAverages: [Double]) throws {
  func number(_ path: String...) throws -> Double {
    var value: Any? = result
    for key in path { value = (value as? [String: Any])?[key] }
    guard let number = value as? Double ?? (value as? Int).map(Double.init) else {
      throw ChapterError("Scripts/pytorch-int8.py printed no '\(path.joined(separator: "."))'")
    }
    return number
  }
  let (engine, version) = (result["engine"] as? String ?? "?", result["torch_version"] as? String ?? "?")
  let engines = (result["supported_engines"] as? [String] ?? []).joined(separator: ", ")
  let (floatAccuracy, int8Accuracy) = (try number("float_test_accuracy"), try number("int8_test_accuracy"))
  chapter.metrics.record("pytorch_int8_compared", true)
  chapter.metrics.record("pytorch_torch_version", version)
  chapter.metrics.record("pytorch_int8_engine", engine)
  chapter.metrics.record("pytorch_int8_weight_scheme", result["weight_scheme"] as? String ?? "?")
  chapter.metrics.record("pytorch_float_test_accuracy", floatAccuracy)
  chapter.metrics.record("pytorch_int8_test_accuracy", int8Accuracy)
  chapter.metrics.record("pytorch_int8_accuracy_change_points", 100 * (int8Accuracy - floatAccuracy))
  chapter.metrics.record("pytorch_int8_load_average", loadAverages)
  var ours: [String] = []
  var theirs: [String] = []
  var oursZh: [String] = []
  for (batch, suffix) in [(256, ""), (1, "_batch_1")] {
    let key = "batch_\(batch)"
    let (float, int8, speedup) = (try number(key, "float_ms"), try number(key, "int8_ms"), try number(key, "speedup"))
    chapter.metrics.record("pytorch_float_batch_\(batch)_milliseconds", float)
    chapter.metrics.record("pytorch_int8_batch_\(batch)_milliseconds", int8)
    chapter.metrics.record("pytorch_int8_speedup\(suffix)", speedup)
    chapter.metrics.record("pytorch_int8_timing_repetitions\(suffix)", Int(try number(key, "repetitions")))
    // Across frameworks the passes were not paired: a ratio of medians, our int8 over PyTorch's.
    let ourInt8 = chapter.metrics.number("int8_milliseconds\(suffix)")
    chapter.metrics.record("ours_to_pytorch_int8_time\(suffix)", ourInt8 / int8)
    let digits = batch == 1 ? "%.3f" : "%.2f"
    theirs.append(String(format: "at batch %d its float32 pass takes \(digits) ms and its int8 pass \(digits) ms, %.2f× as fast "
      + "(ours: \(digits) and \(digits) ms, %.2f×; speedups are medians of paired ratios)", batch, float, int8, speedup, chapter.metrics.number("float_milliseconds\(suffix)"),
      ourInt8, chapter.metrics.number("int8_speedup\(suffix)")))
    ours.append(String(format: "at batch %d ", batch) + slowerAgainstFaster(ours: ourInt8, theirs: int8))
    oursZh.append(String(format: "批量大小为 %d 时，", batch) + slowerAgainstFaster(ours: ourInt8, theirs: int8, chinese: true))
  }
  let cores = ProcessInfo.processInfo.activeProcessorCount
  let loaded = loadAverages.max()! > Double(cores)
  let accuracies = String(format: "its float32 network scores %.4f (ours %.4f: the same weights), its int8 network %.4f "
    + "(%+.2f points; ours %+.2f)", floatAccuracy, chapter.metrics.number("float_test_accuracy"), int8Accuracy,
    100 * (int8Accuracy - floatAccuracy), chapter.metrics.number("int8_accuracy_change_points"))
  chapter.metrics.record("pytorch_int8_comparison",
    "In this run PyTorch \(version) quantized the same float32 weights (read from `model-float32.safetensors`) with its "
      + "eager-mode post-training static quantization on the \(engine) engine (this build's engines: \(engines)): conv "
      + "and linear layers fused with their "
      + "ReLU, int8 weights \(schemeWords(result["weight_scheme"] as? String)), uint8 activations calibrated by its "
      + "histogram observer on the same \(Int(chapter.metrics.number("calibration_count"))) images. On the same "
      + "\(Int(chapter.metrics.number("test_count"))) test images \(accuracies). On the same \(ExecutionPolicy.threadCount) threads, "
      + "one float32 pass and one int8 pass in turn, \(theirs.joined(separator: "; ")). Our passes were timed earlier in "
      + "the run, not in turn with PyTorch's: \(ours.joined(separator: "; "))"
      + String(format: " (the load average was %.1f before PyTorch's run and %.1f after, on %d cores", loadAverages[0],
        loadAverages[1], cores)
      + (loaded ? "; with more jobs than cores every time moves, and how much each framework loses to that this run "
        + "does not measure, so the ratios within each framework, paired, say more than those across)." : ")."))
  chapter.metrics.record("pytorch_int8_comparison@zh",
    "本次运行中，PyTorch \(version) 用它的 eager 模式训练后静态量化（引擎 \(engine)；这一版本提供的引擎：\(engines)）量化了同一组 float32 权重"
      + "（读自 `model-float32.safetensors`）：卷积层和全连接层与其 ReLU 融合，int8 权重\(schemeWords(result["weight_scheme"] as? String, chinese: true))，"
      + "uint8 激活由其直方图观测器在同样的 \(Int(chapter.metrics.number("calibration_count"))) 张图像上校准。在同样的 "
      + "\(Int(chapter.metrics.number("test_count"))) 张测试图像上，它的 float32 网络准确率为 "
      + String(format: "%.4f（我们的为 %.4f：同一组权重），int8 网络为 %.4f（%+.2f 个百分点；我们的为 %+.2f）。", floatAccuracy,
        chapter.metrics.number("float_test_accuracy"), int8Accuracy, 100 * (int8Accuracy - floatAccuracy),
        chapter.metrics.number("int8_accuracy_change_points"))
      + "在同样的 \(ExecutionPolicy.threadCount) 个线程上，float32 与 int8 轮流各跑一次前向传播："
      + String(format: "批量大小 256 时 float32 用 %.2f ms、int8 用 %.2f ms，int8 的速度是 float32 的 %.2f 倍；批量大小 1 时分别为 %.3f ms 和 %.3f ms，%.2f 倍（加速比均为成对比值的中位数）。",
        chapter.metrics.number("pytorch_float_batch_256_milliseconds"), chapter.metrics.number("pytorch_int8_batch_256_milliseconds"),
        chapter.metrics.number("pytorch_int8_speedup"), chapter.metrics.number("pytorch_float_batch_1_milliseconds"),
        chapter.metrics.number("pytorch_int8_batch_1_milliseconds"), chapter.metrics.number("pytorch_int8_speedup_batch_1"))
      + "我们的时间是在本次运行较早时测得的，并未与 PyTorch 轮流测量：" + oursZh.joined(separator: "；")
      + String(format: "（PyTorch 运行前后的负载均值为 %.1f 和 %.1f，共 %d 个核心", loadAverages[0], loadAverages[1], cores)
      + (loaded ? "；任务多于核心时每个时间都会变动，各框架受多大影响本次运行没有测量，所以框架内部成对测得的比值比跨框架的比值更可信）。" : "）。"))
  chapter.say(String(format: "PyTorch %@ (%@): float32 %.4f, int8 %.4f; batch 256: %.2f ms float32, %.2f ms int8 (%.2f×); "
    + "batch 1: %.3f ms, %.3f ms (%.2f×)", version, engine, floatAccuracy, int8Accuracy,
    chapter.metrics.number("pytorch_float_batch_256_milliseconds"), chapter.metrics.number("pytorch_int8_batch_256_milliseconds"),
    chapter.metrics.number("pytorch_int8_speedup"), chapter.metrics.number("pytorch_float_batch_1_milliseconds"),
    chapter.metrics.number("pytorch_int8_batch_1_milliseconds"), chapter.metrics.number("pytorch_int8_speedup_batch_1")))
}

/// Our int8 time against PyTorch's, said from the slower side: "PyTorch's int8 pass took 1.52 times as long as
/// ours", "our int8 pass took 3.1 times as long as PyTorch's", or "both int8 passes took about as long".
private func slowerAgainstFaster(ours: Double, theirs: Double, chinese: Bool = false) -> String {
  if abs(ours / theirs - 1) < 0.05 { return chinese ? "两者的 int8 前向传播用时大致相同" : "both int8 passes took about as long" }
  let ratio = String(format: max(ours, theirs) / min(ours, theirs) >= 10 ? "%.0f" : "%.2f", max(ours, theirs) / min(ours, theirs))
  if chinese {
    return ours > theirs ? "我们的 int8 前向传播用时是 PyTorch 的 \(ratio) 倍" : "PyTorch 的 int8 前向传播用时是我们的 \(ratio) 倍"
  }
  let (slower, faster) = ours > theirs ? ("our", "PyTorch's") : ("PyTorch's", "ours")
  return "\(slower) int8 pass took \(ratio) times as long as \(faster)"
}

/// PyTorch's name of a weight quantization scheme, in words.
private func schemeWords(_ scheme: String?, chinese: Bool = false) -> String {
  switch scheme {
  case "per_channel_affine", "per_channel_symmetric": chinese ? "按输出通道各有一个缩放因子" : "with one scale per output channel"
  case "per_tensor_affine", "per_tensor_symmetric": chinese ? "整层共用一个缩放因子" : "with one scale per layer"
  default: scheme ?? "?"
  }
}
