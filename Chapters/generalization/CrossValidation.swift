import CourseKit
import Datasets
import Foundation

// region: k-fold
/// k-fold cross-validation of `recipe` on a small set: each fold in turn is
/// the validation set of a network trained on the other k − 1, and the k
/// validation accuracies are averaged. Every image is used for training
/// k − 1 times and for validation once.
func crossValidate(
  _ recipe: Recipe, on small: ImageDataset, folds k: Int, data: GeneralizationData, chapter: ChapterRun
) throws -> [Double] {
  let folds = small.stratifiedFolds(k, seed: chapter.seed)
  return try folds.indices.map { held in
    let trainIndices = folds.indices.filter { $0 != held }.flatMap { folds[$0] }
    let foldData = GeneralizationData(
      pool: data.pool, validation: small.subset(at: folds[held]), test: data.test, smallCount: data.smallCount)
    return try trainQuietly(recipe, on: small.subset(at: trainIndices), data: foldData, seed: chapter.seed, chapter: chapter)
      .finalValidationAccuracy
  }
}
// endregion

/// Chooses the dropout rate for the baseline's images with 5-fold
/// cross-validation on those images alone, as one would with no validation
/// set to spare, and compares the estimates with the held-out validation set's.
func crossValidation(_ chapter: ChapterRun, data: GeneralizationData) throws {
  chapter.section("k-fold cross-validation for a small set")
  let k = chapter.isQuick ? 3 : 5
  let rates = chapter.isQuick ? [0, 0.5] : [0, 0.2, 0.5]
  var means: [Double] = [], spreads: [Double] = []
  for rate in rates {
    var recipe = baselineRecipe(chapter)
    recipe.dropoutRate = Float(rate)
    let accuracies = try crossValidate(recipe, on: data.small, folds: k, data: data, chapter: chapter)
    means.append(mean(accuracies))
    spreads.append(accuracies.max()! - accuracies.min()!)
    chapter.say(String(format: "dropout %.1f: fold accuracies %@, mean %.4f", rate,
      accuracies.map { String(format: "%.4f", $0) }.joined(separator: " "), mean(accuracies)))
  }
  let chosen = rates[means.indices.max { means[$0] < means[$1] }!]
  chapter.metrics.record("kfold_folds", k)
  chapter.metrics.record("kfold_rates", rates)
  chapter.metrics.record("kfold_mean_accuracy", means)
  chapter.metrics.record("kfold_fold_spread", spreads)
  chapter.metrics.record("kfold_chosen_rate", chosen)
  chapter.metrics.record("kfold_fold_size", data.smallCount / k)
}
