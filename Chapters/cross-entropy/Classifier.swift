import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

// region: model
/// The article's network: 784 → 64 → 64 → 10, ReLU between the layers, and
/// logits out (the softmax lives inside the loss).
func makeArticleNetwork(random: RandomGenerator, defaults: FrameworkDefaults = .pytorch) -> Sequential {
  func dense(_ inputs: Int, _ outputs: Int) -> Linear {
    Linear(
      inputSize: inputs, outputSize: outputs,
      weightInitializer: defaults.weightInitializer(fanIn: inputs), biasInitializer: defaults.biasInitializer(fanIn: inputs),
      random: random)
  }
  return Sequential([
    Flatten(),  // [batch, 28, 28] → [batch, 784]: the reshape the article's code leaves out
    dense(784, 64), ReLU(),
    dense(64, 64), ReLU(),
    dense(64, 10),
  ])
}
// endregion

/// What the article's code leaves to its framework: how the weights start, and Adam's ε.
enum FrameworkDefaults {
  /// PyTorch's `nn.Linear` and `torch.optim.Adam`: weights and biases uniform in ±1/√fan-in, ε 1e-8.
  case pytorch
  /// Keras's `Dense` and `'adam'`: Glorot-uniform weights, zero biases, ε 1e-7.
  case keras

  func weightInitializer(fanIn: Int) -> Initializer {
    switch self {
    case .pytorch: .pytorchLinear(fanIn: fanIn)
    case .keras: .glorotUniform
    }
  }

  func biasInitializer(fanIn: Int) -> Initializer {
    switch self {
    case .pytorch: .pytorchLinear(fanIn: fanIn)
    case .keras: .zeros
    }
  }

  var adamEpsilon: Float {
    switch self {
    case .pytorch: 1e-8
    case .keras: 1e-7
    }
  }
}

/// Section 5: the article's network, trained with Adam on Fashion-MNIST.
///
/// - Returns: the trained network's logits for every test image, [count, 10].
func trainClassifier(_ chapter: ChapterRun, data: FashionData) throws -> Tensor {
  chapter.section("The article's network on Fashion-MNIST")
  let (train, test) = (data.train, data.test)
  // Its own generator from the seed, as every run of the seed spread has: the same seed, the same network.
  let model = makeArticleNetwork(random: RandomGenerator(seed: chapter.seed))
  chapter.say("784-64-64-10 network, \(model.parameterCount) parameters; Adam, learning rate 0.001, batches of 32.")
  chapter.metrics.record("parameter_count", model.parameterCount)
  chapter.metrics.record("initializer", "pytorchLinear: weights and biases uniform in ±1/√fan-in")
  // With --compare-pytorch, one epoch of PyTorch on the same images, before ours (nil without the flag).
  let pytorch = try chapter.timePyTorch(workload: "mlp", trainingExamples: train.count)

  // region: training
  // β₁ 0.9 and β₂ 0.999 as everywhere; ε 1e-8 as in PyTorch (Keras: 1e-7).
  let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3, epsilon: FrameworkDefaults.pytorch.adamEpsilon)
  try chapter.train(
    model: model, optimizer: optimizer,
    batches: { epoch in
      // A new order every epoch, fixed by the seed and the epoch number.
      EpochBatches(count: train.count, batchSize: 32, seed: chapter.seed, epoch: epoch).map(ExampleIndices.init)
    },
    // Gathered on the second core while the first trains on the batch before.
    prepare: { batch in train.tensorBatch(at: batch.indices) },
    loss: { images, labels in model(images).crossEntropy(targets: labels) },
    evaluate: { _ in
      let logits = classLogits(of: model, for: test)
      return [
        ("test_loss", Double(logits.crossEntropy(targets: test.labels).scalar)),
        ("test_accuracy", accuracy(predictions: logits.argmaxLastAxis(), labels: test.labels)),
      ]
    })
  // endregion

  let steps = (train.count + 31) / 32
  let seconds = chapter.metrics.numbers("epoch_seconds")
  let median = median(of: seconds)
  chapter.say(String(format: "%d steps per epoch; median epoch %.3f s, %.1f µs per step (gather, forward, backward, Adam).",
    steps, median, median / Double(steps) * 1e6))
  chapter.metrics.record("steps_per_epoch", steps)
  chapter.metrics.record("median_epoch_seconds", median)
  chapter.metrics.record("step_microseconds", median / Double(steps) * 1e6)
  chapter.recordSideBySide(pytorch, oursEpochSeconds: median, examples: "\(train.count) training images")
  // Each weight takes part in one multiply-add per example forward and two backward
  // (its own gradient and its input's): 6 floating-point operations per weight per
  // example, but 4 in the first layer, whose input, the images, needs no gradient.
  let weightMatrices = model.parameters.filter { $0.shape.count == 2 }.map(\.value.scalarCount)
  let operationsPerExample = 4 * weightMatrices[0] + 6 * weightMatrices.dropFirst().reduce(0, +)
  chapter.metrics.record("step_megaflops", Double(32 * operationsPerExample) / 1e6)

  let testLosses = chapter.metrics.numbers("test_loss_per_epoch")
  let bestEpoch = testLosses.indices.min { testLosses[$0] < testLosses[$1] }!
  chapter.metrics.record("best_test_loss_epoch", bestEpoch + 1)
  chapter.metrics.record("best_test_loss", testLosses[bestEpoch])

  let losses = Panel(
    title: "Cross-entropy", xLabel: "epoch", yLabel: "mean cross-entropy", legend: .topRight,
    series: [
      .line(y: chapter.metrics.numbers("train_loss"), title: "train (during the epoch)"),
      .line(y: chapter.metrics.numbers("test_loss_per_epoch"), title: "test (after the epoch)", dashed: true),
    ])
  let accuracies = Panel(
    title: "Test accuracy", xLabel: "epoch", yLabel: "accuracy", legend: .bottomRight,
    series: [.line(y: chapter.metrics.numbers("test_accuracy_per_epoch"), title: "test accuracy")])
  try chapter.save(Figure(title: "Training the 784-64-64-10 network", panels: [losses, accuracies]),
    as: "training-curves", preview: true)
  return classLogits(of: model, for: test)
}

/// The logits of `model` for every image of `data`.
func classLogits(of model: Sequential, for data: ImageDataset) -> Tensor {
  classLogits(of: model, for: data, chunkSize: 1_000) { data.tensorBatch(at: $0).images }
}
