import Autograd
import CourseKit
import Foundation

/// What a backward pass costs next to the forward pass, counted and timed on
/// the tensor core: a stack of dense layers wide enough that the matrix
/// products, not the bookkeeping, take the time.
func backwardCost(_ chapter: ChapterRun) {
  chapter.section("What the backward pass costs")
  let (batch, width, layers) = (256, 512, 4)
  let random = RandomGenerator(seed: chapter.seed &+ 11)
  let x = Tensor.uniform(shape: [batch, width], in: -1...1, using: random)
  let weights = (0..<layers).map { _ in
    Tensor.uniform(shape: [width, width], in: -0.05...0.05, using: random).requiringGradient()
  }

  // Multiply-adds: one product per layer forward; backward, one for ∂J/∂W = aᵀδ
  // and one for δWᵀ, except at the first layer, whose input needs no gradient.
  let productMultiplyAdds = Double(batch * width * width)
  let forwardMultiplyAdds = Double(layers) * productMultiplyAdds
  let backwardMultiplyAdds = Double(2 * layers - 1) * productMultiplyAdds

  let repetitions = chapter.isQuick ? 3 : 21
  var (forwardTimes, backwardTimes) = ([Double](), [Double]())
  for _ in 0..<(repetitions + 1) {
    var start = DispatchTime.now().uptimeNanoseconds
    let loss = weights.reduce(x) { activations, weight in activations.matmul(weight).relu() }.squared().sum()
    forwardTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    start = DispatchTime.now().uptimeNanoseconds
    loss.backward()
    backwardTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    for weight in weights { weight.clearGradient() }
  }
  // Medians, without the first (warm-up) run.
  let median = { (times: [Double]) in CourseKit.median(of: Array(times.dropFirst())) }
  let (forward, backward) = (median(forwardTimes), median(backwardTimes))

  chapter.say("\(layers) dense layers of \(width) units with ReLU, a batch of \(batch), median of \(repetitions) runs:")
  chapter.say(String(format: "  forward  %.2f ms, %.0f M multiply-adds", forward * 1e3, forwardMultiplyAdds / 1e6))
  chapter.say(String(format: "  backward %.2f ms, %.0f M multiply-adds (%.2f× the forward's time)",
    backward * 1e3, backwardMultiplyAdds / 1e6, backward / forward))
  chapter.metrics.record("backward_cost_layers", layers)
  chapter.metrics.record("backward_cost_width", width)
  chapter.metrics.record("backward_cost_batch", batch)
  chapter.metrics.record("backward_cost_multiply_add_ratio", backwardMultiplyAdds / forwardMultiplyAdds)
  chapter.metrics.record("backward_cost_seconds", MetricValue.object([
    ("forward", .number(forward)), ("backward", .number(backward)), ("backward_over_forward", .number(backward / forward)),
    ("step_over_forward", .number((forward + backward) / forward)),
  ]))
}
