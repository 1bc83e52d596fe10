import Autograd
import CourseKit
import Foundation

/// Subnormal numbers: what arithmetic on them costs on this machine, and
/// what the core does about the one place they arise in training (Adam's
/// moments of a parameter whose gradient stays zero).
func subnormals(_ chapter: ChapterRun) {
  chapter.section("Subnormal numbers")
  let count = chapter.isQuick ? 1 << 16 : 1 << 20
  // Moments decaying as Adam's do with a zero gradient: m ← β·m, from normal and from subnormal values.
  let normal = [Float](repeating: 1e-3, count: count)
  let subnormal = [Float](repeating: Float.leastNormalMagnitude / 64, count: count)
  let seconds = alternatingMedianSeconds(rounds: repetitions(chapter, 15), [
    { _ = decayed(normal) }, { _ = decayed(subnormal) },
  ])
  chapter.metrics.record("subnormal_elements", count)
  chapter.metrics.record("subnormal_milliseconds", MetricValue.object([
    ("normal", .number(seconds[0] * 1e3)), ("subnormal", .number(seconds[1] * 1e3)),
  ]))
  chapter.metrics.record("subnormal_time_verdict",
    "on subnormal numbers the same loop took \(timeComparison(seconds[1], to: seconds[0])) on normal ones")
  chapter.say(String(format: "β·m over %d numbers: normal %.3f ms, subnormal %.3f ms", count, seconds[0] * 1e3, seconds[1] * 1e3))

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
/// β·m for every m, as Adam's update decays a moment whose gradient is zero.
func decayed(_ moments: [Float]) -> [Float] {
  moments.map { 0.9 * $0 }
}
// endregion
