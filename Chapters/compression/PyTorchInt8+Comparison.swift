import CourseKit
import Foundation

/// The script's figures as metrics, and the paragraph that sets them beside ours.
///
/// `result` is the script's JSON: accuracies, and for `batch_256` and `batch_1`
/// the milliseconds of each float32 pass and of the int8 pass of its turn. Every
/// ratio of the paragraph (PyTorch's speedup, ours, ours against PyTorch's) is
/// stated only where the timings it divides pass the medians check (see
/// ``PairedTimings``); elsewhere the clause says they were too unsteady to compare.
func recordPyTorchInt8(_ metrics: inout Metrics, _ result: [String: Any], loadAverages: [Double], threads: Int, cores: Int) throws {
  func value(_ path: [String]) -> Any? {
    path.reduce(result as Any?) { ($0 as? [String: Any])?[$1] }
  }
  // JSON numbers may come back as Double or as Int (a whole number of milliseconds).
  func asNumber(_ found: Any?) -> Double? { found as? Double ?? (found as? Int).map(Double.init) }
  func number(_ path: String...) throws -> Double {
    guard let number = asNumber(value(path)) else {
      throw ChapterError("Scripts/pytorch-int8.py printed no '\(path.joined(separator: "."))'")
    }
    return number
  }
  func timings(_ key: String) throws -> PairedTimings {
    let lists = ["float_times_ms", "int8_times_ms"].map { name in
      (value([key, name]) as? [Any] ?? []).map { asNumber($0) ?? .nan }
    }
    let (float, int8) = (lists[0], lists[1])
    guard !float.isEmpty, float.count == int8.count, (float + int8).allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw ChapterError("Scripts/pytorch-int8.py printed \(float.count) float32 and \(int8.count) int8 times for '\(key)'; "
        + "it must print as many of each, at least one, all positive")
    }
    return PairedTimings(floatMilliseconds: float, int8Milliseconds: int8)
  }
  /// PyTorch's timings under `name` ("batch_256"): medians, the paired ratios and the verdict of the medians check.
  func record(_ timings: PairedTimings, _ name: String, suffix: String) {
    metrics.record("pytorch_float_\(name)_milliseconds", timings.floatMedian)
    metrics.record("pytorch_int8_\(name)_milliseconds", timings.int8Median)
    metrics.record("pytorch_int8_speedup\(suffix)", timings.speedup)
    metrics.record("pytorch_int8_speedup_quartiles\(suffix)", timings.quartiles)
    metrics.record("pytorch_int8_ratio_of_medians\(suffix)", timings.ratioOfMedians)
    metrics.record("pytorch_int8_medians_check\(suffix)", timings.passesMediansCheck)
    metrics.record("pytorch_int8_timing_repetitions\(suffix)", timings.floatMilliseconds.count)
  }
  let (engine, version) = (result["engine"] as? String ?? "?", result["torch_version"] as? String ?? "?")
  let engineNames = result["supported_engines"] as? [String] ?? []
  let engines = engineNames.joined(separator: ", ")
  let scheme = result["weight_scheme"] as? String
  let (floatAccuracy, int8Accuracy) = (try number("float_test_accuracy"), try number("int8_test_accuracy"))
  metrics.record("pytorch_int8_compared", true)
  metrics.record("pytorch_torch_version", version)
  metrics.record("pytorch_int8_engine", engine)
  metrics.record("pytorch_int8_weight_scheme", scheme ?? "?")
  metrics.record("pytorch_float_test_accuracy", floatAccuracy)
  metrics.record("pytorch_int8_test_accuracy", int8Accuracy)
  metrics.record("pytorch_int8_accuracy_change_points", 100 * (int8Accuracy - floatAccuracy))
  metrics.record("pytorch_int8_load_average", loadAverages)
  var (theirs, theirsZh, across, acrossZh): ([String], [String], [String], [String]) = ([], [], [], [])
  for (batch, suffix) in [(256, ""), (1, "_batch_1")] {
    let pytorch = try timings("batch_\(batch)")
    record(pytorch, "batch_\(batch)", suffix: suffix)
    // Ours as timed earlier in the run: its medians, its median paired ratio and its verdict.
    let ours = TimingSummary(floatMedian: metrics.number("float_milliseconds\(suffix)"),
      int8Median: metrics.number("int8_milliseconds\(suffix)"), speedup: metrics.number(SpeedKeys.int8(suffix: suffix).speedup),
      passes: metrics[SpeedKeys.int8(suffix: suffix).check] == .flag(true),
      floatSpread: metrics.numbers("int8_pass_spreads\(suffix)").first ?? .nan,
      int8Spread: metrics.numbers("int8_pass_spreads\(suffix)").last ?? .nan)
    let theirsSummary = TimingSummary(pytorch)
    // At one image the script also times PyTorch on a single thread (when it was given more than one).
    var oneThread: TimingSummary?
    if batch == 1, value(["batch_1_one_thread"]) != nil {
      let timings = try timings("batch_1_one_thread")
      record(timings, "batch_1_one_thread", suffix: "_batch_1_one_thread")
      oneThread = TimingSummary(timings)
    }
    let clauses = ComparisonClauses(batch: batch, pytorch: theirsSummary, ours: ours, pytorchOnOneThread: oneThread)
    theirs.append(clauses.withinFrameworks)
    theirsZh.append(clauses.withinFrameworksInChinese)
    across.append(clauses.acrossFrameworks)
    acrossZh.append(clauses.acrossFrameworksInChinese)
    // Across frameworks the passes were not paired: a ratio of medians, our int8 over PyTorch's, where both are steady.
    if ours.passes && theirsSummary.passes {
      metrics.record("ours_to_pytorch_int8_time\(suffix)", ours.int8Median / pytorch.int8Median)
    }
  }
  let loaded = (loadAverages.max() ?? 0) > Double(cores)
  let (calibrationCount, testCount) = (Int(metrics.number("calibration_count")), Int(metrics.number("test_count")))
  let (oursFloat, oursChange) = (metrics.number("float_test_accuracy"), metrics.number("int8_accuracy_change_points"))
  let accuracies = String(format: "its float32 network scores %.4f (ours %.4f: the same weights), its int8 network %.4f "
    + "(%+.2f points; ours %+.2f)", floatAccuracy, oursFloat, int8Accuracy, 100 * (int8Accuracy - floatAccuracy), oursChange)
  metrics.record("pytorch_int8_comparison",
    "In this run PyTorch \(version) quantized the same float32 weights (read from `model-float32.safetensors`) with its "
      + "eager-mode post-training static quantization on the \(engine) engine (this build's engines: \(engines)): conv "
      + "and linear layers fused with their ReLU, int8 weights \(schemeWords(scheme)), uint8 activations calibrated by its "
      + "histogram observer on the same \(calibrationCount) images. On the same \(testCount) test images \(accuracies). "
      + "On the same \(threads) threads, one float32 pass and one int8 pass in turn, \(theirs.joined(separator: "; ")). "
      + "Our passes were timed earlier in the run, not in turn with PyTorch's: \(across.joined(separator: "; "))"
      + String(format: " (the load average was %.1f before PyTorch's run and %.1f after, on %d cores", loadAverages[0],
        loadAverages[1], cores)
      + (loaded ? "; with more jobs than cores every time moves, and how much each framework loses to that this run "
        + "does not measure, so the ratios within each framework, paired, say more than those across)." : ")."))
  metrics.record("pytorch_int8_comparison@zh",
    "本次运行中，PyTorch \(version) 用它的 eager 模式训练后静态量化（引擎 \(engine)；这一版本提供的引擎：\(engineNames.joined(separator: "、"))）量化了同一组 float32 权重"
      + "（读自 `model-float32.safetensors`）：卷积层和全连接层与其 ReLU 融合，int8 权重\(schemeWords(scheme, chinese: true))，"
      + "uint8 激活由其直方图观测器在同样的 \(calibrationCount) 张图像上校准。在同样的 \(testCount) 张测试图像上，它的 float32 网络准确率为 "
      + String(format: "%.4f（我们的为 %.4f：同一组权重），int8 网络为 %.4f（%+.2f 个百分点；我们的为 %+.2f）。", floatAccuracy,
        oursFloat, int8Accuracy, 100 * (int8Accuracy - floatAccuracy), oursChange)
      + "在同样的 \(threads) 个线程上，float32 与 int8 轮流各跑一次前向传播：\(theirsZh.joined(separator: "；"))。"
      + "我们的时间是在本次运行较早时测得的，并未与 PyTorch 轮流测量：" + acrossZh.joined(separator: "；")
      + String(format: "（PyTorch 运行前后的平均负载为 %.1f 和 %.1f，共 %d 个核心", loadAverages[0], loadAverages[1], cores)
      + (loaded ? "；任务多于核心时每个时间都会变动，各框架受多大影响本次运行没有测量，所以框架内部成对测得的比值比跨框架的比值更可信）。" : "）。"))
}

extension Metrics {
  /// The text recorded under `key`, or "?" if there is none.
  func text(_ key: String) -> String {
    guard case .text(let value)? = self[key] else { return "?" }
    return value
  }
}

/// PyTorch's name of a weight quantization scheme, in words.
private func schemeWords(_ scheme: String?, chinese: Bool = false) -> String {
  switch scheme {
  case "per_channel_affine", "per_channel_symmetric": chinese ? "按输出通道各有一个缩放因子" : "with one scale per output channel"
  case "per_tensor_affine", "per_tensor_symmetric": chinese ? "整层共用一个缩放因子" : "with one scale per layer"
  default: scheme ?? "?"
  }
}
