import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

/// One row of the table Keras prints as `model.summary()`.
struct LayerSummary {
  let name: String
  let outputShape: [Int]
  let parameterCount: Int
}

// region: summary
/// Runs one image through the layers one at a time, noting each layer's
/// output shape and parameter count. A ReLU joins the row of the layer
/// before it, as Keras's `activation='relu'` does.
func layerSummary(of model: Sequential, imageShape: [Int]) -> [LayerSummary] {
  var rows: [LayerSummary] = []
  var activation = Tensor.zeros([1] + imageShape)
  withoutGradient {
    for layer in model.layers {
      activation = layer(activation)
      let shape = Array(activation.shape.dropFirst())  // without the batch axis, as Keras shows it
      if layer is ReLU, let last = rows.popLast() {
        rows.append(LayerSummary(name: last.name + " + ReLU", outputShape: shape, parameterCount: last.parameterCount))
      } else {
        rows.append(LayerSummary(name: "\(type(of: layer))", outputShape: shape, parameterCount: layer.parameterCount))
      }
    }
  }
  return rows
}
// endregion

/// A row's layer for the Chinese pages: the kind of layer in Chinese before
/// the core's type name, "卷积层 Conv2D + ReLU" for "Conv2D + ReLU".
func chineseLayerName(_ name: String) -> String {
  let kinds = ["Conv2D": "卷积层", "MaxPool2D": "最大池化层", "Flatten": "展平层", "Linear": "全连接层"]
  let type = String(name.prefix { $0 != " " })
  return kinds[type].map { "\($0) \(name)" } ?? name
}

/// Section 3: the article's network on Fashion-MNIST.
///
/// - Returns: the trained network, ready for inspection.
func trainConvolutionalNetwork(_ chapter: ChapterRun, data: FashionImages) throws -> Sequential {
  chapter.section("The article's CNN on Fashion-MNIST")
  let (train, test) = (data.train, data.test)
  let model = makeConvolutionalNetwork(random: chapter.random)
  recordSummary(chapter, model: model, imageShape: [train.height, train.width, 1])
  chapter.metrics.record("initializer", "Keras defaults: Glorot-uniform weights, zero biases")
  // With --compare-pytorch, one epoch of PyTorch on the same images, before ours (nil without the flag).
  let pytorch = try chapter.timePyTorch(workload: "cnn", trainingExamples: train.count)

  // region: training
  let workload = Workload.w2  // Adam with learning rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8; batches of 32
  let optimizer = workload.makeOptimizer(for: model)
  try chapter.train(
    model: model, optimizer: optimizer,
    batches: { epoch in
      EpochBatches(count: train.count, batchSize: workload.batchSize, seed: chapter.seed, epoch: epoch)
        .map(ExampleIndices.init)
    },
    prepare: { batch in train.imageBatch(at: batch.indices) },  // each half's images, gathered on the core that trains on it
    inHalves: true,  // each batch's two halves at once, one per core
    loss: { images, labels in model(images).crossEntropy(targets: labels) },
    evaluate: { _ in
      let logits = classLogits(of: model, for: test)
      return [
        ("test_loss", Double(logits.crossEntropy(targets: test.labels).scalar)),
        ("test_accuracy", accuracy(predictions: logits.argmaxLastAxis(), labels: test.labels)),
      ]
    })
  // endregion

  let steps = (train.count + workload.batchSize - 1) / workload.batchSize
  let seconds = chapter.metrics.numbers("epoch_seconds")
  let median = CourseKit.median(of: seconds)
  chapter.say(String(format: "%d steps per epoch; median epoch %.2f s, %.2f ms per step.",
    steps, median, median / Double(steps) * 1e3))
  chapter.metrics.record("steps_per_epoch", steps)
  chapter.metrics.record("median_epoch_seconds", median)
  chapter.metrics.record("fastest_epoch_seconds", seconds.min() ?? 0)
  chapter.metrics.record("slowest_epoch_seconds", seconds.max() ?? 0)
  chapter.metrics.record("step_milliseconds", median / Double(steps) * 1e3)
  chapter.metrics.record("images_per_second", Double(train.count) / median)
  chapter.metrics.record("load_average_after_training", currentLoadAverage())
  // Training costs about three forward passes (forward, and backward for inputs and weights),
  // less the first layer's input gradient, which is never computed: two flops per multiply-add.
  let trainingFlops = Double(workload.productCount.trainingFLOPs) / Double(workload.batchSize) * Double(train.count)
  chapter.metrics.record("training_teraflops_per_epoch", trainingFlops / 1e12)
  chapter.metrics.record("training_gigaflops_per_second", trainingFlops / median / 1e9)
  chapter.recordSideBySide(
    pytorch, oursEpochSeconds: median, examples: "\(train.count) training images", chineseExamples: "\(train.count) 张训练图像")
  // The peers' figures for the same recipe, from their own runs on another machine (shared/peers/RESULTS.md):
  // the accuracies hold anywhere, the timings only there, so the text draws no ratio from them.
  chapter.metrics.record("pytorch_test_accuracy", 0.9001)
  chapter.metrics.record("keras_test_accuracy", 0.8994)
  // Zalando's benchmark table in the data set's README, cited beside ours, not measured here.
  chapter.metrics.record("cited_zalando_benchmark", MetricValue.object([
    ("source", .text("/usr/share/doc/dataset-fashion-mnist/README.md.gz, benchmark table and 'Why'")),
    ("mlp_256_128_100", .number(0.8833)), ("cnn_3conv_2fc", .number(0.907)), ("best_small_cnn", .number(0.939)),  // "2 Conv+2 FC", trained with random horizontal flips
    ("best_small_cnn_without_preprocessing", .number(0.934)),  // "2 Conv+pooling+BN", preprocessing "None"
    ("mnist_cnn", .number(0.997)),
  ]))
  chapter.recordPeerReference(
    workload: "W2, 5 epochs (times: median epoch)",
    timings: ["pytorch_epoch_seconds": 17.08, "keras_epoch_seconds": 19.54])

  let losses = Panel(
    title: "Cross-entropy", xLabel: "epoch", yLabel: "mean cross-entropy", legend: .topRight,
    series: [
      .line(y: chapter.metrics.numbers("train_loss"), title: "train (during the epoch)"),
      .line(y: chapter.metrics.numbers("test_loss_per_epoch"), title: "test (after the epoch)", dashed: true),
    ])
  let accuracies = Panel(
    title: "Test accuracy", xLabel: "epoch", yLabel: "accuracy", legend: .bottomRight,
    series: [.line(y: chapter.metrics.numbers("test_accuracy_per_epoch"), title: "test accuracy")])
  try chapter.save(Figure(title: "Training the CNN", panels: [losses, accuracies]), as: "training-curves", preview: true)
  return model
}

/// Prints and records the per-layer table and the total parameter count.
private func recordSummary(_ chapter: ChapterRun, model: Sequential, imageShape: [Int]) {
  let rows = layerSummary(of: model, imageShape: imageShape)
  chapter.say("layer                 output shape     parameters")
  for row in rows {
    let shape = "(" + row.outputShape.map(String.init).joined(separator: ", ") + ")"
    chapter.say(row.name.padding(toLength: 21, withPad: " ", startingAt: 0) + " "
      + shape.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: " %10d", row.parameterCount))
  }
  chapter.say("total: \(model.parameterCount) parameters")
  let names = ["conv1", "pool1", "conv2", "pool2", "conv3", "flatten", "dense1", "dense2"]
  let entries = zip(names, rows).map { name, row -> (String, MetricValue) in
    (name, .object(
      MetricValue.bilingualFields("layer", english: row.name, chinese: chineseLayerName(row.name)) + [
        ("output_shape", .text(row.outputShape.map(String.init).joined(separator: " × "))),
        ("parameters", .integer(row.parameterCount)),
      ]))
  }
  chapter.metrics.record("layers", MetricValue.object(entries))
  chapter.metrics.record("parameter_count", model.parameterCount)
  // Multiply-adds of one image's forward pass: each weight of a layer is used once per output
  // position (every pixel for a convolution, once for a dense layer); two flops each.
  let forwardFlops = model.productCount(inputShape: [1] + imageShape, inputNeedsGradient: false).count.forwardFLOPs
  chapter.metrics.record("forward_megaflops_per_image", Double(forwardFlops) / 1e6)
  let convolutional = rows.filter { $0.name.hasPrefix("Conv2D") }.reduce(0) { $0 + $1.parameterCount }
  chapter.metrics.record("convolution_parameter_count", convolutional)
  chapter.metrics.record("convolution_parameter_share", Double(convolutional) / Double(model.parameterCount))
}
