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
  let quick = chapter.isQuick
  let l2 = try chooseOnValidation(chapter, "l2", quick ? [1e-4, 1e-2] : [1e-4, 1e-3, 1e-2, 1e-1], data: data) { strength in
    var recipe = base
    recipe.optimizer = .adam(learningRate: 1e-3, l2: Float(strength))
    return recipe
  }
  let decay = try chooseOnValidation(chapter, "weight_decay", quick ? [1e-1, 1] : [1e-2, 1e-1, 1, 10], data: data) { strength in
    var recipe = base
    recipe.optimizer = .adamW(learningRate: 1e-3, decay: Float(strength))
    return recipe
  }
  // Rate 0 (no dropout) is a candidate, as in the k-fold sweep, so both methods choose from the same set.
  let dropoutRates = [0, 0.2, 0.5]
  let rate = try chooseOnValidation(chapter, "dropout", dropoutRates, data: data) { rate in
    var recipe = base
    recipe.dropoutRate = Float(rate)
    return recipe
  }
  // endregion
  var withL2 = base, withDecay = base, withDropout = base, augmented = base, flipped = base
  withL2.optimizer = .adam(learningRate: 1e-3, l2: Float(l2.chosen))
  withDecay.optimizer = .adamW(learningRate: 1e-3, decay: Float(decay.chosen))
  // The remedy's row measures dropout itself: if validation prefers none, the best rate above 0.
  let bestDropout = zip(dropoutRates, rate.scores).filter { $0.0 > 0 }.max { $0.1 < $1.1 }!.0
  withDropout.dropoutRate = Float(bestDropout)
  chapter.metrics.record("dropout_remedy_rate", bestDropout)
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
///
/// - Returns: the strength chosen and every strength's validation accuracy.
private func chooseOnValidation(
  _ chapter: ChapterRun, _ name: String, _ strengths: [Double], data: GeneralizationData, recipe: (Double) -> Recipe
) throws -> (chosen: Double, scores: [Double]) {
  let scores = try strengths.map { strength in
    try trainQuietly(recipe(strength), on: data.small, data: data, seed: chapter.seed, chapter: chapter).finalValidationAccuracy
  }
  let best = scores.indices.max { scores[$0] < scores[$1] }!
  chapter.metrics.record("\(name)_strengths", strengths)
  chapter.metrics.record("\(name)_strength_validation_accuracy", scores)
  chapter.metrics.record("\(name)_chosen", strengths[best])
  chapter.say("\(name): validation accuracy " + zip(strengths, scores).map { String(format: "%g → %.4f", $0, $1) }
    .joined(separator: ", ") + String(format: "; chosen: %g", strengths[best]))
  return (strengths[best], scores)
}

/// Records `<name>_validation_accuracy` and `<name>_test_accuracy`, means
/// over the seeds, the test accuracy of each seed and the mean final gap;
/// against a baseline, the test accuracy minus the baseline's seed by seed
/// (the same initial weights and batch order, only the remedy differs) and
/// whether its mean, up or down, exceeds the baseline's spread; alone, that spread.
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
