import Autograd
import CourseKit
import Foundation

/// Where a training step's time goes: each layer's forward and backward pass
/// on a batch of 32, timed alone on a fresh copy of the network.
///
/// The sum of the layers is less than a step: the step also computes the
/// loss, runs Adam over every parameter and waits for the batch.
func profileLayers(_ chapter: ChapterRun) {
  chapter.section("Where a training step's time goes")
  let model = makeConvolutionalNetwork(random: RandomGenerator(seed: chapter.seed &+ 307))
  let names = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "flatten", "dense1", "relu4",
    "dense2"]
  let repetitions = chapter.isQuick ? 1 : 30
  var input = Tensor.uniform(shape: [32, 28, 28, 1], in: 0...1, using: RandomGenerator(seed: chapter.seed &+ 308))
  var entries: [(String, MetricValue)] = []
  var total = 0.0
  for (position, (name, layer)) in zip(names, model.layers).enumerated() {
    // region: time-layer
    // The gradient arriving from above: any tensor of the output's shape will do.
    let outputShape = withoutGradient { layer(input).shape }
    let upstream = Tensor.uniform(shape: outputShape, in: -1...1, using: RandomGenerator(seed: 5))
    var seconds: [Double] = []
    for _ in 0..<(repetitions + 1) {
      // Training needs no gradient for the images themselves, only for what the layers compute from them.
      let x = position == 0 ? input : input.detached().requiringGradient()
      let start = DispatchTime.now().uptimeNanoseconds
      layer(x).backward(seed: upstream)  // forward, then the gradients of the input and of the layer's parameters
      seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
      layer.clearGradients()
    }
    let milliseconds = seconds.dropFirst().sorted()[repetitions / 2] * 1e3  // median, without the first (warm-up) run
    // endregion
    input = withoutGradient { layer(input) }
    entries.append((name, .number(milliseconds)))
    total += milliseconds
    chapter.say(name.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", milliseconds))
  }
  chapter.metrics.record("layer_milliseconds", MetricValue.object(entries))
  chapter.metrics.record("layers_total_milliseconds", total)
  let convolutions = entries.filter { $0.0.hasPrefix("conv") }.reduce(0.0) { sum, entry in
    if case .number(let value) = entry.1 { sum + value } else { sum }
  }
  chapter.metrics.record("convolution_time_share", convolutions / total)
  chapter.say(String(format: "all layers: %.2f ms per batch of 32, %.0f%% of it in the three convolutions", total,
    100 * convolutions / total))
}
