import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

/// What the cache's context rule costs: the validation bits per character at
/// every context length and each rule's mean over the lengths it predicts
/// from (the time each rule takes to generate is chapter 9's to measure).
///
/// A window starting at every offset of the validation text predicts each
/// byte once from each context length 1 ... 64 (position p of a window sees
/// p + 1 bytes), so one pass gives the whole curve. A rule that keeps K bytes
/// on restart predicts from lengths K, K + 1, …, 64 in turn, equally often,
/// so its bits per character are the curve's mean over those lengths; the
/// rule is also evaluated directly, as generation reads it, for a check.
func studyContextRules(_ chapter: ChapterRun, model: CharacterTransformer, text: FortunesText) throws {
  chapter.section("What the cache's context rule costs")
  let (ids, length) = (text.validation.ids, text.validation.length)
  // A window at every offset costs 64 passes per window of the usual evaluation: the first 16,384 offsets.
  let offsets = min(chapter.isQuick ? 128 : 16_384, ids.count - length)
  let byLength = withoutGradient { meanPositionLosses(model, ids: ids, starts: Array(0..<offsets), length: length) }
    .map { bitsPerCharacter(fromNats: $0) }
  chapter.metrics.record("context_offsets", offsets)
  chapter.metrics.record("bpc_by_context_length", byLength)

  let keptCounts = [1, 8, 16, 24, 32, 40, 48, 56, 64]
  func ruleBitsPerCharacter(kept: Int) -> Double {
    let used = byLength[(kept - 1)...]
    return used.reduce(0, +) / Double(used.count)
  }
  // What each rule costs in time is measured by the engine chapter (chapter 9), on the machine it meets.
  let ruleBits = keptCounts.map(ruleBitsPerCharacter(kept:))
  chapter.metrics.record("context_kept", keptCounts)
  chapter.metrics.record("context_kept_bpc", ruleBits)
  for (kept, bits) in zip(keptCounts, ruleBits) {
    chapter.say(String(format: "keep %2d on restart: %.4f bits per character", kept, bits))
  }

  let (sliding, restart) = (byLength[length - 1], ruleBitsPerCharacter(kept: keptOnRestart))
  let direct = withoutGradient { directRuleBitsPerCharacter(model, ids: ids, offsets: offsets, length: length) }
  chapter.metrics.record("sliding_window_bpc", sliding)
  chapter.metrics.record("restart_rule_bpc", restart)
  chapter.metrics.record("restart_rule_bpc_direct", direct)
  chapter.metrics.record("restart_rule_bpc_cost", restart - sliding)
  // For the text, which cannot know the sign: "the restart rule scores better than the sliding window, by …";
  // in Chinese the comparing verb between the two, "重启规则的得分优于滑动窗口".
  chapter.metrics.record(
    "restart_rule_scores", english: restart < sliding ? "better than" : restart > sliding ? "worse than" : "the same as",
    chinese: restart < sliding ? "优于" : restart > sliding ? "不如" : "等同于")
  chapter.metrics.record("restart_rule_bpc_difference", abs(restart - sliding))
  chapter.say(String(
    format: "over the first %d validation offsets: %.4f bits per character from 64 bytes (sliding), %.4f keeping %d "
      + "(%.4f read directly), a cost of %.4f", offsets, sliding, restart, keptOnRestart, direct, restart - sliding))

  // The whole curve, then from 8 bytes on, where the rules differ by hundredths of a bit.
  let lengths = Array(1...length)
  let panels = [(1, "Bits per character by context"), (8, "From 8 bytes of context on")].map { first, title in
    Panel(
      title: title, xLabel: "bytes of context (or kept on restart)", yLabel: "validation bits per character",
      legend: .topRight,
      series: [
        .line(x: lengths[(first - 1)...], y: byLength[(first - 1)...], title: "predicting from exactly this many bytes"),
        .line(
          x: keptCounts.filter { $0 >= first }, y: zip(keptCounts, ruleBits).filter { $0.0 >= first }.map(\.1),
          title: "restart rule keeping this many (its mean)", dashed: true),
      ])
  }
  try chapter.save(Figure(title: "What a shorter context costs", panels: panels), as: "context-length")
}

/// The mean negative log-likelihood (nats) of each position's target over
/// the windows of `length` ids starting at `starts`, `chunkSize` at a time.
private func meanPositionLosses(
  _ model: CharacterTransformer, ids: [Int], starts: [Int], length: Int, chunkSize: Int = 256
) -> [Double] {
  var nats = [Double](repeating: 0, count: length)
  for chunkStart in stride(from: 0, to: starts.count, by: chunkSize) {
    let chunk = starts[chunkStart..<min(chunkStart + chunkSize, starts.count)]
    let inputs = chunk.flatMap { ids[$0..<($0 + length)] }
    let logProbabilities = model(ids: inputs, shape: [chunk.count, length]).logSoftmax().scalars
    let vocabulary = logProbabilities.count / inputs.count
    for (window, start) in chunk.enumerated() {
      for position in 0..<length {
        let row = window * length + position
        nats[position] -= Double(logProbabilities[row * vocabulary + ids[start + position + 1]])
      }
    }
  }
  return nats.map { $0 / Double(starts.count) }
}

/// The restart rule read as generation reads it: windows `65 − kept` bytes
/// apart over the same offsets, each scoring only its positions `kept − 1`
/// … 63 (contexts of `kept` to 64 bytes).
private func directRuleBitsPerCharacter(_ model: CharacterTransformer, ids: [Int], offsets: Int, length: Int) -> Double {
  let scored = length + 1 - keptOnRestart
  let starts = Array(stride(from: 0, to: offsets, by: scored))
  let losses = meanPositionLosses(model, ids: ids, starts: starts, length: length)[(keptOnRestart - 1)...]
  return bitsPerCharacter(fromNats: losses.reduce(0, +) / Double(scored))
}
