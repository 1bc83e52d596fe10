import CourseKit
import Datasets
import Foundation
import Plotting

/// Augmentation on chapter 4's CNN, whose shared filters make a shifted
/// image the same problem as the original: the same 1,000 images and seeds,
/// without augmentation, with shifts and flips, and with flips only.
func augmentTheCNN(_ chapter: ChapterRun, data: GeneralizationData) throws {
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
  chapter.say(String(format: "CNN on %d images, %d epochs, %d seeds: test accuracy %.4f without augmentation, "
    + "%.4f with shifts and flips (%@ seed by seed), %.4f with flips only (%@)", measured.smallCount, epochs, seeds.count,
    mean(without.test), mean(with.test), differences.map { String(format: "%+.4f", $0) }.joined(separator: " "),
    mean(withFlips.test), flipDifferences.map { String(format: "%+.4f", $0) }.joined(separator: " ")))
}
