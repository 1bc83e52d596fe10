import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// The seeds every comparison of remedies uses: the run's seed and the next ones.
func comparisonSeeds(_ chapter: ChapterRun) -> [UInt64] {
  (0..<(chapter.isQuick ? 2 : 5)).map { chapter.seed &+ UInt64($0) }
}

/// A remedy's runs over the comparison seeds, beside the baseline's from the same seeds.
struct SeedRuns {
  let name: String
  let histories: [RunHistory]
  var validation: [Double] { histories.map(\.finalValidationAccuracy) }
  var test: [Double] { histories.map(\.finalTestAccuracy) }
}

/// Shifts of up to two pixels, and mirror images of every class but the
/// footwear (5 Sandal, 7 Sneaker, 9 Ankle boot), whose toes all point left.
let fashionAugmentation = ImageAugmentation(
  maximumShift: 2, flippableClasses: Set(0..<10).subtracting(ClassGroup.footwear))

/// The same mirror images without the shifts.
let flipsOnly = ImageAugmentation(maximumShift: 0, flippableClasses: fashionAugmentation.flippableClasses)

/// The remedies, each the baseline with one change, on the same images and
/// seeds. Strengths (λ, the dropout rate) are chosen on validation from the run's seed.
///
/// - Returns: the baseline's runs (with the test accuracy of every epoch).
func compareRemedies(_ chapter: ChapterRun, data: GeneralizationData, mainRun: RunHistory) throws -> SeedRuns {
  chapter.section("Remedies, each against the same baseline")
  let seeds = comparisonSeeds(chapter)
  let base = baselineRecipe(chapter)
  func runs(_ name: String, _ recipe: Recipe, on train: ImageDataset? = nil, testEveryEpoch: Bool = false) throws -> SeedRuns {
    let histories = try seeds.map {
      try trainQuietly(recipe, on: train ?? data.small, data: data, seed: $0, chapter: chapter, testEveryEpoch: testEveryEpoch)
    }
    return SeedRuns(name: name, histories: histories)
  }
  let baseline = try runs("baseline", base, testEveryEpoch: true)
  // The first seed is the run's own: its run must be the very run drawn above, trained by CourseKit's loop.
  chapter.metrics.record("baseline_runs_agree",
    baseline.histories[0].validationAccuracy == mainRun.validationAccuracy && baseline.histories[0].testAccuracy == mainRun.testAccuracy)
  chapter.metrics.record("comparison_seeds", seeds)
  chapter.metrics.record("comparison_seed_count", seeds.count)

  // region: strength-on-validation
  // Strength 0 (no penalty, no dropout: the baseline itself) is a candidate in every sweep, so a
  // remedy has to beat doing nothing on validation to be chosen.
  let quick = chapter.isQuick
  let spread = baseline.test.max()! - baseline.test.min()!
  let l2 = try chooseOnValidation(chapter, "l2", quick ? [0, 1e-4, 1e-2] : [0, 1e-4, 1e-3, 1e-2, 1e-1], data: data, spread: spread) { strength in
    var recipe = base
    recipe.optimizer = .adam(learningRate: 1e-3, l2: Float(strength))
    return recipe
  }
  let decay = try chooseOnValidation(chapter, "weight_decay", quick ? [0, 1e-1, 1] : [0, 1e-2, 1e-1, 1, 10], data: data, spread: spread) { strength in
    var recipe = base
    recipe.optimizer = .adamW(learningRate: 1e-3, decay: Float(strength))
    return recipe
  }
  // The same rates as the k-fold sweep, so both methods choose from the same set.
  let rate = try chooseOnValidation(chapter, "dropout", [0, 0.2, 0.5], data: data, spread: spread) { rate in
    var recipe = base
    recipe.dropoutRate = Float(rate)
    return recipe
  }
  // endregion
  var withL2 = base, withDecay = base, withDropout = base, augmented = base, flipped = base
  // Each remedy's row measures the remedy itself: if validation prefers none, its best strength above 0.
  withL2.optimizer = .adam(learningRate: 1e-3, l2: Float(l2.bestAboveZero))
  withDecay.optimizer = .adamW(learningRate: 1e-3, decay: Float(decay.bestAboveZero))
  withDropout.dropoutRate = Float(rate.bestAboveZero)
  chapter.metrics.record("l2_remedy_strength", l2.bestAboveZero)
  chapter.metrics.record("weight_decay_remedy_strength", decay.bestAboveZero)
  chapter.metrics.record("dropout_remedy_rate", rate.bestAboveZero)
  augmented.augmentation = fashionAugmentation
  flipped.augmentation = flipsOnly
  let remedies = [
    try runs("l2", withL2), try runs("weight_decay", withDecay), try runs("dropout", withDropout),
    try runs("augmentation", augmented), try runs("flips", flipped),
    try runs("more_data", base, on: data.pool.prefix(4 * data.smallCount)),
  ]
  chapter.metrics.record("more_data_count", 4 * data.smallCount)
  chapter.metrics.record("more_data_factor", 4)

  record(chapter, baseline)
  chapter.say(String(format: "baseline over %d seeds: validation %.4f, test %.4f (from %.4f to %.4f)",
    seeds.count, mean(baseline.validation), mean(baseline.test), baseline.test.min()!, baseline.test.max()!))
  for remedy in remedies {
    let differences = record(chapter, remedy, against: baseline)
    chapter.say(String(format: "%@: validation %.4f, test %.4f; minus the baseline, seed by seed: %@",
      remedy.name, mean(remedy.validation), mean(remedy.test),
      differences.map { String(format: "%+.4f", $0) }.joined(separator: " ")))
  }
  try saveRemedyFigure(chapter, baseline: baseline, remedies: remedies)

  // Is augmentation's loss a matter of too few epochs? One run, the run's seed, three times as long.
  var longer = augmented
  longer.epochs = 3 * base.epochs
  let long = try trainQuietly(longer, on: data.small, data: data, seed: chapter.seed, chapter: chapter, measureEveryEpoch: false)
  chapter.metrics.record("augmentation_long_epochs", longer.epochs)
  chapter.metrics.record("augmentation_long_train_accuracy", long.trainAccuracy.last!)
  chapter.metrics.record("augmentation_long_validation_accuracy", long.finalValidationAccuracy)
  chapter.metrics.record("augmentation_long_test_accuracy", long.finalTestAccuracy)
  chapter.say(String(format: "augmentation for %d epochs (seed %llu): training %.4f, validation %.4f, test %.4f",
    longer.epochs, chapter.seed, long.trainAccuracy.last!, long.finalValidationAccuracy, long.finalTestAccuracy))
  return baseline
}

/// Trains the baseline changed by `recipe(strength)` for each strength,
/// from the run's seed, and keeps the one with the best validation accuracy.
/// Records, beside the scores, the runner-up and the last candidate, the
/// chosen one's margins over them, and how each margin compares with the
/// baseline's seed-to-seed `spread` (in words, English and Chinese), and
/// what the best strength above 0 scored minus strength 0 (none).
///
/// - Returns: the strength chosen and the best strength above 0.
private func chooseOnValidation(
  _ chapter: ChapterRun, _ name: String, _ strengths: [Double], data: GeneralizationData, spread: Double,
  recipe: (Double) -> Recipe
) throws -> (chosen: Double, bestAboveZero: Double) {
  let scores = try strengths.map { strength in
    try trainQuietly(recipe(strength), on: data.small, data: data, seed: chapter.seed, chapter: chapter).finalValidationAccuracy
  }
  // Best first; equal scores in the order of the strengths, so that ties resolve the same way every run.
  let ranked = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
  let (best, runnerUp, last) = (ranked[0], ranked[1], ranked[ranked.count - 1])
  chapter.metrics.record("\(name)_strengths", strengths)
  chapter.metrics.record("\(name)_strength_validation_accuracy", scores)
  chapter.metrics.record("\(name)_chosen", strengths[best])
  for (role, index) in [("runner_up", runnerUp), ("last", last)] {
    chapter.metrics.record("\(name)_\(role)", strengths[index])
    chapter.metrics.record("\(name)_\(role)_margin", scores[best] - scores[index])
    recordWords(chapter, "\(name)_\(role)_margin_against_spread", margin(scores[best] - scores[index], against: spread))
  }
  let bestAboveZero = ranked.first { strengths[$0] > 0 }!
  if let none = strengths.firstIndex(of: 0) {
    chapter.metrics.record("\(name)_margin_over_none", scores[bestAboveZero] - scores[none])
  }
  chapter.say("\(name): validation accuracy " + zip(strengths, scores).map { String(format: "%g → %.4f", $0, $1) }
    .joined(separator: ", ") + String(format: "; chosen: %g", strengths[best]))
  return (strengths[best], strengths[bestAboveZero])
}

/// Records `<name>_validation_accuracy` and `<name>_test_accuracy`, means
/// over the seeds, the test accuracy of each seed and the mean final gap;
/// against a baseline, the test accuracy minus the baseline's seed by seed
/// (the same initial weights and batch order, only the remedy differs) and
/// whether its mean, up or down, exceeds the baseline's spread (and how, in
/// words); alone, that spread.
///
/// - Returns: the differences from the baseline, seed by seed (none without one).
@discardableResult
func record(_ chapter: ChapterRun, _ runs: SeedRuns, against baseline: SeedRuns? = nil) -> [Double] {
  chapter.metrics.record("\(runs.name)_validation_accuracy", mean(runs.validation))
  chapter.metrics.record("\(runs.name)_test_accuracy", mean(runs.test))
  chapter.metrics.record("\(runs.name)_test_accuracy_per_seed", runs.test)
  chapter.metrics.record("\(runs.name)_final_train_accuracy", mean(runs.histories.map { $0.trainAccuracy.last! }))
  chapter.metrics.record("\(runs.name)_final_gap",
    mean(runs.histories.map { $0.trainAccuracy.last! - $0.validationAccuracy.last! }))
  guard let baseline else {
    chapter.metrics.record("\(runs.name)_test_spread", runs.test.max()! - runs.test.min()!)
    return []
  }
  let differences = zip(runs.test, baseline.test).map { $0 - $1 }
  chapter.metrics.record("\(runs.name)_difference_mean", mean(differences))
  chapter.metrics.record("\(runs.name)_difference_min", differences.min()!)
  chapter.metrics.record("\(runs.name)_difference_max", differences.max()!)
  chapter.metrics.record("\(runs.name)_better_seeds", differences.count { $0 > 0 })
  // Two-sided: a remedy that hurts by more than the spread is flagged too.
  chapter.metrics.record("\(runs.name)_exceeds_spread", abs(mean(differences)) > baseline.test.max()! - baseline.test.min()!)
  recordWords(chapter, "\(runs.name)_mean_against_spread", margin(mean(differences), against: baseline.test.max()! - baseline.test.min()!))
  return differences
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

private func saveRemedyFigure(_ chapter: ChapterRun, baseline: SeedRuns, remedies: [SeedRuns]) throws {
  let all = [baseline] + remedies
  let names = all.map { $0.name.replacingOccurrences(of: "_", with: " ") }
  let panel = Panel(
    title: "Test accuracy after the last epoch, one point per seed", yLabel: "test accuracy",
    xCategories: names, legend: .hidden,
    series: all.enumerated().map { index, runs in
      .scatter(x: runs.test.map { _ in Double(index) }, y: runs.test, color: index == 0 ? .vermillion : .blue, pointSize: 1.2)
    })
  try chapter.save(Figure(panel, width: 820, height: 420), as: "remedies")
}
