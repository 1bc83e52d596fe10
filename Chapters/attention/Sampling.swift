import Autograd
import CourseKit
import Foundation
import Workloads

/// How many bytes a full window restarts from when generating: its last quarter.
///
/// Chosen by measuring (``studyContextRules(_:model:text:)``, figure
/// `context-length`). On the trained W4 model (seed 42, two epochs), over the
/// first 16,384 offsets of the validation text, the bits per character fall
/// from 3.87 with one byte of context to 2.47 with nine, stay flat (2.43 to
/// 2.46) from 16 bytes to 58, and rise again to 2.47 at 64, the window's last
/// positions. So predicting from 16 to 64 bytes (2.447) loses nothing against
/// a sliding window that always sees 64 (2.474); keeping 32 scores the same
/// (2.448). Keeping more only adds work: every restart re-reads the kept
/// bytes in one batched pass, once every 65 − kept bytes. Seconds for 500
/// bytes (median of 3 runs, 2 cores under a load of about 5): keeping 1 byte
/// 0.0212, 16 bytes 0.0224, 32 bytes 0.0256, 48 bytes 0.0343. Keeping 64 is
/// the sliding window: a full pass per byte, 0.33 s. Keeping fewer than 16
/// saves little time and starts to cost context: 2.450 keeping 8, 2.499
/// keeping 1.
let keptOnRestart = 16

/// Section 7: samples at three temperatures from the cached generation; its
/// time for 500 bytes against the uncached one's, and the check that both
/// sample the same bytes from the same logits.
func sampleText(_ chapter: ChapterRun, model: CharacterTransformer, text: FortunesText) throws {
  chapter.section("Samples")
  let (prompt, count) = (samplePrompt(text), sampleByteCount(chapter))
  let rule = ContextRule(windowLength: text.train.length, keptOnRestart: keptOnRestart)
  var entries: [(String, MetricValue)] = []
  let shownBytes = 240
  for (name, temperature) in [("t0_5", 0.5), ("t1_0", 1.0), ("t1_5", 1.5)] {
    let ids = generate(
      model, prompt: prompt, count: count, rule: rule, temperature: temperature,
      random: RandomGenerator(seed: chapter.seed &+ 11))
    let sample = printable(text.corpus.decode(ids.prefix(shownBytes)))
    // Generated text is data, not prose: the Chinese pages show the same bytes.
    entries += MetricValue.bilingualFields(name, english: sample, chinese: sample)
    chapter.say("temperature \(temperature): \(sample)")
  }
  chapter.metrics.record("samples", MetricValue.object(entries))
  chapter.metrics.record("samples_shown_bytes", min(shownBytes, count))
  chapter.metrics.record("generation_kept_on_restart", keptOnRestart)

  let repetitions = chapter.isQuick ? 1 : 9
  func timeGeneration(cached: Bool) -> Double {
    medianSeconds(repetitions: repetitions) {
      _ = generate(
        model, prompt: prompt, count: count, rule: rule, temperature: 1, random: RandomGenerator(seed: chapter.seed &+ 11),
        cached: cached)
    }
  }
  // All cached runs first: measured on this machine, a cached run right after an uncached one took
  // 0.023 to 0.034 s against 0.0215 s after another cached run (medians of 15, 2 cores under a load of 5).
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
  try compareCachedWithUncached(chapter, model: model, prompt: prompt, count: count, rule: rule)
}

/// Generates `count` bytes at temperature 1 from one seed with the cache and
/// without it, under the same `rule`, and records whether both read the same
/// windows and sampled the same bytes, the largest difference between the
/// logits they sampled from, and how many window restarts the run crossed.
/// Different bytes or windows end the run: the cache would be wrong.
private func compareCachedWithUncached(
  _ chapter: ChapterRun, model: CharacterTransformer, prompt: [Int], count: Int, rule: ContextRule
) throws {
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
  guard cached.bytes == uncached.bytes && sameWindows else {
    throw ChapterError(
      "generation with the key/value cache read other windows or sampled other bytes than without it "
        + "(logits differ by up to \(largestDifference)): the cache is wrong; run `swift test --filter KeyValueCacheTests`")
  }
}

/// The prompt every sample starts from: a newline, as chapter 6's.
func samplePrompt(_ text: FortunesText) -> [Int] { text.corpus.encode([UInt8(ascii: "\n")]) ?? [0] }

/// The bytes each sample and each timing generates: 500, or with `--quick`
/// 128, still enough to cross two restarts (from a one-byte prompt the window
/// fills after 63 bytes).
func sampleByteCount(_ chapter: ChapterRun) -> Int { chapter.isQuick ? 128 : 500 }
