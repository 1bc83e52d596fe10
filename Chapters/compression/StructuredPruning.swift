import Autograd
import CourseKit
import Foundation

// region: filter-norms
/// The L1 norm of each filter of a convolution [k, k, inChannels, filters]:
/// Σ |w| over the filter's k·k·inChannels weights.
func filterNorms(_ filter: Tensor) -> [Float] {
  let filters = filter.shape[3]
  var norms = [Float](repeating: 0, count: filters)
  for (index, value) in filter.scalars.enumerated() { norms[index % filters] += abs(value) }
  return norms
}
// endregion

/// The `count` filters of largest norm, in their original order.
func strongestFilters(_ filter: Tensor, keeping count: Int) -> [Int] {
  let norms = filterNorms(filter)
  return norms.indices.sorted { (norms[$0], -$0) > (norms[$1], -$1) }.prefix(count).sorted()
}

/// The entries of a convolution filter [k, k, inChannels, filters] for the chosen input channels and filters.
private func selected(_ filter: Tensor, inputs: [Int], outputs: [Int]) -> [Float] {
  let (area, inChannels, filters) = (filter.shape[0] * filter.shape[1], filter.shape[2], filter.shape[3])
  return (0..<area).flatMap { position in
    inputs.flatMap { input in outputs.map { filter.scalars[(position * inChannels + input) * filters + $0] } }
  }
}

// region: thinner-network
/// Chapter 4's network with `filters` filters in its three convolutions.
func makeThinnerNetwork(filters: [Int], random: RandomGenerator) -> Sequential {
  Sequential([
    Conv2D(inChannels: 1, filters: filters[0], kernelSize: 3, random: random), ReLU(), MaxPool2D(),
    Conv2D(inChannels: filters[0], filters: filters[1], kernelSize: 3, random: random), ReLU(), MaxPool2D(),
    Conv2D(inChannels: filters[1], filters: filters[2], kernelSize: 3, random: random), ReLU(), Flatten(),
    Linear(inputSize: 3 * 3 * filters[2], outputSize: 64, random: random), ReLU(),
    Linear(inputSize: 64, outputSize: 10, random: random),
  ])
}
// endregion

/// Keeps the strongest `fraction` of each convolution's filters, and with them
/// the next layer's weights that read them: a smaller network, not a masked one.
func removeFilters(of model: Sequential, keeping fraction: Double) -> Sequential {
  let convolutions = model.layers.compactMap { $0 as? Conv2D }
  let dense = model.layers.compactMap { $0 as? Linear }
  let kept = convolutions.map { strongestFilters($0.filter.value, keeping: Int((Double($0.filter.shape[3]) * fraction).rounded())) }
  let thinner = makeThinnerNetwork(filters: kept.map(\.count), random: RandomGenerator(seed: 0))
  let newConvolutions = thinner.layers.compactMap { $0 as? Conv2D }
  let newDense = thinner.layers.compactMap { $0 as? Linear }
  var values: [(Parameter, [Float])] = []
  for (index, (old, new)) in zip(convolutions, newConvolutions).enumerated() {
    let inputs = index == 0 ? [0] : kept[index - 1]
    values.append((new.filter, selected(old.filter.value, inputs: inputs, outputs: kept[index])))
    values.append((new.bias, kept[index].map { old.bias.value.scalars[$0] }))
  }
  // The first dense layer reads the last convolution's 3×3 pixels × channels (NHWC order): keep the kept channels' rows.
  let channels = convolutions.last!.filter.shape[3]
  let rows = (0..<9).flatMap { pixel in kept.last!.map { pixel * channels + $0 } }
  let outputs = dense[0].weight.shape[1]
  values.append((newDense[0].weight, rows.flatMap { row in dense[0].weight.value.scalars[(row * outputs)..<((row + 1) * outputs)] }))
  values.append((newDense[0].bias!, dense[0].bias!.value.scalars))
  values.append((newDense[1].weight, dense[1].weight.value.scalars))
  values.append((newDense[1].bias!, dense[1].bias!.value.scalars))
  assign(values)
  return thinner
}

/// Section: structured pruning, half of every convolution's filters removed, fine-tuned and timed.
func pruneFilters(_ chapter: ChapterRun, teacher: Sequential, data: FashionData) throws {
  chapter.section("Structured pruning: whole filters")
  let thinner = removeFilters(of: teacher, keeping: 0.5)
  let before = testAccuracy(logits(of: thinner, for: data.test), data.test)
  try fineTune(
    chapter, model: thinner, train: data.train, epochs: 1, seed: chapter.seed &+ 2,
    loss: { images, labels, _ in thinner(images).crossEntropy(targets: labels) })
  let after = testAccuracy(logits(of: thinner, for: data.test), data.test)

  let batch = data.test.nhwcImages(at: Array(0..<min(256, data.test.count)))
  var (fullTimes, thinnerTimes) = ([Double](), [Double]())
  let repetitions = chapter.isQuick ? 2 : 7
  withoutGradient {
    (_, _) = (teacher(batch), thinner(batch))  // untimed: the first pass allocates buffers and fills caches
    for _ in 0..<repetitions {
      fullTimes.append(medianMilliseconds(repeats: 1) { _ = teacher(batch) })
      thinnerTimes.append(medianMilliseconds(repeats: 1) { _ = thinner(batch) })
    }
  }
  let work = thinner.layers.reduce(into: (Int(0), batch)) { state, layer in
    let output = withoutGradient { layer(state.1) }
    if layer.parameterCount > 0 { state.0 += multiplyAdds(of: layer, outputShape: output.shape) }
    state.1 = output
  }.0
  chapter.say(String(format: "half the filters of each convolution: %d parameters, %d multiply-adds per image; "
    + "test accuracy %.4f before fine-tuning, %.4f after one epoch; 256 images in %.1f ms against %.1f ms",
    thinner.parameterCount, work, before, after, median(of: thinnerTimes), median(of: fullTimes)))
  chapter.metrics.record("structured_filters", thinner.layers.compactMap { ($0 as? Conv2D)?.filter.shape[3] })
  chapter.metrics.record("structured_parameter_count", thinner.parameterCount)
  chapter.metrics.record("structured_multiply_adds_per_image", work)
  chapter.metrics.record("structured_before_fine_tuning_test_accuracy", before)
  chapter.metrics.record("structured_test_accuracy", after)
  recordStructuredTimings(&chapter.metrics, full: fullTimes, thinner: thinnerTimes)
  chapter.metrics.record("structured_timing_repetitions", repetitions)
}

/// Records the unpruned and the thinner network's passes, one of each in turn: their medians, and the median of the
/// paired ratios (each unpruned pass over the thinner one after it) with the int8 timings' check, the unpruned
/// network in float32's place. The thinner network's speed is judged only where it passed (see SpeedBand).
func recordStructuredTimings(_ metrics: inout Metrics, full: [Double], thinner: [Double]) {
  let paired = PairedTimings(floatMilliseconds: full, int8Milliseconds: thinner)
  metrics.record("structured_forward_milliseconds", paired.int8Median)
  metrics.record("full_forward_milliseconds", paired.floatMedian)
  metrics.record(paired, under: .structured)
}
