import Autograd
import CourseKit
import Foundation

/// One of W2's three convolutions, as a batch of 32 meets it in training.
struct ConvolutionLayerShape {
  let name: String
  let side: Int
  let inChannels: Int
  let outChannels: Int
  /// Whether training needs the input's gradient (not for the images themselves).
  let inputNeedsGradient: Bool

  static let w2 = [
    ConvolutionLayerShape(name: "conv1", side: 28, inChannels: 1, outChannels: 32, inputNeedsGradient: false),
    ConvolutionLayerShape(name: "conv2", side: 13, inChannels: 32, outChannels: 64, inputNeedsGradient: true),
    ConvolutionLayerShape(name: "conv3", side: 5, inChannels: 64, outChannels: 64, inputNeedsGradient: true),
  ]

  /// The output's side: a 3×3 filter at stride 1 without padding.
  var outputSide: Int { side - 2 }

  /// Winograd's multiplications over im2col's: 16 per 2×2 tile of outputs,
  /// tiles hanging over an odd edge included, against 9 per output.
  var winogradWorkRatio: Double {
    let tilesPerSide = (outputSide + 1) / 2
    return Double(tilesPerSide * tilesPerSide * 16) / Double(outputSide * outputSide * 9)
  }

  /// The methods that can compute this layer: im2col always, Winograd over
  /// channels in multiples of 8, the direct loop over one input channel.
  var methods: [ExecutionPolicy.ConvolutionMethod] {
    [.im2col] + (inChannels % 8 == 0 && outChannels % 8 == 0 ? [.winograd] : []) + (inChannels == 1 ? [.direct] : [])
  }
}

/// Convolution three ways on W2's layers: each method that can compute a
/// layer, forced through `conv2d(method:)`, timed forward and backward on a
/// batch of 32 on one core; and the method the default policy (`.automatic`) picks, read
/// back from `ExecutionPolicy.lastConvolutionMethod`.
func convolutionMethods(_ chapter: ChapterRun) {
  chapter.section("Convolution three ways")
  let random = RandomGenerator(seed: chapter.seed &+ 92)
  var timings: [(String, MetricValue)] = []
  var picks: [String] = []
  var chinesePicks: [String] = []
  var verdicts: [String] = []
  var chineseVerdicts: [String] = []
  for layer in ConvolutionLayerShape.w2 {
    let input = Tensor.uniform(shape: [32, layer.side, layer.side, layer.inChannels], in: 0...1, using: random)
    let x = layer.inputNeedsGradient ? input.requiringGradient() : input
    let filter = Tensor.uniform(shape: [3, 3, layer.inChannels, layer.outChannels], in: -0.1...0.1, using: random)
      .requiringGradient()
    // region: forced-method
    func trainingPass(_ method: ExecutionPolicy.ConvolutionMethod?) -> Tensor {
      let output = x.conv2d(filter, method: method)
      output.sum().backward()
      filter.clearGradient()
      x.clearGradient()
      return output
    }
    _ = trainingPass(nil)  // the default policy's choice
    let automatic = ExecutionPolicy.lastConvolutionMethod!
    // endregion
    let reference = withoutGradient { x.conv2d(filter, method: .im2col) }
    let differences = layer.methods.map { method in largestDifference(withoutGradient { x.conv2d(filter, method: method) }, reference) }
    // On one core, as W2 trains (each half of a batch on its own core): under the default threading im2col's
    // large product would be split over both cores and Winograd's small ones not, a comparison of cores, not methods.
    let samples = alternatingSamples(
      rounds: repetitions(chapter, 15), layer.methods.map { method in { with(threading: .single) { _ = trainingPass(method) } } })
    let seconds = samples.map { median(of: $0) }
    timings.append((layer.name, .object(zip(layer.methods, seconds).map { ("\($0)", .number($1 * 1e3)) })))
    picks.append("\(automatic)")
    chinesePicks.append(chineseName(of: automatic))
    // The default's time against every other method's, from the same alternating rounds.
    let picked = layer.methods.firstIndex(of: automatic)!
    let others = layer.methods.indices.filter { $0 != picked }
    let fastest = layer.methods.indices.min { seconds[$0] < seconds[$1] }!
    let beaten = fastest != picked && !isWithinSpread(samples[picked], samples[fastest])
    verdicts.append("\(layer.name): the default takes \(automatic), which took "
      + others.map { "\(timeComparison(samples[picked], to: samples[$0])) \(layer.methods[$0])" }.joined(separator: " and ")
      + (beaten ? " (the default was not the fastest here)" : ""))
    chineseVerdicts.append("\(layer.name)：默认选择\(chineseName(of: automatic))，"
      + others.map { timeComparison(samples[picked], to: samples[$0]).chinese("", chineseName(of: layer.methods[$0])) }.joined(separator: "，")
      + (beaten ? "（在这里默认的选择不是最快的）" : ""))
    chapter.say("\(layer.name) (\(layer.inChannels) → \(layer.outChannels) channels, \(layer.outputSide)×\(layer.outputSide) outputs): "
      + zip(layer.methods, seconds).map { "\($0) " + String(format: "%.3f ms", $1 * 1e3) }.joined(separator: ", ")
      + "; the default takes \(automatic); methods agree to " + String(format: "%.1e", differences.max()!))
  }
  chapter.metrics.record("conv_layer_names", ConvolutionLayerShape.w2.map(\.name))
  chapter.metrics.record("conv_milliseconds", MetricValue.object(timings))
  // The methods' names as each edition's table names them in its column headers.
  chapter.metrics.record("conv_automatic_methods", english: picks, chinese: chinesePicks)
  chapter.metrics.record("conv_winograd_work_ratio", ConvolutionLayerShape.w2.map(\.winogradWorkRatio))
  chapter.metrics.record("conv_time_verdicts", verdicts.joined(separator: "; "))
  chapter.metrics.record("conv_time_verdicts@zh", chineseVerdicts.joined(separator: "；"))
}

/// A convolution method's name as the Chinese table's column headers give it.
private func chineseName(of method: ExecutionPolicy.ConvolutionMethod) -> String {
  switch method {
  case .automatic: "自动选择"
  case .im2col: "im2col"
  case .winograd: "Winograd"
  case .direct: "直接循环"
  }
}
