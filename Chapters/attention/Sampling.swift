import Autograd
import CourseKit
import Foundation

/// How many bytes a full window restarts from when generating: its last half.
///
/// Chosen by measuring (``studyContextRules(_:model:text:)``; figure
/// `context-length`). The bits per character the model scores fall steeply
/// over the first few bytes of context and are nearly flat beyond 32, so
/// predicting from 32 to 64 bytes instead of always 64 costs little (the
/// metric `restart_rule_bpc_cost`), while the generation time falls with the
/// bytes kept: each restart re-reads them in one batched pass, once every
/// 65 − kept bytes. Keeping 48 would halve the quality cost but restart
/// twice as often; keeping 64 is the sliding window, a full pass per byte.
let keptOnRestart = 32

/// Section 7: samples at three temperatures from the cached generation; its
/// time for 500 bytes against the uncached one's, and the check that both
/// sample the same bytes from the same logits.
func sampleText(_ chapter: ChapterRun, model: CharacterTransformer, text: FortunesText) {
  chapter.section("Samples")
  let prompt = text.corpus.encode([UInt8(ascii: "\n")]) ?? [0]
  // --quick generates enough to cross a restart too: from a one-byte prompt the window fills after 63 bytes.
  let count = chapter.isQuick ? 100 : 500
  let rule = ContextRule(windowLength: text.train.length, keptOnRestart: keptOnRestart)
  var entries: [(String, MetricValue)] = []
  for (name, temperature) in [("t0_5", 0.5), ("t1_0", 1.0), ("t1_5", 1.5)] {
    let ids = generate(
      model, prompt: prompt, count: count, rule: rule, temperature: temperature,
      random: RandomGenerator(seed: chapter.seed &+ 11))
    let sample = printable(text.corpus.decode(ids.prefix(240)))
    entries.append((name, .text(sample)))
    chapter.say("temperature \(temperature): \(sample)")
  }
  chapter.metrics.record("samples", MetricValue.object(entries))
  chapter.metrics.record("generation_kept_on_restart", keptOnRestart)

  let repetitions = chapter.isQuick ? 1 : 5
  func timeGeneration(cached: Bool) -> Double {
    medianSeconds(repetitions: repetitions) {
      _ = generate(
        model, prompt: prompt, count: count, rule: rule, temperature: 1, random: RandomGenerator(seed: chapter.seed &+ 11),
        cached: cached)
    }
  }
  let (cachedSeconds, uncachedSeconds) = (timeGeneration(cached: true), timeGeneration(cached: false))
  chapter.metrics.record("generation_bytes", count)
  chapter.metrics.record("generation_seconds", cachedSeconds)
  chapter.metrics.record("generation_microseconds_per_byte", cachedSeconds / Double(count) * 1e6)
  chapter.metrics.record("generation_uncached_seconds", uncachedSeconds)
  chapter.metrics.record("generation_uncached_microseconds_per_byte", uncachedSeconds / Double(count) * 1e6)
  chapter.metrics.record("generation_speedup_time_ratio", uncachedSeconds / cachedSeconds)
  chapter.say(String(
    format: "%d bytes (median of %d runs): %.4f s with the cache, %.4f s without (%.0f and %.0f µs a byte, %.1f× faster)",
    count, repetitions, cachedSeconds, uncachedSeconds, cachedSeconds / Double(count) * 1e6,
    uncachedSeconds / Double(count) * 1e6, uncachedSeconds / cachedSeconds))
  compareCachedWithUncached(chapter, model: model, prompt: prompt, count: count, rule: rule)
}

/// Generates `count` bytes at temperature 1 from one seed with the cache and
/// without it, under the same `rule`, and records whether both read the same
/// windows and sampled the same bytes, the largest difference between the
/// logits they sampled from, and how many window restarts the run crossed.
private func compareCachedWithUncached(
  _ chapter: ChapterRun, model: CharacterTransformer, prompt: [Int], count: Int, rule: ContextRule
) {
  typealias Step = (window: [Int], logits: [Float])
  func run(cached: Bool) -> (bytes: [Int], steps: [Step]) {
    var steps: [Step] = []
    let bytes = generate(
      model, prompt: prompt, count: count, rule: rule, temperature: 1, random: RandomGenerator(seed: chapter.seed &+ 11),
      cached: cached, observe: { steps.append(($0, $1)) })
    return (bytes, steps)
  }
  let (cached, uncached) = (run(cached: true), run(cached: false))
  let sameWindows = cached.steps.map(\.window) == uncached.steps.map(\.window)
  let largestDifference = zip(cached.steps, uncached.steps).flatMap { pair in
    zip(pair.0.logits, pair.1.logits).map { abs(Double($0) - Double($1)) }
  }.max() ?? .nan
  // A restart is a window shorter than the one before it.
  let restarts = zip(cached.steps, cached.steps.dropFirst()).filter { $1.window.count < $0.window.count }.count
  chapter.metrics.record("generation_cache_same_bytes", cached.bytes == uncached.bytes && sameWindows)
  chapter.metrics.record("generation_cache_max_logit_difference", largestDifference)
  chapter.metrics.record("generation_cache_restarts", restarts)
  chapter.say(String(
    format: "cached against uncached over %d bytes and %d restarts: %@ bytes, logits within %.2e",
    count, restarts, cached.bytes == uncached.bytes && sameWindows ? "the same" : "DIFFERENT", largestDifference))
}

/// The median wall-clock seconds of `repetitions` runs of `body`, after one
/// run to warm up (first touches of memory, OpenBLAS's buffers) when there
/// are several: a single run (`--quick`) is not a measurement to refine.
func medianSeconds(repetitions: Int, _ body: () -> Void) -> Double {
  if repetitions > 1 { body() }
  let seconds = (0..<repetitions).map { _ in
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  }
  return seconds.sorted()[repetitions / 2]
}
