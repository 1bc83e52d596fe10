import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// Section 4: what the trained network computes — its first layer's filters,
/// and the feature maps of one test image on its way through the layers.
func inspectNetwork(_ chapter: ChapterRun, model: Sequential, test: ImageDataset) throws {
  chapter.section("Inside the trained network")
  try saveFirstLayerFilters(chapter, model: model)
  try saveFeatureMaps(chapter, model: model, test: test)
}

/// The 32 learned 3×3 filters of the first convolution, as tiny images.
private func saveFirstLayerFilters(_ chapter: ChapterRun, model: Sequential) throws {
  guard let first = model.layers.first as? Conv2D else { return }
  // region: filters
  let filter = first.filter.value  // [3, 3, 1, 32]: weight (u, v) of input channel 0 for each output channel
  let (size, count) = (filter.shape[0], filter.shape[3])
  let images = (0..<count).map { k in
    (0..<size * size).map { index in filter[index / size, index % size, 0, k] }
  }
  // endregion
  // One color scale for all: blue negative, red positive, white zero.
  let largest = Double(filter.scalars.map(abs).max() ?? 1)
  let grid = Panel(series: [
    .imageGrid(images, width: size, height: size, columns: 8, captions: (0..<count).map { "\($0)" },
      range: -largest...largest, colorMap: .diverging)
  ])
  try chapter.save(
    Figure(title: "The 32 learned 3×3 filters of the first layer (blue negative, red positive)",
      width: 760, height: 460, panels: [grid]),
    as: "first-layer-filters")
  let sums = images.map { $0.reduce(0, +) }
  chapter.metrics.record("filter_weight_max", largest)
  func mixedSigns(_ filters: [[Float]]) -> Int {
    filters.filter { weights in weights.contains { $0 > 0 } && weights.contains { $0 < 0 } }.count
  }
  chapter.metrics.record("filters_with_mixed_signs", mixedSigns(images))
  // A filter that outputs its bias on black (pixels 0) and nothing on a uniformly bright patch
  // (pixels 1, where it gives bias + Σ weights) draws the background: a silhouette detector.
  let silhouettes = images.indices.filter { k in
    let bias = first.bias.value[k]
    return bias > 0 && bias + images[k].reduce(0, +) <= 0
  }
  chapter.metrics.record("silhouette_filters", silhouettes.count)
  chapter.metrics.record("filters_mostly_negative", images.filter { $0.filter { $0 < 0 }.count >= 7 }.count)
  // Weights that nearly cancel (|Σw| below a fifth of Σ|w|) respond to change more than to brightness.
  // Random filters cancel that well by chance too, so the same count on a newly initialized layer is the baseline.
  func nearlyCancelling(_ filters: [[Float]]) -> Int {
    filters.filter { weights in abs(weights.reduce(0, +)) < 0.2 * weights.map(abs).reduce(0, +) }.count
  }
  let initial = Conv2D(inChannels: 1, filters: count, kernelSize: size, random: RandomGenerator(seed: chapter.seed &+ 401))
  let initialFilters = (0..<count).map { k in
    (0..<size * size).map { index in initial.filter.value[index / size, index % size, 0, k] }
  }
  chapter.metrics.record("filters_nearly_cancelling", nearlyCancelling(images))
  chapter.metrics.record("initial_filters_nearly_cancelling", nearlyCancelling(initialFilters))
  chapter.metrics.record("initial_filters_with_mixed_signs", mixedSigns(initialFilters))
  // One fresh draw shows the size of the chance count, not its spread: many draws give both,
  // and how often chance alone reaches the trained layer's count.
  let draws = 1000
  let trainedCount = nearlyCancelling(images)
  let chanceCounts = (0..<draws).map { draw in
    let layer = Conv2D(inChannels: 1, filters: count, kernelSize: size, random: RandomGenerator(seed: chapter.seed &+ 1000 &+ UInt64(draw)))
    return nearlyCancelling((0..<count).map { k in
      (0..<size * size).map { index in layer.filter.value[index / size, index % size, 0, k] }
    })
  }
  let reaching = Double(chanceCounts.filter { $0 >= trainedCount }.count) / Double(draws)
  chapter.metrics.record("chance_filter_draws", draws)
  chapter.metrics.record("chance_cancelling_mean", Double(chanceCounts.reduce(0, +)) / Double(draws))
  chapter.metrics.record("chance_cancelling_max", chanceCounts.max() ?? 0)
  chapter.metrics.record("chance_cancelling_reaching_trained", reaching)
  // A clause after "…reach the trained layer's count:"; the Chinese one stands as a clause after "：".
  chapter.metrics.record(
    "cancelling_verdict",
    english: reaching < 0.05
      ? "more than chance gives: fewer than 1 in 20 fresh draws reach the trained count"
      : "within what chance gives: at least 1 in 20 fresh draws reach the trained count",
    chinese: reaching < 0.05
      ? "多于随机所能解释的程度：新抽取的各组滤波器中，达到训练后计数的不到二十分之一"
      : "在随机所能解释的范围之内：新抽取的各组滤波器中，至少有二十分之一达到训练后的计数")
  chapter.metrics.record("filter_sum_min", Double(sums.min() ?? 0))
  chapter.metrics.record("filter_sum_max", Double(sums.max() ?? 0))
}

/// One test image through the layers: the activations after each convolution and pooling.
private func saveFeatureMaps(_ chapter: ChapterRun, model: Sequential, test: ImageDataset) throws {
  let index = 0
  let name = test.classNames[test.labels[index]]
  // region: feature-maps
  var activation = test.imageBatch(at: [index]).images  // [1, 28, 28, 1]
  var stages: [(name: String, maps: Tensor)] = []
  withoutGradient {
    for (position, layer) in model.layers.enumerated() {
      activation = layer(activation)
      let next = position + 1 < model.layers.count ? model.layers[position + 1] : nil
      // Keep what a convolution gives after its ReLU, and what a pooling layer gives.
      if (layer is ReLU && next is MaxPool2D) || layer is MaxPool2D || (layer is ReLU && next is Flatten) {
        stages.append((layer is MaxPool2D ? "pool" : "conv", activation))  // [1, height, width, channels]
      }
    }
  }
  // endregion
  var stageNames: [String] = []
  var convolutions = 0
  var pools = 0
  for stage in stages {
    let label: String
    if stage.name == "conv" { convolutions += 1; label = "conv\(convolutions)" } else { pools += 1; label = "pool\(pools)" }
    stageNames.append(label)
    let (height, width, channels) = (stage.maps.shape[1], stage.maps.shape[2], stage.maps.shape[3])
    let shown = min(channels, 32)
    let maps = (0..<shown).map { channel in
      (0..<height * width).map { pixel in stage.maps[0, pixel / width, pixel % width, channel] }
    }
    let active = maps.filter { $0.contains { $0 > 0 } }.count
    chapter.metrics.record("feature_maps_\(label)_shape", "\(height) × \(width) × \(channels)")
    chapter.metrics.record("feature_maps_\(label)_silent", shown - active)
    chapter.metrics.record("feature_maps_\(label)_shown", shown)
    let grid = Panel(series: [
      .imageGrid(maps, width: width, height: height, columns: 8, captions: (0..<shown).map { "\($0)" }, normalizeEach: true)
    ])
    let title = "\(label): \(height)×\(width)×\(channels) activations of test image \(index) (\(name))"
      + (shown < channels ? ", first \(shown) channels" : "")
    try chapter.save(Figure(title: title, width: 760, height: 460, panels: [grid]), as: "feature-maps-\(label)")
  }
  chapter.metrics.record("feature_map_stages", stageNames)
  chapter.metrics.record("feature_map_image_class", english: name, chinese: test.chineseClassNames[test.labels[index]])
  // The class goes in the title, at the title's size: an image grid's caption is drawn at 11 px,
  // which a page may show no larger than drawn.
  let input = Panel(series: [.imageGrid([Array(test.pixels(ofImage: index))], width: test.width, height: test.height,
    columns: 1, range: 0...1)])
  try chapter.save(Figure(title: "Test image \(index): \(name)", width: 320, height: 340, panels: [input]), as: "feature-maps-input")
}
