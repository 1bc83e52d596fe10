import CourseKit
import Datasets
import Foundation
import Plotting

/// Augmentation on chapter 4's CNN, whose shared filters make a shifted
/// image the same problem as the original: the same 1,000 images and seeds,
/// without augmentation, with shifts and flips, and with flips only; and the
/// CNN's gap beside the MLP baseline's after as many epochs, from the same seeds.
func augmentTheCNN(_ chapter: ChapterRun, data: GeneralizationData, mlpBaseline: SeedRuns) throws {
  chapter.section("Augmentation on the CNN")
  let seeds = Array(comparisonSeeds(chapter).prefix(chapter.isQuick ? 1 : 3))
  let epochs = chapter.isQuick ? 1 : 15
  var plain = Recipe(epochs: epochs)
  plain.convolutional = true
  var augmented = plain, flipped = plain
  augmented.augmentation = fashionAugmentation
  flipped.augmentation = flipsOnly
  // Quick runs (which the tests run unoptimized, where a convolution is slow) give the CNN one seed,
  // 32 images and 64 to measure on.
  let measured = chapter.isQuick
    ? GeneralizationData(pool: data.pool, validation: data.validation.prefix(64), test: data.test.prefix(64), smallCount: 32)
    : data
  func runs(_ name: String, _ recipe: Recipe) throws -> SeedRuns {
    SeedRuns(name: name, histories: try seeds.map {
      try trainQuietly(recipe, on: measured.small, data: measured, seed: $0, chapter: chapter, measureEveryEpoch: false)
    })
  }
  let without = try runs("cnn_baseline", plain)
  record(chapter, without)
  let with = try runs("cnn_augmentation", augmented), withFlips = try runs("cnn_flips", flipped)
  let differences = record(chapter, with, against: without)
  let flipDifferences = record(chapter, withFlips, against: without)
  chapter.metrics.record("cnn_epochs", epochs)
  chapter.metrics.record("cnn_train_count", measured.smallCount)
  chapter.metrics.record("cnn_seed_count", seeds.count)
  // How often all of n seeds would move the same way, up or down, if the change did nothing.
  chapter.metrics.record("cnn_same_sign_chance", 2 / pow(2, Double(seeds.count)))
  compareWithTheMultilayerPerceptron(chapter, cnn: without, mlp: mlpBaseline, epochs: epochs)
  chapter.say(String(format: "CNN on %d images, %d epochs, %d seeds: test accuracy %.4f without augmentation, "
    + "%.4f with shifts and flips (%@ seed by seed), %.4f with flips only (%@)", measured.smallCount, epochs, seeds.count,
    mean(without.test), mean(with.test), differences.map { String(format: "%+.4f", $0) }.joined(separator: " "),
    mean(withFlips.test), flipDifferences.map { String(format: "%+.4f", $0) }.joined(separator: " ")))
}

/// The CNN against the MLP baseline like with like: the MLP's gap and test
/// accuracy after the CNN's number of epochs (its history has every epoch's),
/// over the seeds both were trained from.
private func compareWithTheMultilayerPerceptron(_ chapter: ChapterRun, cnn: SeedRuns, mlp: SeedRuns, epochs: Int) {
  let mlpRuns = Array(mlp.histories.prefix(cnn.histories.count))
  let epoch = min(epochs, mlpRuns.map(\.validationAccuracy.count).min()!) - 1
  let mlpGaps = mlpRuns.map { $0.trainAccuracy[epoch] - $0.validationAccuracy[epoch] }
  let cnnGaps = cnn.histories.map { $0.trainAccuracy.last! - $0.validationAccuracy.last! }
  let mlpTest = mlpRuns.map { $0.testAccuracy[epoch] }
  chapter.metrics.record("baseline_gap_after_cnn_epochs", mean(mlpGaps))
  chapter.metrics.record("baseline_test_accuracy_after_cnn_epochs", mean(mlpTest))
  recordWords(chapter, "cnn_gap_against_mlp", gapComparison(zip(cnnGaps, mlpGaps).map { $0 - $1 }))
  // Like with like: each network's spread over the same seeds after the same epochs, and the
  // difference set against the larger of the two (from so few seeds, neither is a firm yardstick).
  let mlpSpread = mlpTest.max()! - mlpTest.min()!
  let cnnSpread = cnn.test.max()! - cnn.test.min()!
  chapter.metrics.record("baseline_test_spread_after_cnn_epochs", mlpSpread)
  recordWords(
    chapter, "cnn_test_difference_against_spread", margin(mean(cnn.test) - mean(mlpTest), against: max(mlpSpread, cnnSpread)))
  chapter.say(String(format: "After %d epochs, over the same %d seeds: the MLP's gap %.4f (%@), the CNN's %.4f (%@); "
    + "test accuracy %.4f against the CNN's %.4f.", epoch + 1, cnnGaps.count, mean(mlpGaps),
    mlpGaps.map { String(format: "%.4f", $0) }.joined(separator: " "), mean(cnnGaps),
    cnnGaps.map { String(format: "%.4f", $0) }.joined(separator: " "), mean(mlpTest), mean(cnn.test)))
}
