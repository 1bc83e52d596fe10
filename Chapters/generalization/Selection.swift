import CourseKit
import Foundation
import Plotting

// region: optimism
/// How much higher a test accuracy reads when the epoch it is reported for
/// was chosen by looking at that same test set.
///
/// The test set is cut in two halves A and B. Choosing the epoch with the
/// best accuracy on A and reporting A's accuracy is choosing on the test
/// set; B's accuracy for the same epoch is an honest measurement of the same
/// model. Their difference is the optimism, plus however much harder B is
/// than A; doing it again the other way round (choose on B, check on A) and
/// averaging cancels that part.
func optimism(halves: [[Double]]) -> Double {
  let onA = halves.indices.max { halves[$0][0] < halves[$1][0] }!
  let onB = halves.indices.max { halves[$0][1] < halves[$1][1] }!
  return ((halves[onA][0] - halves[onA][1]) + (halves[onB][1] - halves[onB][0])) / 2
}
// endregion

/// Section: what choosing the epoch on the test set does to the reported
/// figure, over the baseline's seeds, against choosing it on validation.
func measureOptimism(_ chapter: ChapterRun, baseline: SeedRuns, testCount: Int) throws {
  chapter.section("Choosing on the test set")
  let optimisms = baseline.histories.map { optimism(halves: $0.testHalfAccuracies) }
  // What chapters 3 and 4 report, the best test epoch, against early stopping on validation loss.
  let bestTest = baseline.histories.map { $0.testAccuracy.max()! }
  let onValidation = baseline.histories.map { $0.testAccuracy[bestValidationEpoch($0) - 1] }
  let last = baseline.histories.map(\.finalTestAccuracy)
  chapter.metrics.record("optimism_per_seed", optimisms)
  chapter.metrics.record("optimism_mean", mean(optimisms))
  chapter.metrics.record("optimism_min", optimisms.min()!)
  chapter.metrics.record("optimism_max", optimisms.max()!)
  chapter.metrics.record("best_test_epoch_accuracy_mean", mean(bestTest))
  chapter.metrics.record("validation_chosen_test_accuracy_mean", mean(onValidation))
  chapter.metrics.record("validation_chosen_epochs", baseline.histories.map(bestValidationEpoch))
  chapter.metrics.record("best_test_epochs", baseline.histories.map { h in h.testAccuracy.indices.max { h.testAccuracy[$0] < h.testAccuracy[$1] }! + 1 })
  chapter.metrics.record("test_half_count", testCount / 2)
  chapter.say(String(format: "Choosing the epoch on half the test set and reporting that half reads %.4f higher "
    + "than the other half says of the same model (mean of %d seeds, from %.4f to %.4f).",
    mean(optimisms), optimisms.count, optimisms.min()!, optimisms.max()!))
  chapter.say(String(format: "Best test epoch, as chapters 3 and 4 report it: %.4f on average; the epoch of lowest "
    + "validation loss: %.4f; the last epoch: %.4f.", mean(bestTest), mean(onValidation), mean(last)))

  let curves = Panel(
    title: "Test accuracy of each baseline run, by epoch", xLabel: "epoch", yLabel: "test accuracy", legend: .bottomRight,
    series: baseline.histories.enumerated().map { index, history in
      .line(y: history.testAccuracy, title: index == 0 ? "one line per seed" : "", color: .gray, width: 1)
    } + [
      .scatter(
        x: baseline.histories.map { Double(bestValidationEpoch($0)) }, y: onValidation,
        title: "epoch of lowest validation loss", color: .blue, pointSize: 1.4),
      .scatter(
        x: baseline.histories.map { h in Double(h.testAccuracy.indices.max { h.testAccuracy[$0] < h.testAccuracy[$1] }! + 1) },
        y: bestTest, title: "best test epoch", color: .vermillion, pointSize: 1.4),
    ])
  try chapter.save(Figure(curves, width: 820, height: 440), as: "choosing-on-test")
}
