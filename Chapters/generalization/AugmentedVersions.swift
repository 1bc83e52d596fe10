import CourseKit
import Datasets
import Foundation

/// How often augmentation shows an image again: the number of versions each
/// image can take, and, by replaying the draws of the augmented baseline's
/// run on the run's seed (no training), how many different versions each
/// image was actually shown over the chapter's epochs.
func countAugmentedVersions(_ chapter: ChapterRun, data: GeneralizationData) {
  let augmentation = fashionAugmentation
  let recipe = baselineRecipe(chapter)
  let train = data.small
  // versions[i]: the placements image i was drawn with, one per epoch.
  var versions = [[ImageAugmentation.Placement]](repeating: [], count: train.count)
  for epoch in 1...recipe.epochs {
    let batches = EpochBatches(count: train.count, batchSize: recipe.batchSize, seed: chapter.seed, epoch: epoch)
    for (batch, indices) in batches.enumerated() {
      var random = augmentationGenerator(seed: chapter.seed, epoch: epoch, batch: batch)
      let placements = augmentation.placements(for: indices.map { train.labels[$0] }, using: &random)
      for (index, placement) in zip(indices, placements) { versions[index].append(placement) }
    }
  }
  let original = ImageAugmentation.Placement(rowShift: 0, columnShift: 0, flipped: false)
  let distinct = versions.map { Double(Set($0).count) }
  let draws = versions.map(\.count).reduce(0, +)
  let repeats = versions.map { $0.count - Set($0).count }.reduce(0, +)
  let originalDraws = Double(versions.map { $0.count { $0 == original } }.reduce(0, +)) / Double(versions.count)
  let footwear = ClassGroup.footwear.min()!, other = augmentation.flippableClasses.min()!
  chapter.metrics.record("augmentation_versions_flippable", augmentation.versionCount(ofClass: other))
  chapter.metrics.record("augmentation_versions_footwear", augmentation.versionCount(ofClass: footwear))
  chapter.metrics.record("augmentation_draws_per_image", recipe.epochs)
  chapter.metrics.record("augmentation_distinct_versions_mean", mean(distinct))
  chapter.metrics.record("augmentation_repeated_draw_share", Double(repeats) / Double(draws))
  chapter.metrics.record("augmentation_images_with_a_repeat_share",
    Double(versions.count { $0.count > Set($0).count }) / Double(versions.count))
  chapter.metrics.record("augmentation_original_draws_mean", originalDraws)
  chapter.say(String(format: "Augmentation: %d versions of a flippable image, %d of a shoe; over %d epochs the %d images "
    + "were shown %.1f different versions each on average, %.1f%% of the draws repeated a version the image had already "
    + "had, and the unchanged original came up %.2f times per image.",
    augmentation.versionCount(ofClass: other), augmentation.versionCount(ofClass: footwear), recipe.epochs, train.count,
    mean(distinct), 100 * Double(repeats) / Double(draws), originalDraws))
}
