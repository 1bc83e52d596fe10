import Autograd
import Datasets
import Foundation
import Plotting

// How a classifier's test errors are analysed, shared by the chapters that
// train one on Fashion-MNIST (3 and 4): the confusion matrix, per-class
// precision, recall and F1, and a grid of misclassified images.

// region: confusion-matrix
/// counts[t][p]: how many images of true class t were predicted as class p.
/// The diagonal holds the correct answers; every other cell is one kind of mistake.
public func confusionMatrix(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
  for (predicted, truth) in zip(predictions, labels) { counts[truth][predicted] += 1 }
  return counts
}
// endregion

// region: class-scores
/// Precision, recall and F1 of each class, read off a confusion matrix.
public struct ClassScores {
  /// Of the images predicted as class k, the share that are k: C[k][k] / Σₜ C[t][k].
  public let precision: [Double]
  /// Of the images of class k, the share predicted as k: C[k][k] / Σₚ C[k][p].
  public let recall: [Double]
  /// The harmonic mean of the two, 2PR / (P + R): high only when both are.
  public let f1: [Double]

  public init(confusion counts: [[Int]]) {
    let classes = counts.indices
    let predictedAs = classes.map { k in classes.reduce(0) { $0 + counts[$1][k] } }  // column sums
    let actually = classes.map { k in counts[k].reduce(0, +) }  // row sums
    func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
    precision = classes.map { ratio(counts[$0][$0], predictedAs[$0]) }
    recall = classes.map { ratio(counts[$0][$0], actually[$0]) }
    f1 = zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
  }
}
// endregion

/// Where the network goes wrong on the test images: prints and records the
/// confusion matrix and the class scores, and draws their figures.
public func analyzeTestErrors(_ chapter: ChapterRun, testLogits: Tensor, test: ImageDataset) throws {
  chapter.section("Where the network goes wrong")
  let names = test.classNames
  let predictions = testLogits.argmaxLastAxis()
  let counts = confusionMatrix(predictions: predictions, labels: test.labels, classCount: names.count)
  let scores = ClassScores(confusion: counts)
  chapter.metrics.record("confusion_matrix", counts)
  chapter.metrics.record("precision", scores.precision)
  chapter.metrics.record("recall", scores.recall)
  chapter.metrics.record("f1", scores.f1)
  chapter.metrics.record("macro_f1", scores.f1.reduce(0, +) / Double(scores.f1.count))
  chapter.say("class          precision  recall   F1")
  for k in names.indices {
    chapter.say(names[k].padding(toLength: 14, withPad: " ", startingAt: 0)
      + String(format: " %9.4f %7.4f %7.4f", scores.precision[k], scores.recall[k], scores.f1[k]))
  }
  let worst = scores.f1.indices.min { scores.f1[$0] < scores.f1[$1] }!
  let best = scores.f1.indices.max { scores.f1[$0] < scores.f1[$1] }!
  let chineseNames = test.chineseClassNames
  chapter.metrics.record("worst_f1_class", english: names[worst], chinese: chineseNames[worst])
  chapter.metrics.record("best_f1_class", english: names[best], chinese: chineseNames[best])

  // The largest off-diagonal cell, and how many mistakes stay among the upper-body garments.
  var confused = (truth: 0, predicted: 1, count: -1)
  var upperBodyMistakes = 0
  for truth in names.indices {
    for predicted in names.indices where predicted != truth {
      if counts[truth][predicted] > confused.count { confused = (truth, predicted, counts[truth][predicted]) }
      if ClassGroup.upperBody.contains(truth) && ClassGroup.upperBody.contains(predicted) {
        upperBodyMistakes += counts[truth][predicted]
      }
    }
  }
  let mistakes = zip(predictions, test.labels).filter { $0 != $1 }.count
  chapter.say("\(mistakes) of \(test.count) test images misclassified; \(upperBodyMistakes) of those mistake one upper-body "
    + "garment for another; the most frequent mistake: \(names[confused.truth]) → \(names[confused.predicted]) (\(confused.count))")
  chapter.metrics.record("misclassified_count", mistakes)
  chapter.metrics.record("upper_body_mistake_share", Double(upperBodyMistakes) / Double(max(mistakes, 1)))
  chapter.metrics.record("most_confused_true", english: names[confused.truth], chinese: chineseNames[confused.truth])
  chapter.metrics.record("most_confused_predicted", english: names[confused.predicted], chinese: chineseNames[confused.predicted])
  chapter.metrics.record("most_confused_count", confused.count)

  try saveErrorFigures(chapter, counts: counts, scores: scores, test: test, testLogits: testLogits, predictions: predictions)
}

private func saveErrorFigures(
  _ chapter: ChapterRun, counts: [[Int]], scores: ClassScores, test: ImageDataset,
  testLogits: Tensor, predictions: [Int]
) throws {
  let names = test.classNames
  let confusion = Panel(
    title: "Confusion matrix of the test images (rows: true class, columns: predicted)",
    xLabel: "predicted", yLabel: "true",
    series: [.heatmap(counts.map { $0.map(Double.init) }, xLabels: names, yLabels: names, showValues: true, title: "images")])
  try chapter.save(Figure(confusion, width: 820, height: 760), as: "confusion-matrix")

  let perClass = Panel(
    title: "Per-class scores on the test images", yLabel: "score", yRange: 0...1, legend: .below,
    series: [
      .bars(labels: names, values: scores.precision, title: "precision"),
      .bars(labels: names, values: scores.recall, title: "recall"),
      .bars(labels: names, values: scores.f1, title: "F1"),
    ])
  try chapter.save(Figure(perClass, width: 900, height: 420), as: "class-scores")

  // The 24 mistakes the network was surest of: its largest softmax probability on a wrong class.
  let probabilities = testLogits.softmax()
  let wrong = test.labels.indices.filter { predictions[$0] != test.labels[$0] }
  let surest = wrong.sorted { probabilities[$0, predictions[$0]] > probabilities[$1, predictions[$1]] }.prefix(24)
  let images = surest.map { Array(test.pixels(ofImage: $0)) }
  let captions = surest.map { index in
    "\(names[test.labels[index]]) → \(names[predictions[index]])"
  }
  let grid = Panel(series: [.imageGrid(images, width: test.width, height: test.height, columns: 6, captions: captions, range: 0...1)])
  try chapter.save(
    Figure(title: "The mistakes the network is surest of (true → predicted)", width: 900, height: 680, panels: [grid]),
    as: "misclassified")
  if let least = surest.last, let most = surest.first {
    chapter.metrics.record("misclassified_shown", surest.count)
    chapter.metrics.record("misclassified_confidence_max", probabilities[most, predictions[most]])
    chapter.metrics.record("misclassified_confidence_min", probabilities[least, predictions[least]])
    chapter.metrics.record("misclassified_shown_footwear",
      surest.filter { ClassGroup.footwear.contains(test.labels[$0]) && ClassGroup.footwear.contains(predictions[$0]) }.count)
  }
  // How sure the network is, on average, when it mixes up two garments of one group.
  for (name, group) in [("upper_body", ClassGroup.upperBody), ("footwear", ClassGroup.footwear)] {
    let mixUps = wrong.filter { group.contains(test.labels[$0]) && group.contains(predictions[$0]) }
    let meanConfidence = mixUps.map { Double(probabilities[$0, predictions[$0]]) }.reduce(0, +) / Double(max(mixUps.count, 1))
    chapter.metrics.record("\(name)_mistakes", mixUps.count)
    chapter.metrics.record("\(name)_mistake_confidence", meanConfidence)
  }
}

/// Groups of Fashion-MNIST classes, by label.
public enum ClassGroup {
  /// T-shirt/top, Pullover, Coat and Shirt: at 28×28 pixels, much the same silhouette.
  public static let upperBody: Set<Int> = [0, 2, 4, 6]
  /// Sandal, Sneaker and Ankle boot.
  public static let footwear: Set<Int> = [5, 7, 9]
}
