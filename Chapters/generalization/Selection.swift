import CourseKit
import Datasets
import Foundation
import Plotting

// region: optimism
/// How much higher a test accuracy reads when the epoch it is reported for
/// was chosen by looking at that same test set.
///
/// `correct[e][i]` says whether test image i was right after epoch e + 1.
/// The test set is cut at random into halves A and B. Choosing the epoch with
/// the best accuracy on A and reporting A's accuracy is choosing on the test
/// set; B's accuracy for the same epoch is an honest measurement of the same
/// network. Their difference is the optimism, plus however much harder B is
/// than A; doing it again the other way round (choose on B, check on A) and
/// averaging cancels that part, and averaging over many random cuts steadies
/// what is left.
func optimism(correct: [[Bool]], splits: Int, using random: inout some RandomNumberGenerator) -> Double {
  let count = correct[0].count, half = count / 2
  var total = 0.0
  for _ in 0..<splits {
    let inA = shuffledIndices(count: count, using: &random).prefix(half)
    var isInA = [Bool](repeating: false, count: count)
    for index in inA { isInA[index] = true }
    // Accuracy on A and on B after each epoch.
    let scores = correct.map { epoch in
      var (rightInA, rightInB) = (0, 0)
      for (index, right) in epoch.enumerated() where right {
        if isInA[index] { rightInA += 1 } else { rightInB += 1 }
      }
      return (a: Double(rightInA) / Double(half), b: Double(rightInB) / Double(count - half))
    }
    let onA = scores.indices.max { scores[$0].a < scores[$1].a }!
    let onB = scores.indices.max { scores[$0].b < scores[$1].b }!
    total += ((scores[onA].a - scores[onA].b) + (scores[onB].b - scores[onB].a)) / 2
  }
  return total / Double(splits)
}
// endregion

/// Section: what choosing the epoch on the test set does to the reported
/// figure, over the baseline's seeds, against choosing it on validation.
func measureOptimism(_ chapter: ChapterRun, baseline: SeedRuns, testCount: Int) throws {
  chapter.section("Choosing on the test set")
  let splits = chapter.isQuick ? 5 : 50
  var random = SplitMix64(seed: chapter.seed &+ 0x5E1EC7)
  let optimisms = baseline.histories.map { optimism(correct: $0.testCorrect, splits: splits, using: &random) }
  // The best test epoch (what 004 §4.3 and 002 §3.2 advise) against three honest choices: the epoch of
  // best validation accuracy (the same criterion on other images), of lowest validation loss, and
  // where early stopping with patience 5 keeps the weights.
  let bestTest = baseline.histories.map { $0.testAccuracy.max()! }
  let onValidation = baseline.histories.map { $0.testAccuracy[bestValidationEpoch($0) - 1] }
  let onValidationAccuracy = baseline.histories.map { h in
    h.testAccuracy[h.validationAccuracy.indices.max { h.validationAccuracy[$0] < h.validationAccuracy[$1] }!]
  }
  let keptByPatience = baseline.histories.map { h in
    h.testAccuracy[earlyStopping(validationLosses: h.validationLoss, patience: 5).best - 1]
  }
  chapter.metrics.record("optimism_splits", splits)
  chapter.metrics.record("validation_accuracy_chosen_test_accuracy_mean", mean(onValidationAccuracy))
  chapter.metrics.record("patience_kept_test_accuracy_mean", mean(keptByPatience))
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
  chapter.say(String(format: "Choosing the epoch by accuracy on a random half of the test set and reporting that half "
    + "reads %.4f higher than the other half says of the same model (%d random halves per seed; mean of %d seeds, "
    + "from %.4f to %.4f).", mean(optimisms), splits, optimisms.count, optimisms.min()!, optimisms.max()!))
  chapter.say(String(format: "Test accuracy at the best test epoch (as 004 §4.3 advises): %.4f on average; at the epoch "
    + "of best validation accuracy: %.4f; of lowest validation loss: %.4f; kept by patience 5: %.4f; the last epoch: %.4f.",
    mean(bestTest), mean(onValidationAccuracy), mean(onValidation), mean(keptByPatience), mean(last)))

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
