import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

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
  // W1's recipe: Adam with learning rate 1e-3, β₁ 0.9 and β₂ 0.999 as everywhere, ε 1e-8 as in PyTorch
  // (Keras: 1e-7); batches of 32.
  let workload = Workload.w1
  let optimizer = workload.makeOptimizer(for: model)
  try chapter.train(
    model: model, optimizer: optimizer,
    batches: { epoch in
      // A new order every epoch, fixed by the seed and the epoch number.
      EpochBatches(count: train.count, batchSize: workload.batchSize, seed: chapter.seed, epoch: epoch)
        .map(ExampleIndices.init)
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

  let steps = (train.count + workload.batchSize - 1) / workload.batchSize
  let seconds = chapter.metrics.numbers("epoch_seconds")
  let median = median(of: seconds)
  chapter.say(String(format: "%d steps per epoch; median epoch %.3f s, %.1f µs per step (gather, forward, backward, Adam).",
    steps, median, median / Double(steps) * 1e6))
  chapter.metrics.record("steps_per_epoch", steps)
  chapter.metrics.record("median_epoch_seconds", median)
  chapter.metrics.record("step_microseconds", median / Double(steps) * 1e6)
  chapter.recordSideBySide(
    pytorch, oursEpochSeconds: median, examples: "\(train.count) training images", chineseExamples: "\(train.count) 张训练图像")
  // Each weight takes part in one multiply-add per example forward and two backward (its own
  // gradient and its input's), but one in the first layer, whose input, the images, needs no gradient.
  chapter.metrics.record("step_megaflops", Double(workload.productCount.trainingFLOPs) / 1e6)

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
