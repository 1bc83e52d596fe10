import Autograd
import CourseKit
import Foundation
import Plotting

// region: magnitude-mask
/// The mask that removes the `fraction` of `weights` with the smallest
/// magnitudes: 0 for a removed weight, 1 for a kept one. The threshold is the
/// k-th smallest magnitude; weights tied with it are removed in order of
/// position, so exactly k = round(fraction · count) weights are removed.
func magnitudeMask(_ weights: [Float], removing fraction: Double) -> [Float] {
  let removed = Int((fraction * Double(weights.count)).rounded())
  guard removed > 0 else { return [Float](repeating: 1, count: weights.count) }
  let threshold = weights.map(abs).sorted()[removed - 1]
  var tiesToRemove = removed - weights.filter { abs($0) < threshold }.count
  return weights.map { weight in
    if abs(weight) < threshold { return 0 }
    if abs(weight) == threshold && tiesToRemove > 0 {
      tiesToRemove -= 1
      return 0
    }
    return 1
  }
}
// endregion

/// The weights of a network that pruning considers: filters and dense
/// weights, not biases (a bias is one number per output: nothing to gain).
func prunableParameters(of model: Sequential) -> [Parameter] {
  model.namedParameters.filter { !$0.name.hasSuffix("bias") }.map(\.parameter)
}

// region: global-mask
/// Per layer: each layer loses `fraction` of its own weights. Global: one
/// threshold for the whole network, so a layer of small weights loses more.
func pruningMasks(of model: Sequential, removing fraction: Double, global: Bool) -> [[Float]] {
  let weights = prunableParameters(of: model).map(\.value.scalars)
  guard global else { return weights.map { magnitudeMask($0, removing: fraction) } }
  var all = magnitudeMask(weights.flatMap { $0 }, removing: fraction)[...]
  return weights.map { layer in
    defer { all = all.dropFirst(layer.count) }
    return Array(all.prefix(layer.count))
  }
}
// endregion

/// The bound ±√(6 / (fan-in + fan-out)) of Glorot-uniform initialization for a
/// weight of `shape`: [k, k, in, out] for a convolution, [in, out] for a dense layer.
func glorotLimit(shape: [Int]) -> Double {
  let area = shape.dropLast(2).reduce(1, *)
  return (6 / Double(area * (shape[shape.count - 2] + shape[shape.count - 1]))).squareRoot()
}

/// A copy of `model` with `masks` applied.
func pruned(_ model: Sequential, masks: [[Float]]) -> Sequential {
  let copy = copy(of: model)
  applyMasks(masks, to: copy)
  return copy
}

// region: apply-mask
/// Zeroes the masked weights: after pruning, and after every fine-tuning
/// step, so that Adam's update cannot bring a removed weight back.
func applyMasks(_ masks: [[Float]], to model: Sequential) {
  assign(zip(prunableParameters(of: model), masks).map { parameter, mask in
    (parameter, zip(parameter.value.scalars, mask).map { $0 * $1 })
  })
}
// endregion

/// Section: magnitude pruning, per layer and global, with and without fine-tuning.
func pruneByMagnitude(_ chapter: ChapterRun, teacher: Sequential, data: FashionData) throws {
  chapter.section("Magnitude pruning")
  // The same fractions in a quick run, on its 200 test images: the text names some of them one by one.
  let fractions = [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99]
  var curves: [String: [Double]] = [:]
  for global in [false, true] {
    let name = global ? "global" : "per_layer"
    curves[name] = fractions.map { fraction in
      testAccuracy(logits(of: pruned(teacher, masks: pruningMasks(of: teacher, removing: fraction, global: global)), for: data.test), data.test)
    }
    chapter.say("\(global ? "global   " : "per layer") " + zip(fractions, curves[name]!).map {
      String(format: "%.0f%%: %.4f", $0 * 100, $1) }.joined(separator: "  "))
    chapter.metrics.record("pruned_\(name)_test_accuracy", curves[name]!)
  }
  chapter.metrics.record("pruning_fractions", fractions)
  chapter.metrics.record("pruned_global_90_before_fine_tuning", curves["global"]![fractions.firstIndex(of: 0.9)!])

  // Where global pruning removes weights: the share each layer loses at 90 %.
  let masks90 = pruningMasks(of: teacher, removing: 0.9, global: true)
  chapter.metrics.record("global_90_removed_share_per_layer", masks90.map { 1 - Double($0.reduce(0, +)) / Double($0.count) })
  // What the global threshold sees: how large each layer's weights are, and how large Glorot initialization made them.
  let weights = prunableParameters(of: teacher)
  chapter.metrics.record("layer_median_absolute_weight", weights.map { Double(median(of: $0.value.scalars.map { abs(Double($0)) })) })
  chapter.metrics.record("layer_initialization_limit", weights.map { glorotLimit(shape: $0.shape) })

  // Fine-tuning at 90 % and 95 %, with the mask held.
  var tuned: [Double] = []
  var tunedModel: Sequential?
  for fraction in [0.9, 0.95] {
    let masks = pruningMasks(of: teacher, removing: fraction, global: true)
    let model = pruned(teacher, masks: masks)
    // region: fine-tune
    try fineTune(
      chapter, model: model, train: data.train, epochs: 1, seed: chapter.seed &+ 1,
      afterStep: { applyMasks(masks, to: model) },
      loss: { images, labels, _ in model(images).crossEntropy(targets: labels) })
    // endregion
    let accuracy = testAccuracy(logits(of: model, for: data.test), data.test)
    chapter.say(String(format: "%.0f%% removed (global), after one epoch of fine-tuning with the mask held: %.4f", fraction * 100, accuracy))
    let remaining = prunableParameters(of: model).reduce(0) { $0 + $1.value.scalars.filter { $0 != 0 }.count }
    chapter.metrics.record("pruned_\(Int(fraction * 100))_remaining_weights", remaining)
    tuned.append(accuracy)
    if fraction == 0.9 { tunedModel = model }
  }
  chapter.metrics.record("pruned_90_test_accuracy", tuned[0])
  chapter.metrics.record("pruned_95_test_accuracy", tuned[1])
  chapter.metrics.record("pruned_90_drop_points", 100 * (chapter.metrics.number("float_test_accuracy") - tuned[0]))
  try measureSparseCost(chapter, dense: teacher, sparse: tunedModel!, data: data)

  let panel = Panel(
    title: "Test accuracy after removing the smallest weights", xLabel: "fraction of weights removed",
    yLabel: "test accuracy", legend: .bottomLeft,
    series: [
      .line(x: fractions, y: curves["per_layer"]!, title: "per layer, no fine-tuning"),
      .line(x: fractions, y: curves["global"]!, title: "global, no fine-tuning"),
      .scatter(x: [0.9, 0.95], y: tuned, title: "global, one epoch of fine-tuning", pointSize: 1.5),
      .line(x: [fractions.first!, fractions.last!], y: Array(repeating: chapter.metrics.number("float_test_accuracy"), count: 2),
        title: "unpruned float32", dashed: true),
    ])
  try chapter.save(Figure(title: "Magnitude pruning", panels: [panel]), as: "pruning")
}

/// Unstructured sparsity on a CPU: bytes saved if stored sparsely, time not saved by dense kernels.
private func measureSparseCost(_ chapter: ChapterRun, dense: Sequential, sparse: Sequential, data: FashionData) throws {
  let batch = data.test.nhwcImages(at: Array(0..<min(256, data.test.count)))
  var (denseTimes, sparseTimes) = ([Double](), [Double]())
  let repetitions = chapter.isQuick ? 2 : 21
  withoutGradient {
    (_, _) = (dense(batch), sparse(batch))  // untimed: the first pass allocates buffers and fills caches
    for _ in 0..<repetitions {  // side by side, alternating, so that a change of load hits both
      denseTimes.append(medianMilliseconds(repeats: 1) { _ = dense(batch) })
      sparseTimes.append(medianMilliseconds(repeats: 1) { _ = sparse(batch) })
    }
  }
  let kept = prunableParameters(of: sparse).reduce(0) { $0 + $1.value.scalars.filter { $0 != 0 }.count }
  let biases = sparse.parameterCount - prunableParameters(of: sparse).reduce(0) { $0 + $1.value.scalarCount }
  let outputChannels = prunableParameters(of: sparse).reduce(0) { $0 + $1.shape.last! }
  // Stored sparsely: each kept weight as a float32 value and a 16-bit position among its output channel's weights,
  // each output channel's count of kept weights in 16 bits (so that the positions can be told apart), and the biases.
  let sparseBytes = kept * (4 + 2) + outputChannels * 2 + biases * 4
  chapter.metrics.record("sparse_90_bytes", sparseBytes)
  chapter.metrics.record("sparse_90_size_ratio", Double(sparseBytes) / Double(dense.parameterCount * 4))
  recordSparseTimings(&chapter.metrics, dense: denseTimes, sparse: sparseTimes)
  chapter.metrics.record("sparse_timing_repetitions", repetitions)
  chapter.say(String(format: "90%% sparse, stored as values and 16-bit positions: %d bytes (%.1f%% of float32); "
    + "256 images: %.1f ms dense, %.1f ms with 90%% zeros", sparseBytes, 100 * Double(sparseBytes) / Double(dense.parameterCount * 4),
    median(of: denseTimes), median(of: sparseTimes)))
}

/// Records the unpruned and the 90 % sparse network's passes, one of each in turn: their medians, and the median of
/// the paired ratios (each unpruned pass over the sparse pass just after it: how many times as fast the sparse network
/// was, the same way up as every other ratio of the chapter) with the int8 timings' check, the unpruned network in
/// float32's place. The verdicts judge the sparse network's speed only where it passed (see SpeedBand).
func recordSparseTimings(_ metrics: inout Metrics, dense: [Double], sparse: [Double]) {
  let paired = PairedTimings(floatMilliseconds: dense, int8Milliseconds: sparse)
  metrics.record("dense_forward_milliseconds", paired.floatMedian)
  metrics.record("sparse_90_forward_milliseconds", paired.int8Median)
  metrics.record(paired, under: .sparse)
}
