import CourseKit
import Foundation

// How the classifiers' test results are compared: the chapter's test set is
// small, so every difference is set against the spread the draw of the test
// fortunes alone would give it.

/// The binomial standard error of an accuracy measured on `count` examples.
func binomialStandardError(_ accuracy: Double, count: Int) -> Double {
  (accuracy * (1 - accuracy) / Double(count)).squareRoot()
}

/// Records, as an object under `key`, how much `better`'s final test accuracy
/// exceeds `baseline`'s (`final`, a fraction of the test set), the standard
/// error of that difference and the difference in standard errors, the
/// difference averaged over the last three epochs, and a verdict derived from
/// the number of standard errors for the text to quote. Returns that number.
///
/// The standard error takes the two accuracies as independent binomial
/// measurements. Both models are scored on the same fortunes, so it
/// overstates the error somewhat.
func recordGain(
  _ chapter: ChapterRun, _ key: String, of better: ClassifierHistory, over baseline: ClassifierHistory, testCount: Int
) -> Double {
  let (top, bottom) = (better.testAccuracy.last ?? 0, baseline.testAccuracy.last ?? 0)
  let standardError = (pow(binomialStandardError(top, count: testCount), 2)
    + pow(binomialStandardError(bottom, count: testCount), 2)).squareRoot()
  let inStandardErrors = standardError > 0 ? (top - bottom) / standardError : 0
  // The gain averaged over the last three epochs, less at the mercy of one epoch's draw.
  func lastThree(_ accuracies: [Double]) -> Double {
    let last = accuracies.suffix(3)
    return last.reduce(0, +) / Double(max(last.count, 1))
  }
  chapter.metrics.record(
    key,
    MetricValue.object([
      ("final", .number(top - bottom)), ("standard_error", .number(standardError)),
      ("in_standard_errors", .number(inStandardErrors)),
      ("last_epochs", .number(lastThree(better.testAccuracy) - lastThree(baseline.testAccuracy))),
      ("verdict", .text(gainVerdict(inStandardErrors: inStandardErrors))),
    ]))
  return inStandardErrors
}

/// What a difference of `inStandardErrors` standard errors allows one to say,
/// as a clause that follows "…standard errors:". Two standard errors is the
/// usual line of a test at about 5 %; below it the draw of the test set alone
/// could give the difference.
func gainVerdict(inStandardErrors: Double) -> String {
  switch inStandardErrors {
  case 2...: "beyond two, more than the luck of the test draw would be likely to give"
  case 1..<2: "between one and two, a hint only: the luck of the test draw could give as much"
  case -1 ..< 1: "within one, a difference this test set cannot resolve"
  case -2 ..< -1: "a loss, but within two: the luck of the test draw could give as much"
  default: "a loss beyond two, more than the luck of the test draw would be likely to give"
  }
}

/// What the block's gain owes to attention, as a sentence for the text, from
/// three gains in standard errors: the full block's over the bag, the block
/// without attention's over the bag (its MLP), and the full block's over the
/// block without attention (attention). Only a gain beyond two standard
/// errors is credited to anything.
func attentionConclusion(block: Double, mlp: Double, attention: Double) -> String {
  if attention >= 2 {
    return "In this run, then, the MLP alone does not give the block's gain: the same block without attention "
      + "falls short of the full block by more than two standard errors, so what attention adds, letting each "
      + "byte see the other bytes of its fortune, helps to tell the two files apart."
  }
  if attention <= -2 {
    return "In this run, then, attention does not add to the block's gain: the block without it does better, "
      + "by more than two standard errors."
  }
  if mlp >= 2 {
    return "This run, then, does not show that attention adds to the block's gain: the block without attention "
      + "already gains more than two standard errors over the bag and comes within two of the full block, so "
      + "the gain may be its MLP's, which scores each byte and position alone."
  }
  if block >= 2 {
    return "This run, then, cannot say how the block's gain splits between attention and the MLP: the whole "
      + "block gains more than two standard errors over the bag, but neither part does by itself."
  }
  return "This run, then, credits neither attention nor the MLP: no difference between the three models "
    + "goes beyond two standard errors."
}

/// Records the epoch (1-based) after which `name`'s test loss was lowest, that
/// loss, and a clause saying what the loss did after it, for the text.
func recordLowestTestLoss(_ chapter: ChapterRun, name: String, history: ClassifierHistory) {
  guard let lowest = history.testLoss.min(), let index = history.testLoss.firstIndex(of: lowest),
    let last = history.testLoss.last
  else { return }
  chapter.metrics.record("classifier_\(name)_lowest_test_loss_epoch", index + 1)
  chapter.metrics.record("classifier_\(name)_lowest_test_loss", lowest)
  chapter.metrics.record(
    "classifier_\(name)_test_loss_after_lowest",
    index + 1 == history.testLoss.count
      ? "the last one" : String(format: "and %.3f higher after the last", last - lowest))
}
