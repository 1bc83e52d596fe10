import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// Beyond accuracy: the baseline network's precision, recall and F1 per
/// class (chapter 3's), and its ROC curves and AUC, each class against the rest.
func evaluateBeyondAccuracy(_ chapter: ChapterRun, model: Sequential, test: ImageDataset) throws {
  chapter.section("Beyond accuracy: ROC and AUC")
  let logits = test.logits(of: model)
  let scores = ClassScores(confusion: confusionMatrix(
    predictions: logits.argmaxLastAxis(), labels: test.labels, classCount: test.classNames.count))
  chapter.metrics.record("precision", scores.precision)
  chapter.metrics.record("recall", scores.recall)
  chapter.metrics.record("f1", scores.f1)
  chapter.metrics.record("macro_f1", mean(scores.f1))
  // region: one-versus-rest
  let probabilities = logits.softmax()
  let rows = (0..<test.count).map { i in (0..<test.classNames.count).map { Double(probabilities[i, $0]) } }
  let curves = oneVersusRestCurves(probabilities: rows, labels: test.labels, classCount: test.classNames.count)
  let areas = curves.map(\.area)
  // endregion
  chapter.metrics.record("auc", areas)
  chapter.metrics.record("auc_macro", mean(areas))
  let worst = areas.indices.min { areas[$0] < areas[$1] }!
  let best = areas.indices.max { areas[$0] < areas[$1] }!
  chapter.metrics.record("auc_worst_class", english: test.classNames[worst], chinese: test.chineseClassNames[worst])
  chapter.metrics.record("auc_worst", areas[worst])
  chapter.metrics.record("auc_best_class", english: test.classNames[best], chinese: test.chineseClassNames[best])
  chapter.metrics.record("auc_best", areas[best])
  chapter.metrics.record("f1_of_auc_worst_class", scores.f1[worst])
  // Shirt against the other upper-body garments only: the negatives a shirt is confused with, without the easy ones.
  let shirt = 6, upperBody = test.labels.indices.filter { ClassGroup.upperBody.contains(test.labels[$0]) }
  let shirtArea = ROCCurve(scores: upperBody.map { rows[$0][shirt] }, isPositive: upperBody.map { test.labels[$0] == shirt }).area
  chapter.metrics.record("auc_shirt_against_upper_body", shirtArea)
  chapter.say(String(format: "%@ against the other upper-body classes only: AUC %.4f", test.classNames[shirt], shirtArea))
  chapter.metrics.record("worst_f1_class", test.classNames[scores.f1.indices.min { scores.f1[$0] < scores.f1[$1] }!])
  chapter.say("class          precision  recall   F1      AUC")
  for k in test.classNames.indices {
    chapter.say(test.classNames[k].padding(toLength: 14, withPad: " ", startingAt: 0)
      + String(format: " %9.4f %7.4f %7.4f %7.4f", scores.precision[k], scores.recall[k], scores.f1[k], areas[k]))
  }
  chapter.say(String(format: "macro AUC %.4f, macro F1 %.4f", mean(areas), mean(scores.f1)))

  let shown = [best, worst] + ClassGroup.upperBody.sorted().filter { $0 != worst }.prefix(1)
  let panel = Panel(
    title: "ROC curves, one class against the rest (test images)", xLabel: "false positive rate",
    yLabel: "true positive rate", xRange: 0...1, yRange: 0...1, legend: .bottomRight,
    series: shown.map { k in
      .line(x: curves[k].falsePositiveRates, y: curves[k].truePositiveRates,
        title: String(format: "%@ (AUC %.3f)", test.classNames[k], areas[k]))
    } + [.line(x: [0.0, 1.0], y: [0.0, 1.0], title: "a coin (AUC 0.5)", color: .gray, dashed: true, width: 1)])
  try chapter.save(Figure(panel, width: 640, height: 560), as: "roc")
}
