import CourseKit
import Foundation
import Literate
import Testing

@testable import compression

/// Chapter 8's sentences built from timings and accuracies, on synthetic numbers:
/// the medians check of paired timings, the PyTorch paragraph, the speed target
/// and the article check worded from it, and the three outcomes of distillation,
/// in both editions.
@Suite("Chapter 8 (compression): wording from synthetic runs")
struct CompressionWordingTests {
  /// Steady passes: every int8 pass about 2.5 times as fast as the float32 pass of its turn.
  static let steadyFloat = [10.0, 11.0, 10.5, 9.8, 10.2], steadyInt8 = [4.0, 4.3, 4.1, 3.9, 4.05]
  /// Passes that swing between a slow and a fast mode, as PyTorch's at one image did: the medians are 3.0 and
  /// 0.35 ms (a ratio of 8.6), but four pairs in five had int8 slower than float32 (median paired ratio 0.86).
  static let swingingFloat = [3.0, 3.0, 3.0, 0.3, 0.3], swingingInt8 = [3.5, 3.5, 0.35, 0.35, 0.35]

  @Test func steadyTimingsPassTheMediansCheckAndSwingingOnesFail() {
    let steady = PairedTimings(floatMilliseconds: Self.steadyFloat, int8Milliseconds: Self.steadyInt8)
    #expect(steady.floatMedian == 10.2 && steady.int8Median == 4.05)
    #expect(abs(steady.speedup - 10.2 / 4.05) < 0.1)
    #expect(steady.passesMediansCheck)
    let swinging = PairedTimings(floatMilliseconds: Self.swingingFloat, int8Milliseconds: Self.swingingInt8)
    #expect(abs(swinging.ratioOfMedians - 3.0 / 0.35) < 1e-9)
    #expect(abs(swinging.speedup - 3.0 / 3.5) < 1e-9)
    #expect(!swinging.passesMediansCheck)
    // Both networks interrupted alike (a batch of one on a loaded machine): the two figures agree, but
    // most passes took a hundred times the fastest, and the check fails on their spread.
    let disrupted = PairedTimings(floatMilliseconds: [0.3, 57, 60, 0.31, 55], int8Milliseconds: [0.25, 45, 50, 0.2, 44])
    #expect(PairedTimings.agree(ratioOfMedians: disrupted.ratioOfMedians, medianRatio: disrupted.speedup))
    #expect(!disrupted.passesMediansCheck)
    #expect(PairedTimings.isSteady([1, 1.9, 1.5, 1.2]) && !PairedTimings.isSteady([1, 2.1, 2.2, 0.9]))
    // Held up in four turns of five: the middle half is steady, but three quarters of the passes are far from the fastest.
    #expect(!PairedTimings.isSteady([0.3, 50, 51, 52, 50.5]))
    // The factor is a bound on either side, and a ratio that is not a number never passes.
    let factor = PairedTimings.mediansCheckFactor
    #expect(PairedTimings.agree(ratioOfMedians: 2 * factor * 0.999, medianRatio: 2))
    #expect(!PairedTimings.agree(ratioOfMedians: 2 * factor * 1.001, medianRatio: 2))
    #expect(!PairedTimings.agree(ratioOfMedians: 2 / (factor * 1.001), medianRatio: 2))
    #expect(!PairedTimings.agree(ratioOfMedians: .nan, medianRatio: 2))
  }

  @Test func timingsDisruptedOnBothSidesAreNotComparedAndTheClauseSaysWhy() {
    let disrupted = TimingSummary(PairedTimings(floatMilliseconds: [0.3, 57, 60, 0.31, 55], int8Milliseconds: [0.25, 45, 50, 0.2, 44]))
    let ours = TimingSummary(PairedTimings(floatMilliseconds: Self.steadyFloat, int8Milliseconds: Self.steadyInt8))
    let clauses = ComparisonClauses(batch: 1, pytorch: disrupted, ours: ours)
    #expect(!disrupted.passes && ours.passes)
    #expect(clauses.withinFrameworks.contains("too unsteady to compare: its third-quartile float32 pass took"))
    #expect(!clauses.withinFrameworks.contains("× as fast ("))
    #expect(clauses.withinFrameworksInChinese.contains("float32 前向传播的第三四分位数用时是最快一次的"))
    #expect(clauses.acrossFrameworks.contains("not compared"), "\(clauses.acrossFrameworks)")
  }

  /// Our figures as the quantization section records them, then PyTorch's paragraph from the script's JSON.
  private func comparison(oursSteady: [Bool], pytorchSteady: [Bool], oneThreadSteady: Bool? = nil) throws -> Metrics {
    var metrics = Metrics()
    for key in ["float_test_accuracy", "int8_accuracy_change_points", "calibration_count", "test_count"] {
      metrics.record(key, 1.0)
    }
    var result: [String: Any] = [
      "torch_version": "1.13.0", "engine": "onednn", "supported_engines": ["onednn"], "weight_scheme": "per_channel_affine",
      "float_test_accuracy": 0.9, "int8_test_accuracy": 0.9,
    ]
    for (index, (batch, suffix)) in [(256, ""), (1, "_batch_1")].enumerated() {
      let ours = oursSteady[index]
        ? PairedTimings(floatMilliseconds: Self.steadyFloat, int8Milliseconds: Self.steadyInt8.map { $0 / 2 })
        : PairedTimings(floatMilliseconds: Self.swingingFloat, int8Milliseconds: Self.swingingInt8)
      metrics.record("float_milliseconds\(suffix)", ours.floatMedian)
      metrics.record("int8_milliseconds\(suffix)", ours.int8Median)
      metrics.record("int8_speedup\(suffix)", ours.speedup)
      metrics.record("int8_medians_check\(suffix)", ours.passesMediansCheck)
      result["batch_\(batch)"] = pytorchSteady[index]
        ? ["float_times_ms": Self.steadyFloat, "int8_times_ms": Self.steadyInt8]
        : ["float_times_ms": Self.swingingFloat, "int8_times_ms": Self.swingingInt8]
    }
    if let oneThreadSteady {
      result["batch_1_one_thread"] = oneThreadSteady
        ? ["float_times_ms": Self.steadyFloat.map { $0 / 10 }, "int8_times_ms": Self.steadyInt8.map { $0 / 10 }]
        : ["float_times_ms": Self.swingingFloat, "int8_times_ms": Self.swingingInt8]
    }
    try recordPyTorchInt8(&metrics, result, loadAverages: [0.5, 0.6], threads: 2, cores: 2)
    return metrics
  }

  /// The paragraph's part about one batch size: from "at batch N" (or "批量大小为 N") to the next batch's.
  private func part(_ text: String, batch: Int, chinese: Bool = false) -> String {
    let marker = chinese ? "批量大小为 \(batch) " : "at batch \(batch) "
    return text.components(separatedBy: marker).dropFirst().map { $0.components(separatedBy: chinese ? "批量大小为" : "at batch")[0] }
      .joined(separator: " | ")
  }

  @Test func everyRatioIsStatedWhenBothSidesAreSteady() throws {
    let metrics = try comparison(oursSteady: [true, true], pytorchSteady: [true, true])
    let (english, chinese) = (metrics.text("pytorch_int8_comparison"), metrics.text("pytorch_int8_comparison@zh"))
    #expect(metrics["pytorch_int8_medians_check"] == .flag(true) && metrics["pytorch_int8_medians_check_batch_1"] == .flag(true))
    #expect(!english.contains("unsteady") && !chinese.contains("波动太大"), "\(english)\n\(chinese)")
    let speedup = String(format: "%.2f", metrics.number("pytorch_int8_speedup"))
    for batch in [256, 1] {
      #expect(part(english, batch: batch).contains("\(speedup)× as fast"), "\(english)")
      #expect(part(chinese, batch: batch, chinese: true).contains("int8 的速度是 float32 的 \(speedup) 倍"), "\(chinese)")
    }
    // Ours is twice as fast as PyTorch's int8 in both, stated across frameworks at both batch sizes.
    #expect(english.components(separatedBy: "PyTorch's int8 pass took 2.00 times as long as ours").count == 3, "\(english)")
    #expect(chinese.components(separatedBy: "PyTorch 的 int8 前向传播用时是我们的 2.00 倍").count == 3, "\(chinese)")
    #expect(metrics.number("ours_to_pytorch_int8_time_batch_1") == 0.5)
  }

  @Test func pytorchsUnsteadyBatchOfOneStatesNoRatioAndNamesTheCheck() throws {
    let metrics = try comparison(oursSteady: [true, true], pytorchSteady: [true, false])
    let (english, chinese) = (metrics.text("pytorch_int8_comparison"), metrics.text("pytorch_int8_comparison@zh"))
    #expect(metrics["pytorch_int8_medians_check"] == .flag(true) && metrics["pytorch_int8_medians_check_batch_1"] == .flag(false))
    // At 256 images everything is stated; at one image PyTorch's ratio and the ratio across frameworks are not.
    #expect(part(english, batch: 256).contains("× as fast") && !part(english, batch: 256).contains("unsteady"), "\(english)")
    let one = part(english, batch: 1), oneChinese = part(chinese, batch: 1, chinese: true)
    #expect(!one.contains("as fast") && !one.contains("times as long"), "\(one)")
    #expect(one.contains("its passes were too unsteady to compare") && one.contains("fail the medians check"), "\(one)")
    #expect(one.contains("the ratio of the medians, 8.57, and the median of the paired ratios, 0.86"), "\(one)")
    #expect(one.contains("not compared: PyTorch's timings were too unsteady"), "\(one)")
    #expect(!oneChinese.contains("int8 的速度是") && !oneChinese.contains("用时是"), "\(oneChinese)")
    #expect(oneChinese.contains("但它的计时波动太大，无法比较") && oneChinese.contains("没有通过下文所说的中位数检查"), "\(oneChinese)")
    #expect(oneChinese.contains("不比较 int8 的时间：PyTorch 的计时波动太大"), "\(oneChinese)")
    #expect(oneChinese.contains("两个中位数之比 8.57 与成对比值的中位数 0.86 中，较大者超过较小者的 1.25 倍"), "\(oneChinese)")
    // Our own ratio at one image still stands, its timings being steady.
    #expect(one.contains(String(format: "ours: %.3f and %.3f ms, %.2f×", metrics.number("float_milliseconds_batch_1"),
      metrics.number("int8_milliseconds_batch_1"), metrics.number("int8_speedup_batch_1"))), "\(one)")
    #expect(metrics["ours_to_pytorch_int8_time_batch_1"] == nil && metrics["ours_to_pytorch_int8_time"] != nil)
  }

  @Test func ourUnsteadyTimingsStateNeitherOurRatioNorTheOneAcross() throws {
    let metrics = try comparison(oursSteady: [false, true], pytorchSteady: [true, true])
    let (english, chinese) = (metrics.text("pytorch_int8_comparison"), metrics.text("pytorch_int8_comparison@zh"))
    let batch256 = part(english, batch: 256), batch256Chinese = part(chinese, batch: 256, chinese: true)
    #expect(batch256.contains("× as fast (ours: 3.00 and 0.35 ms, too unsteady to compare"), "\(batch256)")
    #expect(batch256.contains("not compared: our timings were too unsteady") && !batch256.contains("times as long"), "\(batch256)")
    #expect(batch256Chinese.contains("我们的：3.00 ms 和 0.35 ms，波动太大，无法比较"), "\(batch256Chinese)")
    #expect(batch256Chinese.contains("不比较 int8 的时间：我们的计时波动太大"), "\(batch256Chinese)")
    #expect(part(english, batch: 1).contains("times as long") && !part(english, batch: 1).contains("unsteady"))
    // Both sides unsteady: no speedup at all, so no note that speedups are medians of paired ratios.
    let both = try comparison(oursSteady: [false, false], pytorchSteady: [false, false])
    let (bothEnglish, bothChinese) = (both.text("pytorch_int8_comparison"), both.text("pytorch_int8_comparison@zh"))
    #expect(!bothEnglish.contains("as fast") && !bothEnglish.contains("times as long") && !bothEnglish.contains("speedups are"))
    #expect(bothEnglish.components(separatedBy: "both sides' timings were too unsteady").count == 3, "\(bothEnglish)")
    #expect(!bothChinese.contains("用时是") && !bothChinese.contains("加速比") && bothChinese.contains("双方的计时波动太大"))
  }

  @Test func pytorchOnOneThreadIsStatedOnlyWhenSteadyToo() throws {
    let steady = try comparison(oursSteady: [true, true], pytorchSteady: [true, false], oneThreadSteady: true)
    let (english, chinese) = (steady.text("pytorch_int8_comparison"), steady.text("pytorch_int8_comparison@zh"))
    #expect(steady["pytorch_int8_medians_check_batch_1_one_thread"] == .flag(true))
    #expect(part(english, batch: 1).contains("in a process of its own on a single thread, its float32 pass of one image takes 1.020 ms and its int8 pass "
      + String(format: "0.405 ms, %.2f× as fast", steady.number("pytorch_int8_speedup_batch_1_one_thread"))), "\(english)")
    #expect(part(chinese, batch: 1, chinese: true).contains("在只用一个线程的单独进程中，单张图像的 float32 用 1.020 ms、int8 用 0.405 ms，int8 的速度是"))
    let unsteady = try comparison(oursSteady: [true, true], pytorchSteady: [true, true], oneThreadSteady: false)
    let one = part(unsteady.text("pytorch_int8_comparison"), batch: 1)
    #expect(unsteady["pytorch_int8_medians_check_batch_1_one_thread"] == .flag(false))
    #expect(one.contains("in a process of its own on a single thread, its median float32 pass of one image took 3.000 ms and its median int8 pass 0.350 ms, "
      + "but these passes were too unsteady to compare: the ratio of the medians, 8.57"), "\(one)")
    #expect(part(unsteady.text("pytorch_int8_comparison@zh"), batch: 1, chinese: true).contains("在只用一个线程的单独进程中，单张图像的 float32 和 int8 的中位数分别为 3.000 ms 和 0.350 ms，但这些计时波动太大"))
    // Without the single-thread timings (one thread asked for), the paragraph has no such clause.
    #expect(!(try comparison(oursSteady: [true, true], pytorchSteady: [true, true])).text("pytorch_int8_comparison").contains("single thread"))
  }

  @Test func theScriptsTimesMustPairUp() throws {
    var metrics = Metrics()
    let result: [String: Any] = [
      "float_test_accuracy": 0.9, "int8_test_accuracy": 0.9,
      "batch_256": ["float_times_ms": [1.0, 2.0], "int8_times_ms": [1.0]], "batch_1": ["float_times_ms": [1.0], "int8_times_ms": [1.0]],
    ]
    #expect(throws: ChapterError.self) { try recordPyTorchInt8(&metrics, result, loadAverages: [0, 0], threads: 2, cores: 2) }
  }

  /// Distillation's verdicts from five seeds of synthetic accuracies: labels, then distilled.
  private func distillation(labels: [Double], distilled: [Double]) -> Metrics {
    var metrics = Metrics()
    recordDistillationResults(&metrics, labels: labels, distilled: distilled)
    recordDistillationConclusions(&metrics)
    return metrics
  }

  @Test func distillationAheadBehindOrWithinTheSeedSpreadIsWordedAsSuch() {
    let labels = [0.850, 0.852, 0.851, 0.849, 0.853]  // a range of 0.4 points
    let ahead = distillation(labels: labels, distilled: labels.map { $0 + 0.01 })
    #expect(ahead.text("article_check_distillation") == "ahead by more than the seed spread")
    #expect(ahead.text("article_check_distillation@zh") == "领先，且领先幅度超过随机种子间的波动")
    #expect(ahead.text("article_check_distillation_verdict") == "holds here" && ahead.text("article_check_distillation_verdict@zh") == "在这里成立")
    #expect(ahead.text("distillation_conclusion").contains("distillation helped this student by more than the seeds move it"))
    #expect(ahead.text("distillation_conclusion@zh").contains("蒸馏对这个学生模型的帮助超过了随机种子带来的变化"))
    #expect(ahead.text("distillation_gain_against_spread") == "beyond" && ahead.text("distillation_sign_pattern") == "every seed moves the same way")

    let behind = distillation(labels: labels, distilled: labels.map { $0 - 0.01 })
    #expect(behind["distillation_loss_exceeds_spread"] == .flag(true) && behind["distillation_gain_exceeds_spread"] == .flag(false))
    #expect(behind.text("article_check_distillation") == "behind by more than the seed spread")
    #expect(behind.text("article_check_distillation@zh") == "落后，且落后幅度超过随机种子间的波动")
    #expect(behind.text("article_check_distillation_verdict") == "does not hold here")
    #expect(behind.text("article_check_distillation_verdict@zh") == "在这里不成立")
    #expect(behind.text("distillation_conclusion").contains("distillation hurt this student by more than the seeds move it"))
    #expect(behind.text("distillation_conclusion@zh").contains("蒸馏让这个学生模型变差，差距超过了随机种子带来的变化"))
    #expect(behind.text("article_check_distillation_conclusion@zh").contains("反而让小模型不如只靠自己训练的结果"))
    #expect(behind.text("distillation_gain_against_spread@zh") == "超出")

    // Half a range behind, the sign changing: nothing told apart from the seed.
    let within = distillation(labels: labels, distilled: [0.851, 0.849, 0.850, 0.850, 0.852])
    #expect(within["distillation_loss_exceeds_spread"] == .flag(false) && within["distillation_gain_exceeds_spread"] == .flag(false))
    #expect(within.text("article_check_distillation") == "behind, but by less than the seed spread" && within.text("article_check_distillation@zh") == "落后，但落后幅度小于随机种子间的波动")
    #expect(within.text("article_check_distillation_verdict") == "not shown here")
    #expect(within.text("article_check_distillation_verdict@zh") == "在这里没有得到证实")
    #expect(within.text("distillation_conclusion").contains("does not tell an effect of distillation on this student apart"))
    #expect(within.text("distillation_conclusion@zh").contains("无法把蒸馏对这个学生模型的作用与随机种子带来的变化区分开"))
    #expect(within.text("distillation_sign_pattern") == "the sign changes from seed to seed")
    // Ahead within the spread says so.
    let slightlyAhead = distillation(labels: labels, distilled: labels.map { $0 + 0.001 })
    #expect(slightlyAhead.text("article_check_distillation") == "ahead, but by less than the seed spread")
    #expect(slightlyAhead.text("article_check_distillation_verdict") == "not shown here")
  }

  /// The speed target, the Speed part's sentences and the article check's speed verdicts from synthetic metrics: our
  /// int8 speedup at a batch of 256 and at one image, whether their timings passed the medians check (absent: not
  /// recorded), the scalar kernel's slowdown, and the pruned networks' speedups (unpruned over pruned) and checks; each
  /// comparison's ratio of the medians equals its median paired ratio unless `ratiosOfMedians` names it by its
  /// speedup's key. By default the integer instructions are far faster than the scalar reference and only removing
  /// whole filters made the network faster. `vectorKernel` false: the best kernel is the scalar reference.
  private func speedVerdicts(
    speedup: Double, steady: Bool?, speedupOnOne: Double = 1.5, steadyOnOne: Bool? = true, scalarSlowdown: Double = 20,
    scalarSteady: Bool? = true, sparseSpeedup: Double = 1.0, sparseSteady: Bool? = true, structuredSpeedup: Double = 1.8,
    structuredSteady: Bool? = true, ratiosOfMedians: [String: Double] = [:], vectorKernel: Bool = true
  ) -> Metrics {
    var metrics = Metrics()
    let comparisons: [(SpeedKeys, Double, Bool?)] = [(.int8(), speedup, steady), (.int8(suffix: "_batch_1"), speedupOnOne, steadyOnOne),
      (.integerInstructions, scalarSlowdown, scalarSteady), (.sparse, sparseSpeedup, sparseSteady),
      (.structured, structuredSpeedup, structuredSteady)]
    for (keys, figure, passed) in comparisons {
      metrics.record(keys.speedup, figure)
      metrics.record(keys.ratioOfMedians, ratiosOfMedians[keys.speedup] ?? figure)
      if let passed { metrics.record(keys.check, passed) }
    }
    for (key, value) in [("int8_accuracy_change_points", 0.1), ("int8_size_ratio", 0.26), ("pruned_90_drop_points", 0.5)] {
      metrics.record(key, value)
    }
    metrics.record(int8VectorKernelKey, vectorKernel)
    recordSpeedVerdicts(&metrics)
    recordTargets(&metrics)
    return metrics
  }

  @Test func steadyTimingsJudgeTheInt8SpeedupInBothEditions() {
    let twice = speedVerdicts(speedup: 2.5, steady: true)
    #expect(twice.text("target_int8_speedup") == "met" && twice.text("target_int8_speedup@zh") == "已达到")
    #expect(twice.text("article_check_int8_faster") == "faster" && twice.text("article_check_int8_faster@zh") == "确实变快了")
    #expect(twice.text("article_check_faster_inference") == "holds here")
    #expect(twice.text("article_check_faster_inference@zh") == "在这里成立")
    #expect(twice.text("article_check_compression_verdict") == "holds for size; for speed, for int8 and for removing whole filters, not for zeroing single weights on dense kernels")
    #expect(twice.text("article_check_compression_verdict@zh") == "就规模而言成立；就速度而言，对 int8 和去掉整个滤波器成立，对在稠密内核上把单个权重置零不成立")
    let faster = speedVerdicts(speedup: 1.5, steady: true)
    #expect(faster.text("target_int8_speedup") == "missed" && faster.text("target_int8_speedup@zh") == "未达到")
    #expect(faster.text("article_check_int8_faster") == "faster")
    let slower = speedVerdicts(speedup: 0.9, steady: true)
    #expect(slower.text("article_check_int8_faster") == "slower than float32" && slower.text("article_check_int8_faster@zh") == "反而比 float32 慢")
    #expect(slower.text("article_check_faster_inference") == "not shown here")
    #expect(slower.text("article_check_faster_inference@zh") == "在这里没有得到证实")
    // Not faster: neither claim's verdict says int8 made it faster.
    #expect(twice.text("article_check_resources_verdict") == "holds, with the same condition")
    #expect(twice.text("article_check_resources_verdict@zh") == "成立，条件同上")
    #expect(slower.text("article_check_compression_verdict") == "holds for size; for speed, int8 was slower than float32 "
      + "in this run, and of the two pruning methods, only removing whole filters made the network faster")
    #expect(slower.text("article_check_compression_verdict@zh")
      == "就规模而言成立；就速度而言，int8 在本次运行中反而比 float32 慢；在两种剪枝方法里，只有去掉整个滤波器才让网络变快")
    #expect(slower.text("article_check_resources_verdict")
      == "holds for storage, and for computation where pruning removes work; int8 was slower than float32 in this run")
    #expect(slower.text("article_check_resources_verdict@zh") == "就存储而言成立，就计算而言在剪枝去掉计算量的地方成立；int8 在本次运行中反而比 float32 慢")
  }

  /// A ratio within the margin either way is neither faster nor slower: one run's ratios are not exact, so int8 at
  /// 1.05 or 0.95 times float32's speed is about as fast as it.
  @Test func int8WithinTheMarginIsAboutAsFastInBothEditions() {
    #expect(SpeedBand.margin == 1.1)
    for speedup in [1.05, 0.95, 1.09] {
      let metrics = speedVerdicts(speedup: speedup, steady: true)
      #expect(metrics.text("article_check_int8_faster") == "about as fast as float32", "\(speedup)")
      #expect(metrics.text("article_check_int8_faster@zh") == "与 float32 大致一样快", "\(speedup)")
      #expect(metrics.text("article_check_faster_inference") == "not shown here", "\(speedup)")
      #expect(metrics.text("article_check_compression_verdict") == "holds for size; for speed, int8 was about as fast as "
        + "float32 in this run, and of the two pruning methods, only removing whole filters made the network faster", "\(speedup)")
      #expect(metrics.text("article_check_resources_verdict@zh").hasSuffix("int8 在本次运行中与 float32 大致一样快"), "\(speedup)")
      #expect(metrics.text("int8_speed_by_batch").hasPrefix(
        "at a batch of 256 our timings passed the medians check, and int8 was about as fast as float32;"), "\(speedup)")
    }
    // The bands' edges: a factor of the margin either way counts.
    #expect(speedVerdicts(speedup: 1.1, steady: true).text("article_check_int8_faster") == "faster")
    #expect(speedVerdicts(speedup: 1 / 1.1, steady: true).text("article_check_int8_faster") == "slower than float32")
    #expect(SpeedBand(ratio: 1.1) == .faster)
    #expect(SpeedBand(ratio: 1.0999) == .aboutAsFast)
    #expect(SpeedBand(ratio: 1 / 1.0999) == .aboutAsFast)
    #expect(SpeedBand(speedup: 3, ratioOfMedians: 3, passesMediansCheck: false) == .unsteady)
    #expect(SpeedBand(ratio: .nan) == .unsteady && SpeedBand(speedup: 3, ratioOfMedians: .nan, passesMediansCheck: true) == .unsteady)
  }

  /// The Speed part states whether our own timings passed the medians check at each batch size, and what int8's
  /// speed was only where they did; the comparison of the two sizes only where both did.
  @Test func theSpeedPartStatesOurMediansCheckAtEachBatchSize() {
    let both = speedVerdicts(speedup: 2.5, steady: true, speedupOnOne: 1.5, steadyOnOne: true)
    #expect(both.text("int8_speed_by_batch") == "at a batch of 256 our timings passed the medians check, and int8 was "
      + "faster than float32; on one image our timings passed the medians check, and int8 was faster than float32")
    #expect(both.text("int8_speed_by_batch@zh") == "批量大小为 256 时，我们的计时通过了中位数检查，int8 比 float32 快；"
      + "单张图像时，我们的计时通过了中位数检查，int8 比 float32 快")
    let unsteadyOne = speedVerdicts(speedup: 2.5, steady: true, speedupOnOne: 0.5, steadyOnOne: false)
    #expect(unsteadyOne.text("int8_speed_by_batch").hasSuffix(
      "; on one image our timings failed the medians check, so their ratio is no speedup to state"))
    #expect(unsteadyOne.text("int8_speed_by_batch@zh").hasSuffix("；单张图像时，我们的计时没有通过中位数检查，这个比值不能算作加速比"))
    let unrecorded = speedVerdicts(speedup: 2.5, steady: nil, speedupOnOne: 0.8, steadyOnOne: true)
    #expect(unrecorded.text("int8_speed_by_batch") == "at a batch of 256 our timings failed the medians check, so their ratio "
      + "is no speedup to state; on one image our timings passed the medians check, and int8 was slower than float32")
  }

  @Test func theOneImageRatioIsComparedWithTheBatchsOnlyWhereBothPassed() {
    let smaller = speedVerdicts(speedup: 2.5, steady: true, speedupOnOne: 1.5)
    // The factor found, not the margin it passed; a possible cause paid per pass, not per image (a cost per image
    // weighs the same at both sizes and cannot make the ratios differ).
    #expect(smaller.text("int8_batch_comparison") == "In this run the ratio was smaller for one image than for 256: the "
      + "ratio for 256 was 1.67 times the one for one image (beyond the margin of 1.10). Why, this run does not measure; one "
      + "possible cause is the costs every pass pays once, however many images it holds (handing the work to the threads, "
      + "setting up each layer), which weigh far more on a pass of one image and which the integer instructions do not "
      + "shrink", "\(smaller.text("int8_batch_comparison"))")
    #expect(smaller.text("int8_batch_comparison@zh") == "本次运行中，256 张时的比值是单张图像时的 1.67 倍（超出 1.10 的界限）。"
      + "本次运行没有测量其原因；一种可能是每次前向传播无论含多少张图像都要付一次的开销（把工作分给线程、为每一层做准备），"
      + "这些开销在单张图像的前向传播中占比大得多，而整数指令并不会缩小它们")
    #expect(!smaller.text("int8_batch_comparison").contains("or more") && !smaller.text("int8_batch_comparison").contains("input"))
    let larger = speedVerdicts(speedup: 1.5, steady: true, speedupOnOne: 2.5)
    #expect(larger.text("int8_batch_comparison") == "In this run the ratio was larger for one image than for 256: the ratio "
      + "for one image was 1.67 times the one for 256 (beyond the margin of 1.10); why, this run does not measure")
    #expect(larger.text("int8_batch_comparison@zh") == "本次运行中，单张图像时的比值是 256 张时的 1.67 倍（超出 1.10 的界限）；本次运行没有测量其原因")
    let same = speedVerdicts(speedup: 2.5, steady: true, speedupOnOne: 2.4)
    #expect(same.text("int8_batch_comparison") == "In this run the ratio was about the same for one image as for 256: the "
      + "two are within a factor of 1.10 of each other")
    #expect(same.text("int8_batch_comparison@zh") == "本次运行中，单张图像时的比值与 256 张时大致相同：两者之比在 1.10 倍以内")
    // A smaller ratio whose timings failed the check is not called smaller; the sentence says which size failed.
    for (steady, steadyOnOne, which, whichInChinese) in [
      (true, false, "on one image", "单张图像时"), (false, true, "at a batch of 256", "批量大小为 256 时"),
      (false, false, "at both sizes", "两种批量大小下"),
    ] as [(Bool, Bool, String, String)] {
      let metrics = speedVerdicts(speedup: 2.5, steady: steady, speedupOnOne: 1.5, steadyOnOne: steadyOnOne)
      #expect(metrics.text("int8_batch_comparison") == "How the ratio for one image compares with 256's, this run cannot "
        + "say: our timings \(which) failed the medians check")
      #expect(metrics.text("int8_batch_comparison@zh") == "单张图像时的比值与 256 张时相比如何，本次运行无法判断：\(whichInChinese)我们的计时没有通过中位数检查")
    }
  }

  /// The integer instructions against the scalar reference: a median paired ratio, judged under the medians check
  /// and the margin like int8 against float32; the last claim holds only where both were faster.
  @Test func theIntegerInstructionsAreJudgedUnderTheMediansCheck() {
    let faster = speedVerdicts(speedup: 2.5, steady: true)
    #expect(faster.text("int8_scalar_verdict") == "the integer instructions do their part")
    #expect(faster.text("int8_scalar_verdict@zh") == "整数指令发挥了作用")
    let unsteady = speedVerdicts(speedup: 2.5, steady: true, scalarSteady: false)
    #expect(unsteady.text("int8_scalar_verdict") == "too unsteadily timed to say whether the integer instructions do their "
      + "part (these passes fail the medians check)")
    #expect(unsteady.text("int8_scalar_verdict@zh") == "计时波动太大，无法判断整数指令是否发挥了作用（这些前向传播没有通过中位数检查）")
    #expect(unsteady.text("article_check_faster_inference") == "too unsteadily timed to judge here")
    #expect(speedVerdicts(speedup: 2.5, steady: true, scalarSteady: nil).text("article_check_faster_inference") == "too unsteadily timed to judge here")
    let level = speedVerdicts(speedup: 2.5, steady: true, scalarSlowdown: 1.05)
    #expect(level.text("int8_scalar_verdict") == "in this run the integer instructions were about as fast as the scalar reference")
    #expect(level.text("int8_scalar_verdict@zh") == "本次运行中，整数指令与标量参考实现大致一样快")
    #expect(level.text("article_check_faster_inference") == "not shown here")
    let slower = speedVerdicts(speedup: 2.5, steady: true, scalarSlowdown: 0.5)
    #expect(slower.text("int8_scalar_verdict") == "in this run the integer instructions were slower than the scalar reference")
    #expect(slower.text("int8_scalar_verdict@zh") == "本次运行中，整数指令反而比标量参考实现慢")
    // A processor without AVX2 runs the scalar reference as its best kernel: nothing was compared with it.
    let scalarOnly = speedVerdicts(speedup: 2.5, steady: true, scalarSlowdown: 1, vectorKernel: false)
    #expect(scalarOnly.text("int8_scalar_verdict") == "this processor has no AVX2, so its best kernel is the scalar reference "
      + "itself, timed against itself; no integer instructions were tested")
    #expect(scalarOnly.text("int8_scalar_verdict@zh")
      == "这台处理器没有 AVX2，所以最佳内核就是标量参考实现本身，等于拿它和自己比；并没有测试任何整数指令")
    #expect(scalarOnly.text("article_check_faster_inference") == "not tested here")
    #expect(scalarOnly.text("article_check_faster_inference@zh") == "在这里没有得到检验")
    // Without AVX2 the hardware half is untested, but int8 measured not faster than float32 still fails the claim.
    for speedup in [1.0, 0.5] {
      let notFaster = speedVerdicts(speedup: speedup, steady: true, scalarSlowdown: 1, vectorKernel: false)
      #expect(notFaster.text("article_check_faster_inference") == "not shown here", "\(speedup)")
      #expect(notFaster.text("article_check_faster_inference@zh") == "在这里没有得到证实", "\(speedup)")
    }
    #expect(speedVerdicts(speedup: 2.5, steady: false, scalarSlowdown: 1, vectorKernel: false)
      .text("article_check_faster_inference") == "not tested here")
  }

  /// The pruned networks' speed is judged as int8's: under the medians check and the margin. The sentence that
  /// only removing whole filters made the network faster stands only where the run showed it.
  @Test func thePrunedNetworksSpeedIsAVerdictFromTheRun() {
    let expected = speedVerdicts(speedup: 2.5, steady: true, sparseSpeedup: 1 / 0.97, structuredSpeedup: 1.8)
    #expect(expected.text("pruning_speed_verdict") == "of the two pruning methods, only removing whole filters made the network faster")
    #expect(expected.text("pruning_speed_verdict@zh") == "在两种剪枝方法里，只有去掉整个滤波器才让网络变快")
    #expect(expected.text("article_check_sparse_faster") == "about as fast as the unpruned network")
    #expect(expected.text("article_check_sparse_faster@zh") == "与未剪枝的网络大致一样快")
    #expect(expected.text("structured_speed") == "faster in this run")
    #expect(expected.text("structured_speed@zh") == "本次运行中更快")
    // A sparse speedup of 1.05 is within the margin; 1.25 is beyond it, faster.
    #expect(speedVerdicts(speedup: 2.5, steady: true, sparseSpeedup: 1.05).text("article_check_sparse_faster") == "about as fast as the unpruned network")
    let bothFaster = speedVerdicts(speedup: 2.5, steady: true, sparseSpeedup: 1.25, structuredSpeedup: 1.8)
    #expect(bothFaster.text("article_check_sparse_faster") == "faster than the unpruned network, although those kernels do "
      + "the same multiply-adds: why, this run does not measure")
    #expect(bothFaster.text("article_check_sparse_faster@zh") == "比未剪枝的网络快，尽管这些内核照样做了全部乘加；为什么会这样，本次运行没有测量")
    #expect(bothFaster.text("pruning_speed_verdict") == "the network with half its filters was faster than the unpruned "
      + "network, and the 90 % sparse one was faster than the unpruned network")
    #expect(bothFaster.text("pruning_speed_verdict@zh") == "去掉一半滤波器的网络比未剪枝的网络快；90% 稀疏的网络比未剪枝的网络快")
    // Neither claim's verdict says pruning sped the network up only where it reached the work.
    #expect(bothFaster.text("article_check_compression_verdict") == "holds for size; for speed, int8 was faster in this run; "
      + "the network with half its filters was faster than the unpruned network, and the 90 % sparse one was faster than the "
      + "unpruned network")
    #expect(bothFaster.text("article_check_compression_verdict@zh") == "就规模而言成立；就速度而言，int8 在本次运行中确实变快了；"
      + "去掉一半滤波器的网络比未剪枝的网络快；90% 稀疏的网络比未剪枝的网络快")
    #expect(bothFaster.text("article_check_resources_verdict") == "holds for storage, and for computation where pruning removes "
      + "work; int8 was faster in this run")
    // Timings that fail the check, or were not checked, are not judged, whatever their ratio.
    for (sparseSteady, structuredSteady) in [(false, true), (nil, true), (true, false), (true, nil)] as [(Bool?, Bool?)] {
      let metrics = speedVerdicts(speedup: 2.5, steady: true, sparseSpeedup: 1.0, sparseSteady: sparseSteady,
        structuredSpeedup: 1.8, structuredSteady: structuredSteady)
      let label = "sparse \(String(describing: sparseSteady)), structured \(String(describing: structuredSteady))"
      #expect(!metrics.text("pruning_speed_verdict").contains("only removing whole filters"), "\(label)")
      #expect(metrics.text("pruning_speed_verdict").contains("too unsteadily timed to judge, the timings failing the medians check"), "\(label)")
      #expect(metrics.text("pruning_speed_verdict@zh").contains("计时没有通过中位数检查，无法判断"), "\(label)")
      #expect(metrics.text("article_check_compression_verdict").hasPrefix("holds for size; for speed, int8 was faster in this run; "), "\(label)")
      #expect(metrics.text("article_check_resources_verdict") != "holds, with the same condition", "\(label)")
    }
    let unsteadySparse = speedVerdicts(speedup: 2.5, steady: true, sparseSpeedup: 2, sparseSteady: false)
    #expect(unsteadySparse.text("article_check_sparse_faster") == "too unsteadily timed to judge, the timings failing the medians check described above")
    #expect(unsteadySparse.text("article_check_sparse_faster@zh") == "计时没有通过上文所说的中位数检查，无法判断")
    let unsteadyFilters = speedVerdicts(speedup: 2.5, steady: true, structuredSteady: false)
    #expect(unsteadyFilters.text("structured_speed") == "too unsteadily timed to judge, the timings failing the medians check")
  }

  /// Timings that fail the medians check (or were never checked) measure no per-pass cost: whatever their median
  /// paired ratio, neither the target nor the article check is met, missed, faster or slower; they say why.
  @Test func unsteadyTimingsLeaveTheInt8SpeedupUnjudgedInBothEditions() {
    let judgments = ["met", "missed", "faster", "about as fast as float32", "slower than float32", "holds here", "not shown here",
      "已达到", "未达到", "确实变快了", "与 float32 大致一样快", "反而比 float32 慢", "在这里成立", "在这里没有得到证实"]
    for (speedup, steady) in [(0.9, false), (1.5, false), (2.5, false), (2.5, nil)] as [(Double, Bool?)] {
      let metrics = speedVerdicts(speedup: speedup, steady: steady)
      let label = "speedup \(speedup), check \(steady.map(String.init) ?? "absent")"
      #expect(metrics.text("target_int8_speedup")
        == "not judged, the timing being too unsteady (our passes fail the medians check described below)", "\(label)")
      #expect(metrics.text("target_int8_speedup@zh") == "无法判断，因为计时波动太大（我们的前向传播没有通过下文所说的中位数检查）", "\(label)")
      #expect(metrics.text("article_check_int8_faster")
        == "too unsteadily timed to judge (its passes fail the medians check described above)", "\(label)")
      #expect(metrics.text("article_check_int8_faster@zh") == "但计时波动太大，无法判断是否更快（没有通过上文所说的中位数检查）", "\(label)")
      #expect(metrics.text("article_check_faster_inference") == "too unsteadily timed to judge here", "\(label)")
      #expect(metrics.text("article_check_faster_inference@zh") == "计时波动太大，在这里无法判断", "\(label)")
      #expect(metrics.text("article_check_compression_verdict") == "holds for size; for speed, int8's timing was too unsteady "
        + "to judge, and of the two pruning methods, only removing whole filters made the network faster", "\(label)")
      #expect(metrics.text("article_check_compression_verdict@zh")
        == "就规模而言成立；就速度而言，int8 的计时波动太大，无法判断；在两种剪枝方法里，只有去掉整个滤波器才让网络变快", "\(label)")
      #expect(metrics.text("article_check_resources_verdict")
        == "holds for storage, and for computation where pruning removes work; int8's timing was too unsteady to judge", "\(label)")
      for key in ["target_int8_speedup", "article_check_int8_faster", "article_check_faster_inference"] {
        for edition in [key, key + "@zh"] { #expect(!judgments.contains(metrics.text(edition)), "\(edition): \(label)") }
      }
      // The other targets do not rest on the timing.
      #expect(metrics.text("target_int8_size") == "met" && metrics.text("target_int8_accuracy") == "met")
    }
    // Integer instructions no faster than the scalar reference fail the claim whatever the speedup's timing.
    let noHardware = speedVerdicts(speedup: 2.5, steady: false, scalarSlowdown: 0.8)
    #expect(noHardware.text("article_check_faster_inference") == "not shown here")
  }

  /// One comparison in each band: its figure (both the median paired ratio and the ratio of the medians) and whether
  /// its timings passed the medians check.
  private static let bands: [(band: SpeedBand, figure: Double, steady: Bool)] =
    [(.faster, 2, true), (.aboutAsFast, 1, true), (.slower, 0.5, true), (.unsteady, 2, false)]

  /// A band against the unpruned network, after "was", in both editions.
  private func againstUnpruned(_ band: SpeedBand) -> (String, String) {
    switch band {
    case .faster: ("faster than the unpruned network", "比未剪枝的网络快")
    case .aboutAsFast: ("about as fast as the unpruned network", "与未剪枝的网络大致一样快")
    case .slower: ("slower than the unpruned network", "比未剪枝的网络慢")
    case .unsteady: ("too unsteadily timed to judge, the timings failing the medians check", "计时没有通过中位数检查，无法判断")
    }
  }

  /// A band after "was" in a sentence that has named the unpruned network already, in both editions.
  private func withoutObject(_ band: SpeedBand) -> (String, String) {
    switch band {
    case .faster: ("faster", "更快")
    case .aboutAsFast: ("about as fast", "大致一样快")
    case .slower: ("slower", "更慢")
    case .unsteady: againstUnpruned(band)
    }
  }

  /// int8 at a batch of 256 and on one image, each in every band: the Speed part's sentence, the first two claims'
  /// int8 phrase and their verdicts with pruning as expected and not, all in both editions.
  @Test func everyBandOfInt8IsWordedInBothEditions() {
    func clause(_ band: SpeedBand, _ size: String, _ sizeInChinese: String) -> (String, String) {
      let words: (String, String) = switch band {
      case .faster: ("faster than float32", "比 float32 快")
      case .aboutAsFast: ("about as fast as float32", "与 float32 大致一样快")
      case .slower: ("slower than float32", "比 float32 慢")
      case .unsteady: ("", "")
      }
      return band == .unsteady
        ? ("\(size) our timings failed the medians check, so their ratio is no speedup to state",
          "\(sizeInChinese)，我们的计时没有通过中位数检查，这个比值不能算作加速比")
        : ("\(size) our timings passed the medians check, and int8 was \(words.0)", "\(sizeInChinese)，我们的计时通过了中位数检查，int8 \(words.1)")
    }
    let phrases: [(String, String)] = [("faster", "确实变快了"), ("about as fast as float32", "与 float32 大致一样快"),
      ("slower than float32", "反而比 float32 慢"),
      ("too unsteadily timed to judge (its passes fail the medians check described above)", "但计时波动太大，无法判断是否更快（没有通过上文所说的中位数检查）")]
    let int8Speeds: [(String, String)] = [("int8 was faster in this run", "int8 在本次运行中确实变快了"),
      ("int8 was about as fast as float32 in this run", "int8 在本次运行中与 float32 大致一样快"),
      ("int8 was slower than float32 in this run", "int8 在本次运行中反而比 float32 慢"),
      ("int8's timing was too unsteady to judge", "int8 的计时波动太大，无法判断")]
    for (index, atBatch) in Self.bands.enumerated() {
      for onOne in Self.bands {
        let metrics = speedVerdicts(speedup: atBatch.figure, steady: atBatch.steady, speedupOnOne: onOne.figure, steadyOnOne: onOne.steady)
        let label = "\(atBatch.band) at 256, \(onOne.band) on one image"
        let (first, second) = (clause(atBatch.band, "at a batch of 256", "批量大小为 256 时"), clause(onOne.band, "on one image", "单张图像时"))
        #expect(metrics.text("int8_speed_by_batch") == "\(first.0); \(second.0)", "\(label)")
        #expect(metrics.text("int8_speed_by_batch@zh") == "\(first.1)；\(second.1)", "\(label)")
        #expect(metrics.text("article_check_int8_faster") == phrases[index].0, "\(label)")
        #expect(metrics.text("article_check_int8_faster@zh") == phrases[index].1, "\(label)")
      }
      // Pruning as expected (only the thinner network faster), then not (the thinner network slower).
      let expected = speedVerdicts(speedup: atBatch.figure, steady: atBatch.steady)
      let unexpected = speedVerdicts(speedup: atBatch.figure, steady: atBatch.steady, structuredSpeedup: 0.5)
      let (speed, speedInChinese) = int8Speeds[index]
      if atBatch.band == .faster {
        #expect(expected.text("article_check_compression_verdict") == "holds for size; for speed, for int8 and for removing whole filters, not for zeroing single weights on dense kernels")
        #expect(expected.text("article_check_compression_verdict@zh") == "就规模而言成立；就速度而言，对 int8 和去掉整个滤波器成立，对在稠密内核上把单个权重置零不成立")
        #expect(expected.text("article_check_resources_verdict") == "holds, with the same condition")
      } else {
        #expect(expected.text("article_check_compression_verdict")
          == "holds for size; for speed, \(speed), and of the two pruning methods, only removing whole filters made the network faster", "\(atBatch.band)")
        #expect(expected.text("article_check_compression_verdict@zh")
          == "就规模而言成立；就速度而言，\(speedInChinese)；在两种剪枝方法里，只有去掉整个滤波器才让网络变快", "\(atBatch.band)")
        #expect(expected.text("article_check_resources_verdict") == "holds for storage, and for computation where pruning removes work; \(speed)")
      }
      #expect(unexpected.text("article_check_compression_verdict") == "holds for size; for speed, \(speed); the network with half "
        + "its filters was slower than the unpruned network, and the 90 % sparse one was about as fast as the unpruned network",
        "\(atBatch.band)")
      #expect(unexpected.text("article_check_compression_verdict@zh") == "就规模而言成立；就速度而言，\(speedInChinese)；"
        + "去掉一半滤波器的网络比未剪枝的网络慢；90% 稀疏的网络与未剪枝的网络大致一样快", "\(atBatch.band)")
      #expect(unexpected.text("article_check_resources_verdict") == "holds for storage, and for computation where pruning removes work; \(speed)")
      #expect(unexpected.text("article_check_resources_verdict@zh") == "就存储而言成立，就计算而言在剪枝去掉计算量的地方成立；\(speedInChinese)")
    }
  }

  /// The thinner network in every band, the sparse one about as fast: only a faster thinner network is the one that
  /// "made the network faster"; every other band is stated as such, in both editions.
  @Test func everyBandOfTheThinnerNetworkIsWordedInBothEditions() {
    let only = ("of the two pruning methods, only removing whole filters made the network faster", "在两种剪枝方法里，只有去掉整个滤波器才让网络变快")
    for (band, figure, steady) in Self.bands {
      let metrics = speedVerdicts(speedup: 2.5, steady: true, structuredSpeedup: figure, structuredSteady: steady)
      let (words, wordsInChinese) = againstUnpruned(band)
      // The sentence has named the unpruned network already.
      let (alone, aloneInChinese) = withoutObject(band)
      #expect(metrics.text("structured_speed") == (band == .unsteady ? alone : alone + " in this run"), "\(band)")
      #expect(metrics.text("structured_speed@zh") == (band == .unsteady ? aloneInChinese : "本次运行中" + aloneInChinese), "\(band)")
      // Each clause names the network it compares with.
      let sparseWords = ("about as fast as the unpruned network", "与未剪枝的网络大致一样快")
      let verdict = band == .faster ? only : ("the network with half its filters was \(words), and the 90 % sparse one was "
        + sparseWords.0, "去掉一半滤波器的网络\(wordsInChinese)；90% 稀疏的网络" + sparseWords.1)
      #expect(metrics.text("pruning_speed_verdict") == verdict.0, "\(band)")
      #expect(metrics.text("pruning_speed_verdict@zh") == verdict.1, "\(band)")
      let inArticle = band == .faster ? only : ("the network with half its filters was \(words)", "去掉一半滤波器的网络\(wordsInChinese)")
      #expect(metrics.text("article_check_pruning_speed") == inArticle.0, "\(band)")
      #expect(metrics.text("article_check_pruning_speed@zh") == inArticle.1, "\(band)")
    }
  }

  /// The sparse network in every band, the thinner one faster: "only removing whole filters" stands where the sparse
  /// network was about as fast or slower, not where it was faster or unjudged.
  @Test func everyBandOfTheSparseNetworkIsWordedInBothEditions() {
    let only = ("of the two pruning methods, only removing whole filters made the network faster", "在两种剪枝方法里，只有去掉整个滤波器才让网络变快")
    for (band, figure, steady) in Self.bands {
      let metrics = speedVerdicts(speedup: 2.5, steady: true, sparseSpeedup: figure, sparseSteady: steady)
      let (words, wordsInChinese) = againstUnpruned(band)
      let inArticle: (String, String) = switch band {
      case .faster: ("faster than the unpruned network, although those kernels do the same multiply-adds: why, this run does not "
          + "measure", "比未剪枝的网络快，尽管这些内核照样做了全部乘加；为什么会这样，本次运行没有测量")
      case .unsteady: ("too unsteadily timed to judge, the timings failing the medians check described above",
        "计时没有通过上文所说的中位数检查，无法判断")
      default: (words, wordsInChinese)
      }
      #expect(metrics.text("article_check_sparse_faster") == inArticle.0, "\(band)")
      #expect(metrics.text("article_check_sparse_faster@zh") == inArticle.1, "\(band)")
      let asExpected = band == .aboutAsFast || band == .slower
      let verdict = asExpected ? only : ("the network with half its filters was faster than the unpruned network, and the 90 % "
        + "sparse one was \(words)", "去掉一半滤波器的网络比未剪枝的网络快；90% 稀疏的网络\(wordsInChinese)")
      #expect(metrics.text("pruning_speed_verdict") == verdict.0, "\(band)")
      #expect(metrics.text("pruning_speed_verdict@zh") == verdict.1, "\(band)")
      let pruningInArticle = asExpected ? only : ("the network with half its filters was faster than the unpruned network", "去掉一半滤波器的网络比未剪枝的网络快")
      #expect(metrics.text("article_check_pruning_speed") == pruningInArticle.0, "\(band)")
      #expect(metrics.text("article_check_pruning_speed@zh") == pruningInArticle.1, "\(band)")
      #expect(metrics.text("article_check_compression_verdict").hasPrefix(
        asExpected ? "holds for size; for speed, for int8 and for removing" : "holds for size; for speed, int8 was faster in this run; "), "\(band)")
    }
  }

  /// The last claim from the integer instructions and int8, each in every band: either half measured not faster fails
  /// it, whatever the other's timing; it holds only where both were faster.
  @Test func theLastClaimsVerdictForEveryPairOfBands() {
    for hardware in Self.bands {
      for int8 in Self.bands {
        let metrics = speedVerdicts(speedup: int8.figure, steady: int8.steady, scalarSlowdown: hardware.figure, scalarSteady: hardware.steady)
        let both = [hardware.band, int8.band]
        let expected = both.contains(.aboutAsFast) || both.contains(.slower) ? ("not shown here", "在这里没有得到证实")
          : both.contains(.unsteady) ? ("too unsteadily timed to judge here", "计时波动太大，在这里无法判断") : ("holds here", "在这里成立")
        #expect(metrics.text("article_check_faster_inference") == expected.0, "integer instructions \(hardware.band), int8 \(int8.band)")
        #expect(metrics.text("article_check_faster_inference@zh") == expected.1, "integer instructions \(hardware.band), int8 \(int8.band)")
      }
    }
  }

  /// The medians check lets its two figures differ by up to 1.25, more than the margin: a band beyond the margin needs
  /// both, so "faster" never stands beside medians that say slower, and the target needs both at 2 or more.
  @Test func aBandBeyondTheMarginNeedsBothFiguresBeyondIt() {
    // Passes that pass the check with a median paired ratio of 1.11 and medians of 10.00 and 10.50 ms.
    var metrics = Metrics()
    let paired = recordInt8Timings(&metrics, float: [10, 10, 12, 9, 9], best: [9, 9, 10.5, 12, 12], scalar: nil, suffix: "")
    #expect(paired.passesMediansCheck && paired.speedup >= SpeedBand.margin && paired.floatMedian < paired.int8Median)
    #expect(SpeedBand.int8(metrics) == .aboutAsFast)
    #expect(SpeedBand(speedup: 1.1, ratioOfMedians: 0.905, passesMediansCheck: true) == .aboutAsFast)
    #expect(SpeedBand(speedup: 0.8, ratioOfMedians: 0.95, passesMediansCheck: true) == .aboutAsFast)
    #expect(SpeedBand(speedup: 0.95, ratioOfMedians: 0.8, passesMediansCheck: true) == .aboutAsFast)
    #expect(SpeedBand(speedup: 0.8, ratioOfMedians: 0.85, passesMediansCheck: true) == .slower)
    #expect(SpeedBand(speedup: 1.15, ratioOfMedians: 1.2, passesMediansCheck: true) == .faster)
    let split = speedVerdicts(speedup: 1.11, steady: true, ratiosOfMedians: ["int8_speedup": 0.95])
    #expect(split.text("article_check_int8_faster") == "about as fast as float32")
    #expect(split.text("int8_speed_by_batch").hasPrefix("at a batch of 256 our timings passed the medians check, and int8 was about as fast as float32;"))
    let target = speedVerdicts(speedup: 2.1, steady: true, ratiosOfMedians: ["int8_speedup": 1.9])
    #expect(target.text("target_int8_speedup") == "missed" && target.text("article_check_int8_faster") == "faster")
    #expect(speedVerdicts(speedup: 2.1, steady: true, ratiosOfMedians: ["int8_speedup": 2]).text("target_int8_speedup") == "met")
    // The same for the pruned networks: a thinner network at 1.2 pass for pass whose medians say 1.05 is not faster.
    let thinner = speedVerdicts(speedup: 2.5, steady: true, ratiosOfMedians: ["structured_speedup": 1.05])
    #expect(thinner.text("structured_speed") == "about as fast in this run")
  }

  /// The sections record their timings under the names the verdicts read, each the way up the text says: driven with
  /// synthetic passes, every comparison here steady and twice as fast (the scalar reference 20 times as slow).
  @Test func theSectionsRecordTheirTimingsUnderTheNamesTheVerdictsRead() {
    let reference = [10.0, 10.4, 9.8, 10.1, 10.2], half = [5.0, 5.2, 4.9, 5.05, 5.1]
    var metrics = Metrics()
    recordInt8Timings(&metrics, float: reference, best: half, scalar: nil, suffix: "")
    recordInt8Timings(&metrics, float: reference, best: half, scalar: half.map { $0 * 20 }, suffix: "_batch_1")
    recordSparseTimings(&metrics, dense: reference, sparse: half)
    recordStructuredTimings(&metrics, full: reference, thinner: half)
    recordSpeedVerdicts(&metrics)
    #expect(metrics.text("int8_speed_by_batch") == "at a batch of 256 our timings passed the medians check, and int8 was faster "
      + "than float32; on one image our timings passed the medians check, and int8 was faster than float32")
    #expect(metrics.text("int8_scalar_verdict") == "the integer instructions do their part")
    #expect(metrics.text("article_check_sparse_faster").hasPrefix("faster than the unpruned network"))
    #expect(metrics.text("structured_speed") == "faster in this run")
    // The figures the text cites, under the names it cites them by.
    for key in ["int8_speedup", "int8_ratio_of_medians", "int8_speedup_batch_1", "sparse_90_speedup", "structured_speedup"] {
      #expect(abs(metrics.number(key) - 2) < 1e-9, "\(key): \(metrics.number(key))")
    }
    #expect(abs(metrics.number("int8_scalar_slowdown_batch_1") - 20) < 1e-9)
    #expect(metrics.number("dense_forward_milliseconds") == 10.1 && metrics.number("sparse_90_forward_milliseconds") == 5.05)
    #expect(metrics.number("full_forward_milliseconds") == 10.1 && metrics.number("structured_forward_milliseconds") == 5.05)
    #expect(abs(metrics.number("int8_scalar_milliseconds_batch_1") - 101) < 1e-9 && metrics.number("int8_milliseconds_batch_1") == 5.05)
    // Pruned passes twice as long are slower: a recorder that swapped its sides would call them faster.
    var swapped = Metrics()
    recordSparseTimings(&swapped, dense: half, sparse: reference)
    recordStructuredTimings(&swapped, full: half, thinner: reference)
    #expect(SpeedBand.sparse(swapped) == .slower && SpeedBand.structured(swapped) == .slower)
  }

  /// The paragraph of chapter 8's text (`chapter.zh.md` for `chinese`) that holds `marker`, on one line, with every
  /// placeholder whose value `metrics` holds filled as the site fills it (Literate's `MetricsFile`, the Chinese twin
  /// on a Chinese page).
  private func paragraph(holding marker: String, _ metrics: Metrics, chinese: Bool = false) throws -> String {
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: package.appendingPathComponent("Chapters/compression/chapter\(chinese ? ".zh" : "").md"), encoding: .utf8)
    let paragraph = try #require(text.components(separatedBy: "\n\n").first { $0.contains(marker) }, "no paragraph holds \(marker)")
    let file = try MetricsFile(json: metrics.compactJSON)
    var filled = paragraph
    for reference in ChapterDirectives.metricReferences(in: paragraph) {
      let key = chinese && file.hasChineseTwin(of: reference.key) ? Translation.chineseKey(reference.key) : reference.key
      if let value = file.formatted(key, format: reference.format, wording: chinese ? .chinese : .english) {
        filled = filled.replacingOccurrences(of: reference.placeholder, with: value)
      }
    }
    return filled.replacingOccurrences(of: "\n", with: " ")
  }

  /// Whether `text` has a bracket inside a bracket, or one straight after another ("(…) (…)", "）（").
  private func hasNestedOrStackedBrackets(_ text: String) -> Bool {
    var (depth, closedJustNow) = (0, false)
    for character in text {
      switch character {
      case "(", "（":
        if depth > 0 || closedJustNow { return true }
        depth += 1
      case ")", "）":
        depth -= 1
        closedJustNow = true
        continue
      case " ": continue
      default: break
      }
      closedJustNow = false
    }
    return false
  }

  /// The article check's first two claims and the Speed part's sentences rendered in their templates, on branches
  /// that the runs so far did not take: no bracket in a bracket or after one, no double colon, "on one image" once.
  @Test func unexpectedBranchesReadWellInTheirTemplateSentences() throws {
    var metrics = speedVerdicts(speedup: 2.5, steady: false, scalarSlowdown: 1.02, sparseSpeedup: 2, sparseSteady: false,
      structuredSpeedup: 0.5)
    metrics.record("int8_scalar_milliseconds_batch_1", 0.5)
    metrics.record("int8_best_kernel", english: "AVX2", chinese: "AVX2")
    metrics.record("int8_kernels_agree", true)
    metrics.record("int8_kernels_agree_images", 64)
    let first = try paragraph(holding: "{{metric:article_check_sparse_faster}}", metrics)
    #expect(first.contains("Faster: int8 inference (median paired ratio, float32 over int8: 2.50 at a batch of 256) is too "
      + "unsteadily timed to judge (its passes fail the medians check described above), and on a CPU's dense kernels the 90 % "
      + "sparse network (median paired ratio, unpruned over sparse: 2.00) is too unsteadily timed to judge, the timings failing "
      + "the medians check described above; in this run, the network with half its filters was slower than the unpruned "
      + "network (median paired ratio, unpruned over thinner: 0.50). "), "\(first)")
    let firstChinese = try paragraph(holding: "{{metric:article_check_sparse_faster}}", metrics, chinese: true)
    #expect(firstChinese.contains("更快：int8 推理（inference）在批量大小为 256 时，float32 与 int8 之比的成对比值中位数为 2.50，"
      + "但计时波动太大，无法判断是否更快（没有通过上文所说的中位数检查）；在 CPU 的稠密内核上，90% 稀疏的网络（"
      + "未剪枝网络除以稀疏网络的成对比值，其中位数为 2.00）计时没有通过上文所说的中位数检查，无法判断；"
      + "本次运行中，去掉一半滤波器的网络比未剪枝的网络慢（未剪枝网络除以变窄网络的成对比值，其中位数为 0.50）。"), "\(firstChinese)")
    let resources = try paragraph(holding: "{{metric:article_check_resources_verdict}}", metrics)
    #expect(resources.contains("multiply-adds per image in integers and is too unsteadily timed to judge (its passes fail the "
      + "medians check described above); the structured"), "\(resources)")
    let target = try paragraph(holding: "{{metric:target_int8_speedup}}", metrics)
    #expect(target.contains("the target, int8 twice as fast as float32 by both: not judged, the timing being too unsteady "
      + "(our passes fail the medians check described below). "), "\(target)")
    let scalar = try paragraph(holding: "{{metric:int8_batch_comparison}}", metrics)
    #expect(scalar.contains("On one image the scalar reference took 0.500 ms and, pass for pass, 1.0 times as long as the best "
      + "kernel (median paired ratio): in this run the integer instructions were about as fast as the scalar reference."), "\(scalar)")
    let last = try paragraph(holding: "{{metric:article_check_faster_inference}}", metrics)
    #expect(last.contains("(AVX2) running the same int8 network, pass for pass (median paired ratio; every kernel gave the "
      + "same logits on the 64 test images checked: true): in this run the integer instructions were about as fast as the scalar reference. "), "\(last)")
    let lastChinese = try paragraph(holding: "{{metric:article_check_faster_inference}}", metrics, chinese: true)
    #expect(lastChinese.contains("（成对比值的中位数；在核对的 64 张测试图像上，每个内核给出的 logits 都相同：是）：本次运行中，整数指令与标量参考实现大致一样快。"), "\(lastChinese)")
    for text in [first, firstChinese, resources, target, scalar, last, lastChinese] {
      #expect(!hasNestedOrStackedBrackets(text), "\(text)")
      #expect(!text.contains(": not judged:") && !text.contains("：无法判断："), "\(text)")
      let sentence = text.components(separatedBy: "scalar reference took").dropFirst().first?.components(separatedBy: ". ").first ?? ""
      #expect(!sentence.contains("on one image") && !sentence.contains("在单张图像上"), "\(sentence)")
    }
    #expect(hasNestedOrStackedBrackets("a (b (c)) d") && hasNestedOrStackedBrackets("a（b）（c）") && !hasNestedOrStackedBrackets("a (b), c (d)"))
  }

  /// Across frameworks the int8 medians are unpaired: "about as long" is the chapter's margin, not a few percent.
  @Test func acrossFrameworksAboutAsLongIsWithinTheMargin() {
    #expect(slowerAgainstFaster(ours: 1.06, theirs: 1) == "both int8 passes took about as long (within a factor of 1.10 of each other)")
    #expect(slowerAgainstFaster(ours: 1, theirs: 1.06, chinese: true) == "两者的 int8 前向传播用时大致相同（两者之比在 1.10 倍以内）")
    #expect(slowerAgainstFaster(ours: 1.1, theirs: 1) == "our int8 pass took 1.10 times as long as PyTorch's")
    #expect(slowerAgainstFaster(ours: 1, theirs: 1.5, chinese: true) == "PyTorch 的 int8 前向传播用时是我们的 1.50 倍")
  }

  /// The table's middle half of the paired ratios has as many ratios outside it on each side: with a quick run's four
  /// passes, the middle two, not the second and the largest; the full run's counts keep the quartiles they had.
  @Test func theMiddleHalfHasAsManyRatiosOnEachSide() {
    #expect(PairedTimings(floatMilliseconds: [1, 2, 3, 4], int8Milliseconds: [1, 1, 1, 1]).quartiles == [2, 3])
    #expect(PairedTimings(floatMilliseconds: [1, 2, 3, 4, 5], int8Milliseconds: [1, 1, 1, 1, 1]).quartiles == [2, 4])
    #expect([35, 251, 21, 7].map(PairedTimings.thirdQuartileIndex) == [26, 188, 15, 5])
    // Three passes in four within the factor of the fastest is steady, the fourth however slow.
    #expect(PairedTimings.isSteady([1, 1.5, 1.9, 50]))
  }
}
