import CourseKit
import Datasets
import Foundation
import Plotting

/// The knobs the articles name: the optimizer, the learning rate and the
/// batch size, each varied alone on the same images from the same seed.
func optimizationChoices(_ chapter: ChapterRun, data: GeneralizationData) throws {
  chapter.section("Optimizer, learning rate and batch size")
  let train = data.pool.prefix(chapter.isQuick ? 1_000 : 10_000)
  let epochs = chapter.isQuick ? 1 : 5
  chapter.metrics.record("optimization_train_count", train.count)
  chapter.metrics.record("optimization_epochs", epochs)
  func run(_ change: (inout Recipe) -> Void) throws -> RunHistory {
    var recipe = Recipe(epochs: epochs)
    change(&recipe)
    return try trainQuietly(recipe, on: train, data: data, seed: chapter.seed, chapter: chapter)
  }

  // region: three-optimizers
  let optimizers: [(name: String, choice: OptimizerChoice)] = [
    ("sgd", .sgd(learningRate: 0.01, momentum: 0)),
    ("momentum", .sgd(learningRate: 0.01, momentum: 0.9)),
    ("adam", .adam(learningRate: 1e-3)),
  ]
  // endregion
  var lossCurves: [Series] = []
  var finalLoss: [String: Double] = [:]
  for (name, choice) in optimizers {
    let history = try run { $0.optimizer = choice }
    chapter.metrics.record("\(name)_train_loss", history.trainLoss)
    chapter.metrics.record("\(name)_optimizer_validation_accuracy", history.finalValidationAccuracy)
    chapter.say(String(format: "%@: training loss by epoch %@; validation accuracy %.4f", name,
      history.trainLoss.map { String(format: "%.4f", $0) }.joined(separator: " "), history.finalValidationAccuracy))
    lossCurves.append(.line(y: history.trainLoss, title: name))
    finalLoss[name] = history.trainLoss.last!
  }
  // Is momentum's gain its larger step? Plain SGD with the step momentum grows towards: 10 times 0.01.
  let tenfold = try run { $0.optimizer = .sgd(learningRate: 0.1, momentum: 0) }
  let share = (finalLoss["sgd"]! - tenfold.trainLoss.last!) / (finalLoss["sgd"]! - finalLoss["momentum"]!)
  chapter.metrics.record("sgd_tenfold_rate", 0.1)
  chapter.metrics.record("sgd_tenfold_train_loss", tenfold.trainLoss)
  chapter.metrics.record("sgd_tenfold_optimizer_validation_accuracy", tenfold.finalValidationAccuracy)
  chapter.metrics.record("sgd_tenfold_share_of_momentum_gain", share)
  recordWords(chapter, "sgd_tenfold_share_words", tenfoldStepShare(share))
  chapter.say(String(format: "plain SGD at 0.1: training loss by epoch %@; validation accuracy %.4f; it closes %.2f of the "
    + "distance in training loss from SGD at 0.01 to momentum", tenfold.trainLoss.map { String(format: "%.4f", $0) }
    .joined(separator: " "), tenfold.finalValidationAccuracy, share))

  let rates: [Double] = chapter.isQuick ? [1e-3, 1] : [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]
  var rateAccuracy: [Double] = [], rateLoss: [Double] = [], diverged: [Double] = []
  for rate in rates {
    let history = try run { $0.optimizer = .adam(learningRate: Float(rate)) }
    if history.divergedAt != nil { diverged.append(rate) }
    rateLoss.append(history.trainLoss.last ?? .infinity)
    // A run that diverged is as good as chance, which is what its weights now give.
    rateAccuracy.append(history.divergedAt == nil ? history.finalValidationAccuracy : 0.1)
    chapter.say(String(format: "Adam, learning rate %g: %@", rate, history.divergedAt.map { "diverged in epoch \($0)" }
      ?? String(format: "last epoch's training loss %.4f, validation accuracy %.4f", rateLoss.last!, history.finalValidationAccuracy)))
  }
  let bestRate = rates[rateAccuracy.indices.max { rateAccuracy[$0] < rateAccuracy[$1] }!]
  chapter.metrics.record("learning_rates", rates)
  chapter.metrics.record("learning_rate_validation_accuracy", rateAccuracy)
  // The training loss of the last epoch: above ln 10 ≈ 2.30, the loss of a uniform guess, the run went backwards.
  chapter.metrics.record("learning_rate_final_train_loss", rateLoss)
  chapter.metrics.record("learning_rates_diverged", diverged)
  chapter.metrics.record("best_learning_rate", bestRate)

  // Adam's step is bounded by its learning rate, so even rate 1 does not blow up; plain SGD's step
  // grows with the gradient, and large rates show what divergence looks like.
  let largeRates: [Double] = chapter.isQuick ? [10] : [10, 100]
  var divergedEpochs: [Int] = [], firstLosses: [Double] = [], largeRateLosses: [Double] = []
  for rate in largeRates {
    let history = try run { $0.optimizer = .sgd(learningRate: Float(rate), momentum: 0) }
    // 0: the loss stayed finite for every epoch.
    divergedEpochs.append(history.divergedAt ?? 0)
    firstLosses.append(history.trainLoss.first ?? -1)
    largeRateLosses.append(history.trainLoss.last ?? -1)
    chapter.say(String(format: "plain SGD, learning rate %g: %@", rate, history.divergedAt.map { "loss not finite in epoch \($0)" }
      ?? "training loss by epoch " + history.trainLoss.map { String(format: "%.4f", $0) }.joined(separator: " ")))
  }
  chapter.metrics.record("sgd_large_rates", largeRates)
  chapter.metrics.record("sgd_large_rate_diverged_epoch", divergedEpochs)
  // The first and the last full epoch's training loss (-1: the loss was not finite within the first epoch).
  chapter.metrics.record("sgd_large_rate_first_train_loss", firstLosses)
  chapter.metrics.record("sgd_large_rate_last_train_loss", largeRateLosses)

  let batchSizes = chapter.isQuick ? [32, 128] : [8, 32, 128, 512]
  var batchAccuracy: [Double] = []
  for size in batchSizes {
    let history = try run { $0.batchSize = size }
    batchAccuracy.append(history.finalValidationAccuracy)
    chapter.say(String(format: "batches of %d (%d steps per epoch): validation accuracy %.4f",
      size, (train.count + size - 1) / size, history.finalValidationAccuracy))
  }
  chapter.metrics.record("batch_sizes", batchSizes)
  chapter.metrics.record("batch_size_validation_accuracy", batchAccuracy)

  let optimizerPanel = Panel(
    title: "Training loss by optimizer", xLabel: "epoch", yLabel: "mean cross-entropy", legend: .topRight, series: lossCurves)
  let ratePanel = Panel(
    title: "Adam's learning rate", xLabel: "learning rate", yLabel: "validation accuracy", xScale: .logarithmic,
    legend: .hidden, series: [.line(x: rates, y: rateAccuracy), .scatter(x: rates, y: rateAccuracy, pointSize: 1)])
  let batchPanel = Panel(
    title: "Batch size", xLabel: "examples per batch", yLabel: "validation accuracy", xScale: .logarithmic,
    legend: .hidden, series: [.line(x: batchSizes.map(Double.init), y: batchAccuracy), .scatter(x: batchSizes.map(Double.init), y: batchAccuracy, pointSize: 1)])
  try chapter.save(
    Figure(title: "\(train.count) images, \(epochs) epochs, one seed", columns: 3, width: 1100, height: 420, panels: [optimizerPanel, ratePanel, batchPanel]),
    as: "optimization")
}
