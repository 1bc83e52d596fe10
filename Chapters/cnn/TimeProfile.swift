import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// Where a training step's time goes: each layer's forward and backward pass
/// on a batch of 32, timed alone on a newly initialized network of the same
/// layers, and whole
/// training steps of that network, in rounds (every layer once, then each
/// kind of step once) so that all of them meet the same load of the machine.
///
/// A whole step does more than its layers: it gathers its batch, computes
/// the loss and runs Adam over every parameter.
func profileLayers(_ chapter: ChapterRun, data: FashionImages) {
  chapter.section("Where a training step's time goes")
  let model = makeConvolutionalNetwork(random: RandomGenerator(seed: chapter.seed &+ 307))
  let names = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "flatten", "dense1", "relu4",
    "dense2"]
  let repetitions = chapter.isQuick ? 1 : 30
  // Each layer's input, the layers before it applied to random images, and any gradient of its output's shape.
  var inputs = [Tensor.uniform(shape: [32, 28, 28, 1], in: 0...1, using: RandomGenerator(seed: chapter.seed &+ 308))]
  for layer in model.layers.dropLast() { inputs.append(withoutGradient { layer(inputs[inputs.count - 1]) }) }
  let upstreams = zip(model.layers, inputs).map { layer, input in
    Tensor.uniform(shape: withoutGradient { layer(input).shape }, in: -1...1, using: RandomGenerator(seed: 5))
  }
  let steps = ProfiledSteps(model: model, train: data.train)
  chapter.metrics.record("load_average_before_profile", currentLoadAverage())
  var layerTimes = [[Double]](repeating: [], count: model.layers.count)
  var stepTimes = [[Double]](repeating: [], count: 3)
  for _ in 0...repetitions {
    for (position, layer) in model.layers.enumerated() {
      layerTimes[position].append(
        timeLayer(layer, input: inputs[position], upstream: upstreams[position], isFirst: position == 0))
    }
    for (kind, step) in [steps.wholeBatch, steps.inHalves, steps.update].enumerated() {
      stepTimes[kind].append(milliseconds(step))
    }
  }
  // Medians, without the first round (the warm-up).
  let median = { (times: [Double]) in CourseKit.median(of: Array(times.dropFirst())) }
  let entries = zip(names, layerTimes).map { name, times in (name, median(times)) }
  for (name, time) in entries {
    chapter.say(name.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", time))
  }
  let total = entries.reduce(0) { $0 + $1.1 }
  let convolutions = entries.filter { $0.0.hasPrefix("conv") }.reduce(0) { $0 + $1.1 }
  chapter.metrics.record("layer_milliseconds", MetricValue.object(entries.map { ($0.0, .number($0.1)) }))
  chapter.metrics.record("layers_total_milliseconds", total)
  chapter.metrics.record("convolution_time_share", convolutions / total)
  // A layer's name ("conv2"), as the table above names it in both editions.
  let slowest = entries.max { $0.1 < $1.1 }?.0 ?? ""
  chapter.metrics.record("slowest_layer_by_time", english: slowest, chinese: slowest)
  chapter.say(String(format: "all layers: %.2f ms per batch of 32, %.0f%% of it in the three convolutions", total,
    100 * convolutions / total))

  let (wholeBatch, inHalves, update) = (median(stepTimes[0]), median(stepTimes[1]), median(stepTimes[2]))
  chapter.metrics.record("load_average_after_profile", currentLoadAverage())
  chapter.metrics.record("profiled_whole_batch_step_milliseconds", wholeBatch)
  chapter.metrics.record("profiled_step_milliseconds", inHalves)
  chapter.metrics.record("profiled_adam_milliseconds", update)
  chapter.metrics.record("step_to_layers_time_ratio", wholeBatch / total)
  chapter.metrics.record("halves_time_speedup", wholeBatch / inHalves)
  chapter.say(String(format: "a whole step: %.2f ms on the whole batch (%.2f times the layers' sum), %.2f ms in two "
    + "halves at once (as training runs it); Adam's update alone %.2f ms", wholeBatch, wholeBatch / total, inHalves,
    update))
}

// region: time-layer
/// The milliseconds of one forward and backward pass of `layer` on `input`,
/// with `upstream` as the gradient arriving from above.
private func timeLayer(_ layer: any Layer, input: Tensor, upstream: Tensor, isFirst: Bool) -> Double {
  // Training needs no gradient for the images themselves, only for what the layers compute from them.
  let x = isFirst ? input : input.detached().requiringGradient()
  let start = DispatchTime.now().uptimeNanoseconds
  layer(x).backward(seed: upstream)  // forward, then the gradients of the input and of the layer's parameters
  let time = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6
  layer.clearGradients()
  return time
}
// endregion

/// The wall-clock milliseconds `body` takes.
private func milliseconds(_ body: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6
}

/// Whole training steps of the profiled network on its first 32 training
/// images, with an Adam of its own.
private struct ProfiledSteps {
  let wholeBatch: () -> Void
  let inHalves: () -> Void
  let update: () -> Void

  init(model: Sequential, train: ImageDataset) {
    let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
    let batch = ExampleIndices(Array(0..<min(32, train.count)))
    // A batch of one image cannot be halved: then the whole batch and an empty share.
    let (first, second) = batch.halves() ?? (batch, batch)
    let share = Float(first.exampleCount) / Float(batch.exampleCount)
    // region: time-step
    // On the whole batch, as the layers were timed: gather, forward, loss, backward, Adam.
    wholeBatch = {
      optimizer.clearGradients()
      let (images, labels) = train.imageBatch(at: batch.indices)
      model(images).crossEntropy(targets: labels).backward()
      optimizer.step()
    }
    // As the training loop runs it: each half gathered, forward and backward on its own core.
    inHalves = {
      optimizer.clearGradients()
      _ = backwardInHalves(first, second, weights: (share, 1 - share)) { half in
        let (images, labels) = train.imageBatch(at: half.indices)
        return model(images).crossEntropy(targets: labels)
      }
      optimizer.step()
    }
    update = { optimizer.step() }
    // endregion
  }
}
