import Autograd
import CourseKit
import Foundation

/// Subnormal numbers: what arithmetic on them costs on this machine, and
/// what the core does about the one place they arise in training (Adam's
/// moments of a parameter whose gradient stays zero).
func subnormals(_ chapter: ChapterRun) {
  chapter.section("Subnormal numbers")
  // 4096 floats (16 kB) stay in the processor's fastest cache, so the loop times arithmetic, not memory.
  let (count, passes) = (4096, 100)
  // Moments decaying as Adam's do with a zero gradient: m ← β·m, from normal and from subnormal values
  // (2⁻¹³² times 0.9¹⁰⁰ is still above the smallest subnormal, 2⁻¹⁴⁹, so the second array stays subnormal).
  let normal = [Float](repeating: 1e-3, count: count)
  let subnormal = [Float](repeating: Float.leastNormalMagnitude / 64, count: count)
  let samples = alternatingSamples(rounds: repetitions(chapter, 15), [
    { for _ in 0..<10 { _ = decayed(normal, passes: passes) } }, { for _ in 0..<10 { _ = decayed(subnormal, passes: passes) } },
  ])
  let seconds = samples.map { median(of: $0) / 10 }
  chapter.metrics.record("subnormal_elements", count)
  chapter.metrics.record("subnormal_passes", passes)
  chapter.metrics.record("subnormal_milliseconds", MetricValue.object([
    ("normal", .number(seconds[0] * 1e3)), ("subnormal", .number(seconds[1] * 1e3)),
  ]))
  chapter.metrics.record("subnormal_nanoseconds_per_multiplication", MetricValue.object([
    ("normal", .number(seconds[0] * 1e9 / Double(count * passes))),
    ("subnormal", .number(seconds[1] * 1e9 / Double(count * passes))),
  ]))
  let comparison = timeComparison(samples[1], to: samples[0])
  // Begins a sentence in both editions.
  chapter.metrics.record("subnormal_time_verdict",
    english: "on subnormal numbers the same loop took \(comparison) on normal ones",
    chinese: comparison.chinese("同一个循环在非规格化数上", "在规格化数上"))
  chapter.say(String(format: "β·m over %d numbers, %d times: normal %.3f ms, subnormal %.3f ms", count, passes, seconds[0] * 1e3, seconds[1] * 1e3))

  // What the core does: a parameter whose gradient is always zero, after a first step with a gradient of 1.
  let parameter = Parameter(Tensor(shape: [1], scalars: [0]))
  let adam = Adam(parameters: [("p", parameter)], learningRate: 1e-3)
  var stepsToZero: Int?
  for step in 1...2000 {
    adam.clearGradients()
    (parameter.value * (step == 1 ? 1 : 0)).sum().backward()
    adam.step()
    let moment = adam.namedState.first { $0.name == "m.p" }!.tensor.scalars[0]
    if moment == 0, stepsToZero == nil { stepsToZero = step }
  }
  // β₁ = 0.9: the moment is 0.1·0.9^(k−1) after step k, below the smallest normal float from this step on.
  let lastNormalStep = Int((log(Double(Float.leastNormalMagnitude) / 0.1) / log(0.9)).rounded(.up)) + 1
  chapter.metrics.record("adam_moment_zero_after_steps", stepsToZero ?? -1)
  chapter.metrics.record("adam_moment_subnormal_from_step", lastNormalStep)
  chapter.say("Adam's first moment of a parameter without gradient is exactly 0 from step \(stepsToZero.map(String.init) ?? "never") "
    + "(it would turn subnormal at step \(lastNormalStep))")
}

// region: decay-loop
/// β·m for every m, `passes` times over, as Adam's update decays a moment
/// whose gradient is zero, one update after another.
func decayed(_ moments: [Float], passes: Int) -> [Float] {
  var result = moments
  result.withUnsafeMutableBufferPointer { buffer in
    for _ in 0..<passes {
      for index in buffer.indices { buffer[index] *= 0.9 }
    }
  }
  return result
}
// endregion
