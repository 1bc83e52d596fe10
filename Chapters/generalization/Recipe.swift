import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// Everything that defines one training run besides its data and seed: the
/// network's size, the optimizer and its regularization, dropout,
/// augmentation, batch size and epochs. Each remedy is the baseline with one
/// field changed.
struct Recipe {
  /// The widths of the hidden layers: article 002's [64, 64].
  var hiddenSizes = [64, 64]
  /// Article 004's CNN (chapter 4's) instead of the MLP; `hiddenSizes` and `dropoutRate` then do not apply.
  var convolutional = false
  var optimizer = OptimizerChoice.adam(learningRate: 1e-3)
  /// Inverted dropout after each hidden layer (0: none).
  var dropoutRate: Float = 0
  /// Shifts and flips applied to each batch as it is drawn (nil: none).
  var augmentation: ImageAugmentation?
  var batchSize = 32
  var epochs: Int
}

/// The optimizers the chapter compares, with their regularization.
enum OptimizerChoice {
  /// Plain SGD (momentum 0) or SGD with momentum.
  case sgd(learningRate: Float, momentum: Float)
  /// Adam, with an L2 penalty λ·w added to every gradient (0: none).
  case adam(learningRate: Float, l2: Float = 0)
  /// AdamW: Adam with decoupled weight decay.
  case adamW(learningRate: Float, decay: Float)

  // region: optimizer-choice
  func make(for model: Sequential) -> any Optimizer {
    switch self {
    case .sgd(let learningRate, let momentum):
      SGD(parameters: model.namedParameters, learningRate: learningRate, momentum: momentum)
    case .adam(let learningRate, let l2):
      Adam(parameters: model.namedParameters, learningRate: learningRate, weightDecay: l2)
    case .adamW(let learningRate, let decay):
      AdamW(parameters: model.namedParameters, learningRate: learningRate, weightDecay: decay)
    }
  }
  // endregion
}

/// What one run measured after each epoch.
struct RunHistory {
  /// The mean training loss during each epoch (with dropout and augmentation on, as trained).
  var trainLoss: [Double] = []
  /// Accuracy on (up to 1,000 of) the training images, in evaluation mode, after each epoch.
  var trainAccuracy: [Double] = []
  var validationLoss: [Double] = []
  var validationAccuracy: [Double] = []
  /// Test accuracy after each epoch (or after the last only): recorded to
  /// measure what choosing on it would do, never to choose.
  var testAccuracy: [Double] = []
  /// Which test images were classified right, after each epoch the test set was measured:
  /// enough to score any half of it without running the network again.
  var testCorrect: [[Bool]] = []
  /// The epoch (from 1) at which the loss stopped being finite, if it did.
  var divergedAt: Int?

  var finalValidationAccuracy: Double { validationAccuracy.last ?? .nan }
  var finalTestAccuracy: Double { testAccuracy.last ?? .nan }
}

/// The images and labels of one training batch, augmented if the recipe says so.
func preparedBatch(
  _ indices: [Int], of data: ImageDataset, recipe: Recipe, seed: UInt64, epoch: Int, batch: Int
) -> (images: Tensor, labels: [Int]) {
  guard let augmentation = recipe.augmentation else { return data.tensorBatch(at: indices) }
  var random = augmentationGenerator(seed: seed, epoch: epoch, batch: batch)
  return augmentation.apply(to: data.batch(at: indices), using: &random).tensors
}

/// The generator of one batch's augmentation draws, seeded by (seed, epoch,
/// batch): a batch is the same whichever thread prepares it, and its draws
/// can be replayed without training.
func augmentationGenerator(seed: UInt64, epoch: Int, batch: Int) -> SplitMix64 {
  SplitMix64(seed: seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(batch) &* 7_919)
}

/// A fresh network for `recipe` from `seed`: the same seed, the same initial
/// weights whatever the dropout rate (its masks have a generator of their own).
func makeModel(_ recipe: Recipe, seed: UInt64) -> Sequential {
  if recipe.convolutional { return makeConvolutionalNetwork(random: RandomGenerator(seed: seed)) }
  return makeMultilayerPerceptron(
    hiddenSizes: recipe.hiddenSizes, dropoutRate: recipe.dropoutRate,
    random: RandomGenerator(seed: seed), dropoutRandom: RandomGenerator(seed: seed &+ 0xD0D0))
}

// region: quiet-training
/// Trains a fresh network by `recipe` on `train` from `seed`, quietly, and
/// measures it on the training, validation and test images after each epoch.
///
/// A run whose loss stops being finite (too large a learning rate) ends
/// there, with `divergedAt` set, instead of stopping the chapter.
///
/// - Parameter testEveryEpoch: Measure the test accuracy after every epoch
///   (for the section on choosing with it), not only after the last.
/// - Parameter measureEveryEpoch: Measure anything before the last epoch
///   (false for the CNN, whose evaluation costs more than its training here).
func trainQuietly(
  _ recipe: Recipe, on train: ImageDataset, data: GeneralizationData, seed: UInt64, chapter: ChapterRun,
  testEveryEpoch: Bool = false, measureEveryEpoch: Bool = true
) throws -> RunHistory {
  let model = makeModel(recipe, seed: seed)
  let optimizer = recipe.optimizer.make(for: model)
  var history = RunHistory()
  let trainSample = train.prefix(1_000)
  for epoch in 1...recipe.epochs {
    model.setTraining(true)
    var (lossSum, seen) = (0.0, 0)
    for (index, indices) in EpochBatches(count: train.count, batchSize: recipe.batchSize, seed: seed, epoch: epoch).enumerated() {
      let (images, labels) = preparedBatch(indices, of: train, recipe: recipe, seed: seed, epoch: epoch, batch: index)
      optimizer.clearGradients()
      let loss = model(images).crossEntropy(targets: labels)
      guard loss.scalar.isFinite else {
        history.divergedAt = epoch
        return history
      }
      loss.backward()
      optimizer.step()
      lossSum += Double(loss.scalar) * Double(labels.count)
      seen += labels.count
    }
    try chapter.stopIfInterrupted()
    model.setTraining(false)
    history.trainLoss.append(lossSum / Double(seen))
    guard measureEveryEpoch || epoch == recipe.epochs else { continue }
    let scores = evaluate(model, trainSample: trainSample, data: data, withTest: testEveryEpoch || epoch == recipe.epochs)
    history.trainAccuracy.append(scores.train)
    history.validationLoss.append(scores.validationLoss)
    history.validationAccuracy.append(scores.validation)
    if let test = scores.test {
      history.testAccuracy.append(test.whole)
      history.testCorrect.append(test.correct)
    }
  }
  return history
}
// endregion

/// Accuracies of `model` on a sample of its training images, the validation
/// and the test images, and its validation loss.
func evaluate(
  _ model: Sequential, trainSample: ImageDataset, data: GeneralizationData, withTest: Bool
) -> (train: Double, validation: Double, validationLoss: Double, test: (whole: Double, correct: [Bool])?) {
  let validationLogits = data.validation.logits(of: model)
  var test: (whole: Double, correct: [Bool])?
  if withTest {
    let (predictions, labels) = (data.test.logits(of: model).argmaxLastAxis(), data.test.labels)
    test = (accuracy(predictions: predictions, labels: labels), zip(predictions, labels).map { $0 == $1 })
  }
  return (
    accuracy(predictions: trainSample.logits(of: model).argmaxLastAxis(), labels: trainSample.labels),
    accuracy(predictions: validationLogits.argmaxLastAxis(), labels: data.validation.labels),
    Double(validationLogits.crossEntropy(targets: data.validation.labels).scalar),
    test)
}

/// The epoch (from 1) of the lowest validation loss: where early stopping keeps the weights.
func bestValidationEpoch(_ history: RunHistory) -> Int {
  history.validationLoss.indices.min { history.validationLoss[$0] < history.validationLoss[$1] }! + 1
}
