import Autograd
import CourseKit
import Foundation
import Plotting

/// One weighted layer of the network: its share of the bytes and of the work.
struct LayerCost {
  let name: String
  let parameters: Int
  /// Multiply-adds for one image.
  let multiplyAdds: Int
  /// Median float32 time of the layer (with its ReLU and pooling) on a batch.
  let milliseconds: Double
}

/// The names of the W2 network's weighted layers, in order.
let weightedLayerNames = ["conv1", "conv2", "conv3", "dense1", "dense2"]

// region: multiply-adds
/// Multiply-adds of one image through a layer: a convolution uses each of its
/// weights once per output pixel, a dense layer once.
func multiplyAdds(of layer: any Layer, outputShape: [Int]) -> Int {
  let weights = layer.namedParameters.filter { $0.name != "bias" }.reduce(0) { $0 + $1.parameter.value.scalarCount }
  return layer is Conv2D ? weights * outputShape[1] * outputShape[2] : weights
}
// endregion

/// Section: where the bytes and the time go, per weighted layer, measured on a batch of 256 test images.
func measureCosts(_ chapter: ChapterRun, model: Sequential, data: FashionData) throws {
  chapter.section("Where the bytes and the time go")
  let batch = data.test.nhwcImages(at: Array(0..<min(256, data.test.count)))
  // Each weighted layer with the ReLU, pooling or flattening after it, timed on its real input.
  var segments: [(layer: any Layer, outputShape: [Int], seconds: [Double])] = []
  var activation = batch
  withoutGradient {
    for layer in model.layers {
      var output = activation
      let seconds = (0..<(chapter.isQuick ? 1 : 5)).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        output = layer(activation)
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
      }
      if layer.parameterCount > 0 {
        segments.append((layer, output.shape, seconds))
      } else if let last = segments.indices.last {
        segments[last].seconds = zip(segments[last].seconds, seconds).map { $0 + $1 }
      }
      activation = output
    }
  }
  let costs = segments.enumerated().map { index, segment in
    LayerCost(
      name: weightedLayerNames[index], parameters: segment.layer.parameterCount,
      multiplyAdds: multiplyAdds(of: segment.layer, outputShape: segment.outputShape),
      milliseconds: median(of: segment.seconds) * 1e3)
  }
  let totalParameters = costs.reduce(0) { $0 + $1.parameters }
  let totalWork = costs.reduce(0) { $0 + $1.multiplyAdds }
  let totalTime = costs.reduce(0) { $0 + $1.milliseconds }
  chapter.say("layer    parameters   share   multiply-adds/image   share   ms per 256 images")
  for row in costs {
    chapter.say(String(format: "%-7@ %11d %6.1f%% %21d %6.1f%% %10.2f", row.name as NSString, row.parameters,
      100 * Double(row.parameters) / Double(totalParameters), row.multiplyAdds,
      100 * Double(row.multiplyAdds) / Double(totalWork), row.milliseconds))
  }
  chapter.metrics.record("layer_names", costs.map(\.name))
  chapter.metrics.record("layer_parameters", costs.map(\.parameters))
  chapter.metrics.record("layer_parameter_share", costs.map { Double($0.parameters) / Double(totalParameters) })
  chapter.metrics.record("layer_multiply_adds", costs.map(\.multiplyAdds))
  chapter.metrics.record("layer_multiply_add_share", costs.map { Double($0.multiplyAdds) / Double(totalWork) })
  chapter.metrics.record("layer_milliseconds", costs.map(\.milliseconds))
  chapter.metrics.record("layer_time_share", costs.map { $0.milliseconds / totalTime })
  chapter.metrics.record("parameter_count", totalParameters)
  chapter.metrics.record("float_bytes", totalParameters * 4)
  chapter.metrics.record("multiply_adds_per_image", totalWork)
  let dense = costs.filter { $0.name.hasPrefix("dense") }
  chapter.metrics.record("dense_parameter_share", Double(dense.reduce(0) { $0 + $1.parameters }) / Double(totalParameters))
  chapter.metrics.record("convolution_multiply_add_share",
    Double(costs.filter { $0.name.hasPrefix("conv") }.reduce(0) { $0 + $1.multiplyAdds }) / Double(totalWork))
  chapter.metrics.record("convolution_time_share",
    costs.filter { $0.name.hasPrefix("conv") }.reduce(0) { $0 + $1.milliseconds } / totalTime)

  // Where the time goes, in words from this machine's profile: the fewest layers that take four fifths of it.
  var timeLayers: [LayerCost] = []
  for row in costs.sorted(by: { $0.milliseconds > $1.milliseconds })
  where timeLayers.reduce(0, { $0 + $1.milliseconds }) < 0.8 * totalTime {
    timeLayers.append(row)
  }
  let timeLayerNames = costs.filter { row in timeLayers.contains { $0.name == row.name } }.map(\.name)
  chapter.metrics.record("time_main_layers", english: timeLayerNames.joined(separator: " and "), chinese: chineseList(timeLayerNames))
  chapter.metrics.record("time_main_layers_share", timeLayers.reduce(0) { $0 + $1.milliseconds } / totalTime)
  // Before "its share of the work"; in Chinese the verb before "它在计算量中所占的份额".
  let conv1TakesMore = costs[0].milliseconds / totalTime > Double(costs[0].multiplyAdds) / Double(totalWork)
  chapter.metrics.record("conv1_time_against_work", english: conv1TakesMore ? "more than" : "no more than", chinese: conv1TakesMore ? "超过" : "不超过")

  let shares = Panel(
    title: "Share of the network", xLabel: "layer", yLabel: "share", legend: .topRight,
    series: [
      .bars(labels: costs.map(\.name), values: chapter.metrics.numbers("layer_parameter_share"), title: "parameters (bytes)"),
      .bars(labels: costs.map(\.name), values: chapter.metrics.numbers("layer_multiply_add_share"), title: "multiply-adds"),
      .bars(labels: costs.map(\.name), values: chapter.metrics.numbers("layer_time_share"), title: "float32 time"),
    ])
  try chapter.save(Figure(title: "Where the bytes and the time go", panels: [shares]), as: "layer-costs")
}
