import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

// region: mlp
/// Chapter 3's architecture, 784 → 64 → 64 → 10 with ReLU, initialized as the
/// CNN is (Keras's Glorot-uniform rule; chapter 3 used PyTorch's), so that the
/// two differ only in their layers.
func makeMultilayerPerceptron(random: RandomGenerator) -> Sequential {
  Sequential([
    Flatten(),  // [batch, 28, 28, 1] → [batch, 784]: every pixel is just an input, its neighbors forgotten
    Linear(inputSize: 784, outputSize: 64, random: random), ReLU(),
    Linear(inputSize: 64, outputSize: 64, random: random), ReLU(),
    Linear(inputSize: 64, outputSize: 10, random: random),
  ])
}
// endregion

/// Section 6: the MLP of chapter 3 trained here, on the same images, for the
/// same epochs, with the same optimizer and batch order, against the CNN.
///
/// A plain loop of the same steps as `chapter.train` (clear, loss, backward,
/// Adam), so that the CNN's checkpoint and training metrics stay the CNN's.
func compareWithMultilayerPerceptron(_ chapter: ChapterRun, data: FashionImages, cnnPredictions: [Int]) throws {
  chapter.section("The same data through chapter 3's MLP")
  let (train, test) = (data.train, data.test)
  let model = makeMultilayerPerceptron(random: RandomGenerator(seed: chapter.seed &+ 101))
  // region: mlp-training
  let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
  var (losses, seconds, accuracies) = ([Double](), [Double](), [Double]())
  for epoch in 1...chapter.epochs {
    let start = DispatchTime.now().uptimeNanoseconds
    var lossSum = 0.0
    for batch in EpochBatches(count: train.count, batchSize: 32, seed: chapter.seed, epoch: epoch) {
      let (images, labels) = train.imageBatch(at: batch)
      optimizer.clearGradients()
      let loss = model(images).crossEntropy(targets: labels)
      loss.backward()
      optimizer.step()
      lossSum += Double(loss.scalar) * Double(batch.count)
    }
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    losses.append(lossSum / Double(train.count))
    accuracies.append(accuracy(predictions: classLogits(of: model, for: test).argmaxLastAxis(), labels: test.labels))
  }
  // endregion
  chapter.metrics.record("mlp_train_loss", losses)
  chapter.metrics.record("mlp_epoch_seconds", seconds)
  chapter.metrics.record("mlp_test_accuracy_per_epoch", accuracies)
  chapter.metrics.record("mlp_test_accuracy", accuracies.last ?? 0)
  chapter.metrics.record("mlp_test_accuracy_rises", zip(accuracies, accuracies.dropFirst()).filter { $1 > $0 }.count)

  let mlpSeconds = chapter.metrics.numbers("mlp_epoch_seconds")
  let mlpMedian = median(of: mlpSeconds)
  let cnnMedian = chapter.metrics.number("median_epoch_seconds")
  chapter.metrics.record("mlp_parameter_count", model.parameterCount)
  // Two flops per weight per image forward, as for the CNN's dense layers.
  let mlpForwardFlops = 2 * model.parameters.filter { $0.shape.count == 2 }.reduce(0) { $0 + $1.value.scalarCount }
  chapter.metrics.record("cnn_to_mlp_flops_ratio",
    chapter.metrics.number("forward_megaflops_per_image") * 1e6 / Double(mlpForwardFlops))
  chapter.metrics.record("mlp_median_epoch_seconds", mlpMedian)
  chapter.metrics.record("cnn_to_mlp_time_ratio", cnnMedian / max(mlpMedian, 1e-9))
  let mlpAccuracy = chapter.metrics.number("mlp_test_accuracy")
  let cnnAccuracy = chapter.metrics.number("test_accuracy")
  chapter.metrics.record("accuracy_gain", cnnAccuracy - mlpAccuracy)
  // How many fewer test errors the CNN makes, as a share of the MLP's (net counts, not per image).
  chapter.metrics.record("error_reduction", (cnnAccuracy - mlpAccuracy) / max(1 - mlpAccuracy, 1e-9))
  chapter.metrics.record("cnn_to_mlp_parameter_ratio",
    chapter.metrics.number("parameter_count") / Double(model.parameterCount))
  recordMistakeKinds(chapter, mlpPredictions: classLogits(of: model, for: test).argmaxLastAxis(),
    cnnPredictions: cnnPredictions, test: test)
  chapter.say(String(format: "MLP: %d parameters, test accuracy %.4f, median epoch %.2f s; CNN: %.0f parameters, "
    + "test accuracy %.4f, median epoch %.2f s.", model.parameterCount, mlpAccuracy, mlpMedian,
    chapter.metrics.number("parameter_count"), cnnAccuracy, cnnMedian))

  let accuracyPanel = Panel(
    title: "Test accuracy after each epoch", xLabel: "epoch", yLabel: "accuracy", legend: .bottomRight,
    series: [
      .line(y: chapter.metrics.numbers("test_accuracy_per_epoch"), title: "CNN"),
      .line(y: chapter.metrics.numbers("mlp_test_accuracy_per_epoch"), title: "MLP 784-64-64-10", dashed: true),
    ])
  let lossPanel = Panel(
    title: "Training loss", xLabel: "epoch", yLabel: "mean cross-entropy", legend: .topRight,
    series: [
      .line(y: chapter.metrics.numbers("train_loss"), title: "CNN"),
      .line(y: chapter.metrics.numbers("mlp_train_loss"), title: "MLP 784-64-64-10", dashed: true),
    ])
  try chapter.save(Figure(title: "CNN against MLP on the same images", panels: [accuracyPanel, lossPanel]), as: "cnn-vs-mlp")
}

/// The two networks' test mistakes by kind: mix-ups among the four upper-body
/// garments, and every other kind. Records both networks' counts and, per kind,
/// how many fewer the CNN makes as a share of the MLP's (net counts, not per image).
private func recordMistakeKinds(
  _ chapter: ChapterRun, mlpPredictions: [Int], cnnPredictions: [Int], test: ImageDataset
) {
  let classCount = test.classNames.count
  let mlp = confusionMatrix(predictions: mlpPredictions, labels: test.labels, classCount: classCount)
  let cnn = confusionMatrix(predictions: cnnPredictions, labels: test.labels, classCount: classCount)
  /// (upper-body mix-ups, all other mistakes) of a confusion matrix.
  func mistakes(_ counts: [[Int]]) -> (upperBody: Int, other: Int) {
    var result = (upperBody: 0, other: 0)
    for truth in counts.indices {
      for predicted in counts.indices where predicted != truth {
        let both = ClassGroup.upperBody.contains(truth) && ClassGroup.upperBody.contains(predicted)
        if both { result.upperBody += counts[truth][predicted] } else { result.other += counts[truth][predicted] }
      }
    }
    return result
  }
  let (mlpMistakes, cnnMistakes) = (mistakes(mlp), mistakes(cnn))
  chapter.metrics.record("mlp_upper_body_mistakes", mlpMistakes.upperBody)
  chapter.metrics.record("mlp_other_mistakes", mlpMistakes.other)
  chapter.metrics.record("cnn_other_mistakes", cnnMistakes.other)
  let upperBodyAvoided = 1 - Double(cnnMistakes.upperBody) / Double(max(mlpMistakes.upperBody, 1))
  let otherAvoided = 1 - Double(cnnMistakes.other) / Double(max(mlpMistakes.other, 1))
  chapter.metrics.record("upper_body_mistakes_avoided", upperBodyAvoided)
  chapter.metrics.record("other_mistakes_avoided", otherAvoided)
  // What the two shares say, in words the text can cite whatever the run: within 10 points counts as the same.
  let comparison = abs(upperBodyAvoided - otherAvoided) < 0.1
    ? "about the same share of each kind (within 10 percentage points), so the structure does not single out "
      + "the upper-body confusions"
    : upperBodyAvoided > otherAvoided
      ? "a clearly larger share of the upper-body mix-ups than of the rest"
      : "a clearly smaller share of the upper-body mix-ups than of the rest: they stay the hard part"
  // The English ends "on balance it removes {{…}}."; the Chinese is a whole clause, "总的来看，{{…}}。".
  let chineseComparison = abs(upperBodyAvoided - otherAvoided) < 0.1
    ? "两类错误减少的比例大致相同（相差不到 10 个百分点），所以这种结构并没有特别消除上身衣物之间的混淆"
    : upperBodyAvoided > otherAvoided
      ? "上身衣物之间的混淆减少的比例明显大于其他错误"
      : "上身衣物之间的混淆减少的比例明显小于其他错误：它们仍是难点"
  chapter.metrics.record("mistake_kinds_comparison", english: comparison, chinese: chineseComparison)
  chapter.say("Mistakes among upper-body garments: MLP \(mlpMistakes.upperBody), CNN \(cnnMistakes.upperBody); "
    + "all other mistakes: MLP \(mlpMistakes.other), CNN \(cnnMistakes.other).")
}
