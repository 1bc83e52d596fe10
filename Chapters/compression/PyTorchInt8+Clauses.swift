import Foundation

/// One framework's timings at one batch size, as the paragraph states them.
struct TimingSummary {
  let floatMedian: Double, int8Median: Double
  /// The median of the paired ratios, float32 over int8.
  let speedup: Double
  /// Whether the timings pass the medians check (``PairedTimings/passesMediansCheck``).
  let passes: Bool
  /// Each network's third-quartile pass over its fastest (``PairedTimings/passSpreads``).
  var floatSpread = 1.0, int8Spread = 1.0

  var ratioOfMedians: Double { floatMedian / int8Median }
}

extension TimingSummary {
  init(_ timings: PairedTimings) {
    self.init(floatMedian: timings.floatMedian, int8Median: timings.int8Median, speedup: timings.speedup,
      passes: timings.passesMediansCheck, floatSpread: timings.passSpreads.float, int8Spread: timings.passSpreads.int8)
  }
}

/// The clauses of the PyTorch paragraph for one batch size, in both editions: a
/// ratio only where the timings it divides pass the medians check, and where
/// they do not, that they were too unsteady to compare, with the check's figures.
struct ComparisonClauses {
  let batch: Int
  let pytorch: TimingSummary, ours: TimingSummary
  /// PyTorch's timings at this batch on a single thread, where the script also took them.
  var pytorchOnOneThread: TimingSummary? = nil

  /// Milliseconds with three decimals at one image, two at a batch.
  private var digits: String { batch == 1 ? "%.3f" : "%.2f" }
  private func milliseconds(_ value: Double) -> String { String(format: digits, value) }
  private var factor: String { String(format: "%.2f", PairedTimings.mediansCheckFactor) }

  /// Why timings that fail the check are not compared: its two figures, and its name.
  private func unsteady(_ side: TimingSummary) -> String {
    guard PairedTimings.agree(ratioOfMedians: side.ratioOfMedians, medianRatio: side.speedup) else { return disagreeing(side) }
    return String(format: "its third-quartile float32 pass took %.1f times its fastest and its third-quartile int8 pass %.1f times, "
      + "more than \(steadiness), so they fail the medians check described below", side.floatSpread, side.int8Spread)
  }

  private func unsteadyInChinese(_ side: TimingSummary) -> String {
    guard PairedTimings.agree(ratioOfMedians: side.ratioOfMedians, medianRatio: side.speedup) else {
      return disagreeingInChinese(side)
    }
    return String(format: "float32 前向传播的第三四分位数用时是最快一次的 %.1f 倍，int8 的是 %.1f 倍，超过 \(steadiness) 倍，没有通过下文所说的中位数检查",
      side.floatSpread, side.int8Spread)
  }

  private var steadiness: String { String(format: "%.0f", PairedTimings.steadinessFactor) }

  private func disagreeing(_ side: TimingSummary) -> String {
    String(format: "the ratio of the medians, %.2f, and the median of the paired ratios, %.2f, differ by more than a factor of "
      + "\(factor), so they fail the medians check described below", side.ratioOfMedians, side.speedup)
  }

  private func disagreeingInChinese(_ side: TimingSummary) -> String {
    String(format: "两个中位数之比 %.2f 与成对比值的中位数 %.2f 中，较大者超过较小者的 \(factor) 倍，没有通过下文所说的中位数检查",
      side.ratioOfMedians, side.speedup)
  }

  /// PyTorch's float32 and int8 times at this batch, then ours in brackets:
  /// "at batch 256 its float32 pass takes 42.97 ms and its int8 pass 4.64 ms, 9.01× as fast (ours: …)".
  var withinFrameworks: String {
    let (float, int8) = (milliseconds(pytorch.floatMedian), milliseconds(pytorch.int8Median))
    let theirs = pytorch.passes
      ? "at batch \(batch) its float32 pass takes \(float) ms and its int8 pass \(int8) ms, "
        + String(format: "%.2f× as fast", pytorch.speedup)
      : "at batch \(batch) its median float32 pass took \(float) ms and its median int8 pass \(int8) ms, but its passes "
        + "were too unsteady to compare: \(unsteady(pytorch))"
    let oursTimes = "ours: \(milliseconds(ours.floatMedian)) and \(milliseconds(ours.int8Median)) ms, "
    let oursClause = ours.passes ? oursTimes + String(format: "%.2f×", ours.speedup)
      : oursTimes + "too unsteady to compare: \(unsteady(ours))"
    let note = pytorch.passes || ours.passes || pytorchOnOneThread?.passes == true ? "; speedups are medians of paired ratios" : ""
    return "\(theirs) (\(oursClause)\(note))" + (pytorchOnOneThread.map { oneThread in
      let (float, int8) = (milliseconds(oneThread.floatMedian), milliseconds(oneThread.int8Median))
      return oneThread.passes
        ? "; in a process of its own on a single thread, its float32 pass of one image takes \(float) ms and its int8 pass \(int8) ms, "
          + String(format: "%.2f× as fast", oneThread.speedup)
        : "; in a process of its own on a single thread, its median float32 pass of one image took \(float) ms and its median int8 pass \(int8) ms, "
          + "but these passes were too unsteady to compare: \(unsteady(oneThread))"
    } ?? "")
  }

  var withinFrameworksInChinese: String {
    let (float, int8) = (milliseconds(pytorch.floatMedian), milliseconds(pytorch.int8Median))
    let theirs = pytorch.passes
      ? "批量大小为 \(batch) 时，float32 用 \(float) ms、int8 用 \(int8) ms，" + String(format: "int8 的速度是 float32 的 %.2f 倍", pytorch.speedup)
      : "批量大小为 \(batch) 时，float32 和 int8 的中位数分别为 \(float) ms 和 \(int8) ms，但它的计时波动太大，无法比较："
        + unsteadyInChinese(pytorch)
    let oursTimes = "我们的：\(milliseconds(ours.floatMedian)) ms 和 \(milliseconds(ours.int8Median)) ms，"
    let oursClause = ours.passes ? oursTimes + String(format: "%.2f 倍", ours.speedup)
      : oursTimes + "波动太大，无法比较：\(unsteadyInChinese(ours))"
    let note = pytorch.passes || ours.passes || pytorchOnOneThread?.passes == true ? "；加速比均为成对比值的中位数" : ""
    return "\(theirs)（\(oursClause)\(note)）" + (pytorchOnOneThread.map { oneThread in
      let (float, int8) = (milliseconds(oneThread.floatMedian), milliseconds(oneThread.int8Median))
      return oneThread.passes
        ? "；在只用一个线程的单独进程中，单张图像的 float32 用 \(float) ms、int8 用 \(int8) ms，"
          + String(format: "int8 的速度是 float32 的 %.2f 倍", oneThread.speedup)
        : "；在只用一个线程的单独进程中，单张图像的 float32 和 int8 的中位数分别为 \(float) ms 和 \(int8) ms，但这些计时波动太大，无法比较："
          + unsteadyInChinese(oneThread)
    } ?? "")
  }

  /// Who failed the check, for the clause across frameworks.
  private var unsteadySides: (english: String, chinese: String) {
    switch (ours.passes, pytorch.passes) {
    case (false, false): ("both sides' timings were", "双方的计时")
    case (false, _): ("our timings were", "我们的计时")
    default: ("PyTorch's timings were", "PyTorch 的计时")
    }
  }

  /// Our int8 time against PyTorch's at this batch, or why they are not compared.
  var acrossFrameworks: String {
    guard ours.passes && pytorch.passes else {
      return "at batch \(batch) the int8 times are not compared: \(unsteadySides.english) too unsteady "
        + "(they fail the medians check described below)"
    }
    return "at batch \(batch) " + slowerAgainstFaster(ours: ours.int8Median, theirs: pytorch.int8Median)
  }

  var acrossFrameworksInChinese: String {
    guard ours.passes && pytorch.passes else {
      return "批量大小为 \(batch) 时不比较 int8 的时间：\(unsteadySides.chinese)波动太大（没有通过下文所说的中位数检查）"
    }
    return "批量大小为 \(batch) 时，" + slowerAgainstFaster(ours: ours.int8Median, theirs: pytorch.int8Median, chinese: true)
  }
}

/// Our int8 time against PyTorch's, said from the slower side: "PyTorch's int8 pass took 1.52 times as long as
/// ours", "our int8 pass took 3.1 times as long as PyTorch's", or, within the chapter's margin (``SpeedBand/margin``),
/// "both int8 passes took about as long". Medians timed at different moments move more than paired ratios, so a
/// difference the chapter would call "about as fast" for passes timed in turn is not a difference here either.
func slowerAgainstFaster(ours: Double, theirs: Double, chinese: Bool = false) -> String {
  let margin = String(format: "%.2f", SpeedBand.margin)
  if max(ours, theirs) / min(ours, theirs) < SpeedBand.margin {
    return chinese ? "两者的 int8 前向传播用时大致相同（两者之比在 \(margin) 倍以内）"
      : "both int8 passes took about as long (within a factor of \(margin) of each other)"
  }
  let ratio = String(format: max(ours, theirs) / min(ours, theirs) >= 10 ? "%.0f" : "%.2f", max(ours, theirs) / min(ours, theirs))
  if chinese {
    return ours > theirs ? "我们的 int8 前向传播用时是 PyTorch 的 \(ratio) 倍" : "PyTorch 的 int8 前向传播用时是我们的 \(ratio) 倍"
  }
  let (slower, faster) = ours > theirs ? ("our", "PyTorch's") : ("PyTorch's", "ours")
  return "\(slower) int8 pass took \(ratio) times as long as \(faster)"
}
