import CourseKit
import Datasets
import Foundation
import Plotting

/// Learning curves: the baseline recipe on more and more images, and wider
/// and wider networks on the baseline's images, each measured on the same
/// validation images.
func learningCurves(_ chapter: ChapterRun, data: GeneralizationData) throws {
  chapter.section("Learning curves")
  let sizes = (chapter.isQuick ? [250, 500] : [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, data.pool.count])
    .filter { $0 <= data.pool.count }
  var (trainAccuracy, validationAccuracy) = ([Double](), [Double]())
  for size in sizes {
    // As many steps as the baseline takes on its images, at most its epochs, at least 3 epochs:
    // a set 55 times larger needs fewer passes, and the whole run stays within minutes.
    var recipe = baselineRecipe(chapter)
    recipe.epochs = min(recipe.epochs, max(chapter.isQuick ? 1 : 3, recipe.epochs * data.smallCount / size))
    let history = try trainQuietly(recipe, on: data.pool.prefix(size), data: data, seed: chapter.seed, chapter: chapter)
    trainAccuracy.append(history.trainAccuracy.last!)
    validationAccuracy.append(history.finalValidationAccuracy)
    chapter.say(String(format: "%6d images, %2d epochs: training accuracy %.4f, validation %.4f", size, recipe.epochs,
      history.trainAccuracy.last!, history.finalValidationAccuracy))
  }
  chapter.metrics.record("curve_sizes", sizes)
  chapter.metrics.record("curve_train_accuracy", trainAccuracy)
  chapter.metrics.record("curve_validation_accuracy", validationAccuracy)
  chapter.metrics.record("curve_gap", zip(trainAccuracy, validationAccuracy).map { $0 - $1 })

  let widths = chapter.isQuick ? [16, 64] : [16, 64, 256]
  var (wideTrain, wideValidation, parameters) = ([Double](), [Double](), [Int]())
  for width in widths {
    var recipe = baselineRecipe(chapter)
    recipe.hiddenSizes = [width, width]
    let history = try trainQuietly(recipe, on: data.small, data: data, seed: chapter.seed, chapter: chapter)
    wideTrain.append(history.trainAccuracy.last!)
    wideValidation.append(history.finalValidationAccuracy)
    parameters.append(makeModel(recipe, seed: 0).parameterCount)
    chapter.say(String(format: "784-%d-%d-10 (%d parameters): training accuracy %.4f, validation %.4f",
      width, width, parameters.last!, wideTrain.last!, wideValidation.last!))
  }
  chapter.metrics.record("width_sizes", widths)
  chapter.metrics.record("width_parameters", parameters)
  chapter.metrics.record("width_train_accuracy", wideTrain)
  chapter.metrics.record("width_validation_accuracy", wideValidation)
  let wideGap = zip(wideTrain, wideValidation).map { $0 - $1 }
  chapter.metrics.record("width_gap", wideGap)
  // The article check's verdict on "big models overfit", from the narrowest and the widest network.
  let bigModels = bigModelsVerdict(gapWidens: wideGap.last! > wideGap.first!, validationFalls: wideValidation.last! < wideValidation.first!)
  recordWords(chapter, "big_models_verdict", bigModels.verdict)
  recordWords(chapter, "big_models_reason", bigModels.reason)

  let bySize = Panel(
    title: "More training images", xLabel: "training images", yLabel: "accuracy", xScale: .logarithmic,
    legend: .bottomRight,
    series: [
      .line(x: sizes.map(Double.init), y: trainAccuracy, title: "training"),
      .line(x: sizes.map(Double.init), y: validationAccuracy, title: "validation", dashed: true),
    ])
  let byWidth = Panel(
    title: "Wider networks, \(data.smallCount) images", xLabel: "hidden width", yLabel: "accuracy", xScale: .logarithmic,
    legend: .bottomRight,
    series: [
      .line(x: widths.map(Double.init), y: wideTrain, title: "training"),
      .line(x: widths.map(Double.init), y: wideValidation, title: "validation", dashed: true),
    ])
  try chapter.save(Figure(title: "Learning curves of the 784-64-64-10 recipe", panels: [bySize, byWidth]), as: "learning-curves")
}
