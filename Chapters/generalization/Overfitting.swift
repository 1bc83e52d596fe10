import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// The baseline: article 002's 784-64-64-10 network with Adam, trained on
/// only `data.smallCount` images for the chapter's epochs, measured on
/// training, validation and test images after each epoch.
///
/// - Returns: the trained network and its history.
func overfitTheBaseline(_ chapter: ChapterRun, data: GeneralizationData) throws -> (Sequential, RunHistory) {
  chapter.section("Overfitting made visible")
  let recipe = baselineRecipe(chapter)
  let train = data.small
  let model = makeModel(recipe, seed: chapter.seed)
  chapter.say("784-64-64-10 network, \(model.parameterCount) parameters, \(train.count) training images; "
    + "Adam 1e-3, batches of 32, \(recipe.epochs) epochs.")
  chapter.metrics.record("parameter_count", model.parameterCount)
  chapter.metrics.record("parameters_per_training_image", Double(model.parameterCount) / Double(train.count))
  let trainSample = train.prefix(1_000)
  // region: baseline-training
  try chapter.train(
    model: model, optimizer: recipe.optimizer.make(for: model),
    batches: { epoch in
      EpochBatches(count: train.count, batchSize: recipe.batchSize, seed: chapter.seed, epoch: epoch).map(ExampleIndices.init)
    },
    prepare: { batch in train.tensorBatch(at: batch.indices) },
    loss: { images, labels in model(images).crossEntropy(targets: labels) },
    evaluate: { _ in
      let scores = evaluate(model, trainSample: trainSample, data: data, withTest: true)
      return [
        ("train_accuracy", scores.train), ("validation_loss", scores.validationLoss),
        ("validation_accuracy", scores.validation), ("test_accuracy", scores.test!.whole),
      ]
    })
  // endregion
  var history = RunHistory()
  history.trainLoss = chapter.metrics.numbers("train_loss")
  history.trainAccuracy = chapter.metrics.numbers("train_accuracy_per_epoch")
  history.validationLoss = chapter.metrics.numbers("validation_loss_per_epoch")
  history.validationAccuracy = chapter.metrics.numbers("validation_accuracy_per_epoch")
  history.testAccuracy = chapter.metrics.numbers("test_accuracy_per_epoch")

  let gap = zip(history.trainAccuracy, history.validationAccuracy).map { $0 - $1 }
  chapter.metrics.record("gap_per_epoch", gap)
  chapter.metrics.record("final_gap", gap.last!)
  chapter.metrics.record("final_train_accuracy", history.trainAccuracy.last!)
  let lowest = bestValidationEpoch(history)
  chapter.metrics.record("lowest_validation_loss_epoch", lowest)
  chapter.metrics.record("lowest_validation_loss", history.validationLoss[lowest - 1])
  chapter.metrics.record("final_validation_loss", history.validationLoss.last!)
  chapter.say(String(format: "After %d epochs: training accuracy %.4f, validation %.4f (a gap of %.4f); "
    + "the validation loss was lowest after epoch %d (%.4f) and ends at %.4f.",
    recipe.epochs, history.trainAccuracy.last!, history.validationAccuracy.last!, gap.last!,
    lowest, history.validationLoss[lowest - 1], history.validationLoss.last!))

  let losses = Panel(
    title: "Loss", xLabel: "epoch", yLabel: "mean cross-entropy", legend: .topRight,
    series: [
      .line(y: history.trainLoss, title: "training (during the epoch)"),
      .line(y: history.validationLoss, title: "validation (after the epoch)", dashed: true),
    ])
  let accuracies = Panel(
    title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", legend: .bottomRight,
    series: [
      .line(y: history.trainAccuracy, title: "training images"),
      .line(y: history.validationAccuracy, title: "validation images", dashed: true),
    ])
  try chapter.save(
    Figure(title: "The baseline on \(train.count) images: the gap opens", panels: [losses, accuracies]),
    as: "train-validation-gap", preview: true)
  return (model, history)
}

/// The baseline recipe: article 002's network and optimizer, the chapter's epochs.
func baselineRecipe(_ chapter: ChapterRun) -> Recipe {
  Recipe(epochs: chapter.epochs)
}

// region: early-stopping-rule
/// Early stopping with patience: training stops once the validation loss
/// has not improved on its best for `patience` epochs in a row, and the
/// weights of the best epoch are kept.
///
/// - Returns: the best epoch and the epoch training stopped after (both from 1).
func earlyStopping(validationLosses: [Double], patience: Int) -> (best: Int, stoppedAfter: Int) {
  var best = 0
  for epoch in validationLosses.indices {
    if validationLosses[epoch] < validationLosses[best] { best = epoch }
    if epoch - best >= patience { return (best + 1, epoch + 1) }
  }
  return (best + 1, validationLosses.count)
}
// endregion

/// Early stopping applied to the baseline's recorded history: what it would
/// have kept, and what that model scores.
func stopEarly(_ chapter: ChapterRun, history: RunHistory) {
  let patience = 5
  let (best, stopped) = earlyStopping(validationLosses: history.validationLoss, patience: patience)
  chapter.metrics.record("early_stopping_patience", patience)
  chapter.metrics.record("early_stopping_epoch", best)
  chapter.metrics.record("early_stopping_stopped_after", stopped)
  chapter.metrics.record("early_stopping_validation_accuracy", history.validationAccuracy[best - 1])
  chapter.metrics.record("early_stopping_test_accuracy", history.testAccuracy[best - 1])
  chapter.say(String(format: "Early stopping (patience %d): training stops after epoch %d and keeps epoch %d, "
    + "validation accuracy %.4f, test accuracy %.4f.", patience, stopped, best,
    history.validationAccuracy[best - 1], history.testAccuracy[best - 1]))
}
