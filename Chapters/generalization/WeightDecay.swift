import Autograd
import CourseKit
import Foundation

/// Adam's L2 penalty against AdamW's decoupled decay on two weights of value
/// 1, one whose gradients are small (±0.01) and one whose gradients are
/// large (±100), alternating in sign as noise does, for 100 steps.
///
/// Records how far the decay moved each weight: its value minus the value the
/// same steps reach without decay.
func decayAgainstPenalty(_ chapter: ChapterRun) {
  // region: decay-against-penalty
  func finalWeights(_ makeOptimizer: ([(name: String, parameter: Parameter)]) -> any Optimizer) -> [Double] {
    let (small, large) = (Parameter(.ones([1])), Parameter(.ones([1])))
    let optimizer = makeOptimizer([("small", small), ("large", large)])
    for step in 0..<100 {
      let sign: Float = step % 2 == 0 ? 1 : -1
      optimizer.clearGradients()
      // A loss whose gradient is ±0.01 for the first weight and ±100 for the second.
      (small.value * Tensor(0.01 * sign) + large.value * Tensor(100 * sign)).sum().backward()
      optimizer.step()
    }
    return [Double(small.value.scalars[0]), Double(large.value.scalars[0])]
  }
  let undecayed = finalWeights { Adam(parameters: $0, learningRate: 1e-3) }
  let penalty = finalWeights { Adam(parameters: $0, learningRate: 1e-3, weightDecay: 0.1) }
  let decoupled = finalWeights { AdamW(parameters: $0, learningRate: 1e-3, weightDecay: 0.1) }
  // endregion
  let penaltyEffect = zip(penalty, undecayed).map { $0 - $1 }
  let decayEffect = zip(decoupled, undecayed).map { $0 - $1 }
  chapter.metrics.record("l2_shrink_small_gradient", -penaltyEffect[0])
  chapter.metrics.record("l2_shrink_large_gradient", -penaltyEffect[1])
  chapter.metrics.record("adamw_shrink_small_gradient", -decayEffect[0])
  chapter.metrics.record("adamw_shrink_large_gradient", -decayEffect[1])
  chapter.say(String(format: "100 steps, λ = 0.1: Adam + L2 shrinks the weight with small gradients by %.4f and the one "
    + "with large gradients by %.6f; AdamW shrinks them by %.4f and %.4f.",
    -penaltyEffect[0], -penaltyEffect[1], -decayEffect[0], -decayEffect[1]))
}
