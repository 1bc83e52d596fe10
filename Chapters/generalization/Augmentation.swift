import CourseKit
import Datasets
import Foundation
import Plotting

/// Augmentation on chapter 4's CNN, whose shared filters make a shifted
/// image the same problem as the original: the same 1,000 images and seeds,
/// with and without shifts and flips.
func augmentTheCNN(_ chapter: ChapterRun, data: GeneralizationData) throws {
  chapter.section("Augmentation on the CNN")
  let seeds = Array(comparisonSeeds(chapter).prefix(3))
  let epochs = chapter.isQuick ? 1 : 15
  var plain = Recipe(epochs: epochs)
  plain.convolutional = true
  var augmented = plain
  augmented.augmentation = fashionAugmentation
  func finals(_ recipe: Recipe) throws -> SeedRuns {
    SeedRuns(name: "", histories: try seeds.map {
      try trainQuietly(recipe, on: data.small, data: data, seed: $0, chapter: chapter, measureEveryEpoch: false)
    })
  }
  let (without, with) = (try finals(plain), try finals(augmented))
  let differences = zip(with.test, without.test).map { $0 - $1 }
  chapter.metrics.record("cnn_epochs", epochs)
  chapter.metrics.record("cnn_seed_count", seeds.count)
  chapter.metrics.record("cnn_baseline_validation_accuracy", mean(without.validation))
  chapter.metrics.record("cnn_baseline_test_accuracy", mean(without.test))
  chapter.metrics.record("cnn_baseline_test_accuracy_per_seed", without.test)
  chapter.metrics.record("cnn_augmentation_validation_accuracy", mean(with.validation))
  chapter.metrics.record("cnn_augmentation_test_accuracy", mean(with.test))
  chapter.metrics.record("cnn_augmentation_test_accuracy_per_seed", with.test)
  chapter.metrics.record("cnn_augmentation_difference_min", differences.min()!)
  chapter.metrics.record("cnn_augmentation_difference_max", differences.max()!)
  chapter.metrics.record("cnn_augmentation_difference_mean", mean(differences))
  chapter.metrics.record("cnn_baseline_test_spread", without.test.max()! - without.test.min()!)
  chapter.metrics.record("cnn_baseline_final_gap",
    mean(without.histories.map { $0.trainAccuracy.last! - $0.validationAccuracy.last! }))
  chapter.metrics.record("cnn_augmentation_final_gap",
    mean(with.histories.map { $0.trainAccuracy.last! - $0.validationAccuracy.last! }))
  chapter.say(String(format: "CNN on %d images, %d epochs, %d seeds: test accuracy %.4f without augmentation, %.4f with; "
    + "the difference seed by seed: %@", data.smallCount, epochs, seeds.count, mean(without.test), mean(with.test),
    differences.map { String(format: "%+.4f", $0) }.joined(separator: " ")))
}
