import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// The classifier's recipe: article 003 §5's Adam and batch of 64, our sizes.
enum ClassifierRecipe {
  static let batchSize = 64
  static let learningRate: Float = 1e-3
  /// More than the article's `epochs=5`, to see where the test accuracy levels off; quick runs take 2.
  static let epochs = 12
  static let quickEpochs = 2
  /// The models compared, by their name in the metrics: article 003's, the
  /// same without attention, and the same without the block.
  static let models: [(name: String, body: SequenceClassifier.Body)] = [
    ("transformer", .block), ("block_without_attention", .blockWithoutAttention), ("bag_of_bytes", .none),
  ]
}

/// What one model learned: its accuracy on the training and test fortunes and
/// its test loss after every epoch, its mean training loss in every epoch, and
/// the seconds training took.
struct ClassifierHistory {
  var testAccuracy: [Double] = []
  var trainAccuracy: [Double] = []
  var testLoss: [Double] = []
  var trainLoss: [Double] = []
  var seconds = 0.0
}

/// Article 003 §5's sequence classifier, the same model without its
/// attention and without its whole Transformer block, on which of two fortune
/// files a fortune comes from.
func classifyFortunes(_ chapter: ChapterRun, data: FortunePairs) throws {
  chapter.section("A sequence classifier: article 003's model, built")
  var data = data
  if chapter.isQuick {
    data = FortunePairs(train: Array(data.train.prefix(128)), test: Array(data.test.prefix(64)), truncatedCount: data.truncatedCount)
  }
  let ones = data.test.filter { $0.label == 1 }.count
  let majority = Double(max(ones, data.test.count - ones)) / Double(data.test.count)
  chapter.say("\(FortunePairs.files.joined(separator: " vs ")): \(data.train.count) training and \(data.test.count) "
    + "test fortunes (\(data.truncatedCount) cut to \(FortunePairs.maximumLength) bytes); majority class "
    + String(format: "%.1f%%", majority * 100) + " of the test set.")
  // The files' names, after "which of two of Debian's fortune files a fortune comes from,".
  chapter.metrics.record("classifier_files", english: FortunePairs.files.joined(separator: " and "),
    chinese: chineseList(FortunePairs.files.map { "`\($0)`" }))
  chapter.metrics.record("classifier_train_count", data.train.count)
  chapter.metrics.record("classifier_test_count", data.test.count)
  chapter.metrics.record("classifier_truncated_count", data.truncatedCount)
  chapter.metrics.record("classifier_maximum_length", FortunePairs.maximumLength)
  chapter.metrics.record("classifier_majority_baseline", majority)
  chapter.metrics.record("classifier_mean_length", Double(data.train.map(\.bytes.count).reduce(0, +)) / Double(data.train.count))

  var histories: [(name: String, history: ClassifierHistory)] = []
  for (name, body) in ClassifierRecipe.models {
    // The same seed for every model: the same embeddings; the block without attention also the same MLP
    // and readout as the full model (the bag draws no block, so its readout comes earlier in the stream and differs).
    let model = SequenceClassifier(
      maximumLength: FortunePairs.maximumLength, body: body, random: RandomGenerator(seed: chapter.seed &+ 23))
    let history = try trainClassifier(chapter, model: model, data: data)
    chapter.say("\(name): \(model.parameterCount) parameters, test accuracy "
      + history.testAccuracy.map { String(format: "%.3f", $0) }.joined(separator: " ")
      + String(format: " over the epochs, %.1f s", history.seconds))
    chapter.metrics.record("classifier_\(name)_parameter_count", model.parameterCount)
    chapter.metrics.record("classifier_\(name)_test_accuracy", history.testAccuracy)
    let final = history.testAccuracy.last ?? 0
    chapter.metrics.record("classifier_\(name)_final_accuracy", final)
    chapter.metrics.record("classifier_\(name)_standard_error", binomialStandardError(final, count: data.test.count))
    chapter.metrics.record("classifier_\(name)_train_loss", history.trainLoss)
    chapter.metrics.record("classifier_\(name)_train_accuracy", history.trainAccuracy)
    chapter.metrics.record("classifier_\(name)_test_loss", history.testLoss)
    recordLowestTestLoss(chapter, name: name, history: history)
    chapter.metrics.record("classifier_\(name)_seconds", history.seconds)
    histories.append((name, history))
  }
  chapter.metrics.record("classifier_epochs", histories[0].history.testAccuracy.count)
  // The article's model trains 5 epochs: where ours stood then (after the last, in a quick run of fewer).
  let articleEpochs = min(5, histories[0].history.testAccuracy.count)
  chapter.metrics.record(
    "classifier_transformer_accuracy_after_five_epochs", histories[0].history.testAccuracy[articleEpochs - 1])
  // What the block adds to the bag, and how that splits between its MLP and its attention.
  let (full, withoutAttention, bag) = (histories[0].history, histories[1].history, histories[2].history)
  let gains = [
    ("classifier_block_gain", full, bag), ("classifier_mlp_gain", withoutAttention, bag),
    ("classifier_attention_gain", full, withoutAttention),
  ].map { key, better, baseline in recordGain(chapter, key, of: better, over: baseline, testCount: data.test.count) }
  let conclusion = attentionConclusion(block: gains[0], mlp: gains[1], attention: gains[2])
  chapter.metrics.record("classifier_attention_conclusion", english: conclusion.english, chinese: conclusion.chinese)
  try drawClassifierCurves(chapter, histories: histories, majority: majority)
}

// region: classifier-training
/// Trains `model` with Adam on binary cross-entropy, and measures its test
/// accuracy (a logit above 0 is a guess of label 1) after every epoch.
func trainClassifier(_ chapter: ChapterRun, model: SequenceClassifier, data: FortunePairs) throws -> ClassifierHistory {
  let optimizer = Adam(parameters: model.namedParameters, learningRate: ClassifierRecipe.learningRate)
  var history = ClassifierHistory()
  let epochs = chapter.isQuick ? ClassifierRecipe.quickEpochs : ClassifierRecipe.epochs
  for epoch in 1...epochs {
    let start = DispatchTime.now().uptimeNanoseconds
    var lossSum = 0.0
    let batches = EpochBatches(
      count: data.train.count, batchSize: ClassifierRecipe.batchSize, seed: chapter.seed, epoch: epoch)
    for indices in batches {
      try chapter.stopIfInterrupted()
      let examples = indices.map { data.train[$0] }
      let (bytes, lengths, time) = FortunePairs.batch(examples)
      optimizer.clearGradients()
      let loss = model(bytes: bytes, lengths: lengths, time: time).binaryCrossEntropy(labels: examples.map(\.label))
      loss.backward()
      optimizer.step()
      lossSum += Double(loss.scalar) * Double(examples.count)
    }
    history.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    history.trainLoss.append(lossSum / Double(data.train.count))
    let (trainAccuracy, _) = evaluate(model, on: data.train)
    let (testAccuracy, testLoss) = evaluate(model, on: data.test)
    history.trainAccuracy.append(trainAccuracy)
    history.testAccuracy.append(testAccuracy)
    history.testLoss.append(testLoss)
  }
  return history
}

/// The fraction of `examples` whose logit falls on the side of 0 of their
/// label, and the mean binary cross-entropy over them.
func evaluate(_ model: SequenceClassifier, on examples: [FortunePairs.Example]) -> (accuracy: Double, loss: Double) {
  var (correct, lossSum) = (0, 0.0)
  withoutGradient {
    for start in stride(from: 0, to: examples.count, by: ClassifierRecipe.batchSize) {
      let slice = examples[start..<min(start + ClassifierRecipe.batchSize, examples.count)]
      let (bytes, lengths, time) = FortunePairs.batch(slice)
      let logits = model(bytes: bytes, lengths: lengths, time: time)
      correct += zip(logits.scalars, slice).filter { ($0 > 0 ? 1 : 0) == $1.label }.count
      lossSum += Double(logits.binaryCrossEntropy(labels: slice.map(\.label)).scalar) * Double(slice.count)
    }
  }
  return (Double(correct) / Double(examples.count), lossSum / Double(examples.count))
}
// endregion

/// Test accuracy per epoch of the three models, with the majority class as a floor.
private func drawClassifierCurves(
  _ chapter: ChapterRun, histories: [(name: String, history: ClassifierHistory)], majority: Double
) throws {
  let titles = [
    "transformer": "with the Transformer block", "block_without_attention": "the block without attention",
    "bag_of_bytes": "bag of bytes",
  ]
  let epochs = histories[0].history.testAccuracy.count
  let panel = Panel(
    title: "Which file a fortune comes from", xLabel: "epoch", yLabel: "test accuracy", legend: .bottomRight,
    series: histories.enumerated().map { index, entry in
      .line(y: entry.history.testAccuracy, title: titles[entry.name] ?? entry.name, dashed: index > 0)
    } + [.line(y: Array(repeating: majority, count: epochs), title: "majority class", dashed: true)])
  try chapter.save(Figure(title: "The sequence classifier", panels: [panel]), as: "classifier-accuracy")
}
