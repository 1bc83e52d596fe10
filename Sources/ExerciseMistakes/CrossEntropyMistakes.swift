// Wrong implementations of chapter 3's exercises (Exercises/CrossEntropy.swift).

import ExerciseSolutions
import Foundation

let crossEntropyMistakes: [Mistake] = [
  Mistake("cross-entropy.stableLogSoftmax", "logSoftmaxWithoutShift", logSoftmaxWithoutShift),
  Mistake("cross-entropy.stableLogSoftmax", "logSoftmaxForgettingToAddMaximumBack", logSoftmaxForgettingToAddMaximumBack),
  Mistake("cross-entropy.stableLogSoftmax", "logSoftmaxShiftedByMinimum", logSoftmaxShiftedByMinimum),
  Mistake("cross-entropy.stableLogSoftmax", "logSoftmaxReturningProbabilities", logSoftmaxReturningProbabilities),
  Mistake("cross-entropy.stableLogSoftmax", "logOfStableSoftmax", logOfStableSoftmax),
  Mistake("cross-entropy.softmaxCrossEntropy", "crossEntropyWithGradientYMinusP", crossEntropyWithGradientYMinusP),
  Mistake("cross-entropy.softmaxCrossEntropy", "crossEntropyWithGradientP", crossEntropyWithGradientP),
  Mistake("cross-entropy.softmaxCrossEntropy", "crossEntropyFromUnstableSoftmax", crossEntropyFromUnstableSoftmax),
  Mistake("cross-entropy.softmaxCrossEntropy", "crossEntropyWithoutMinus", crossEntropyWithoutMinus),
  Mistake("cross-entropy.confusionMatrix", "confusionMatrixTransposed", confusionMatrixTransposed),
  Mistake("cross-entropy.confusionMatrix", "confusionMatrixOfCorrectOnly", confusionMatrixOfCorrectOnly),
  Mistake("cross-entropy.confusionMatrix", "confusionMatrixSizedByLargestClass", confusionMatrixSizedByLargestClass),
  Mistake("cross-entropy.confusionMatrix", "confusionMatrixWithExtraRow", confusionMatrixWithExtraRow),
  Mistake("cross-entropy.classificationScores", "scoresSwappingPrecisionAndRecall", scoresSwappingPrecisionAndRecall),
  Mistake("cross-entropy.classificationScores", "scoresDividingByZero", scoresDividingByZero),
  Mistake("cross-entropy.classificationScores", "scoresWithArithmeticMeanF1", scoresWithArithmeticMeanF1),
  Mistake("cross-entropy.classificationScores", "scoresWithBalancedAccuracy", scoresWithBalancedAccuracy),
  Mistake("cross-entropy.adamStep", "adamStepWithoutBiasCorrection", adamStepWithoutBiasCorrection),
  Mistake("cross-entropy.adamStep", "adamStepWithEpsilonInsideRoot", adamStepWithEpsilonInsideRoot),
  Mistake("cross-entropy.adamStep", "adamStepWithSwappedMomentWeights", adamStepWithSwappedMomentWeights),
  Mistake("cross-entropy.adamStep", "adamStepCorrectingWithNextStep", adamStepCorrectingWithNextStep),
  Mistake("cross-entropy.adamStep", "adamStepWithAbsoluteSecondMoment", adamStepWithAbsoluteSecondMoment),
  Mistake("cross-entropy.adamStep", "adamStepCountingFromZero", adamStepCountingFromZero),
]

/// log Σ e^z without subtracting the maximum: e^1000 overflows.
func logSoftmaxWithoutShift(_ logits: [Double]) -> [Double] {
  let logTotal = log(logits.reduce(0) { $0 + exp($1) })
  return logits.map { $0 - logTotal }
}

/// Subtracts the maximum inside the exponentials but does not add it back.
func logSoftmaxForgettingToAddMaximumBack(_ logits: [Double]) -> [Double] {
  let largest = logits.max() ?? 0
  let logTotal = log(logits.reduce(0) { $0 + exp($1 - largest) })
  return logits.map { $0 - logTotal }
}

/// Subtracts the minimum instead of the maximum: e^(z − min) still overflows.
func logSoftmaxShiftedByMinimum(_ logits: [Double]) -> [Double] {
  let smallest = logits.min() ?? 0
  let logTotal = smallest + log(logits.reduce(0) { $0 + exp($1 - smallest) })
  return logits.map { $0 - logTotal }
}

/// Returns the probabilities, not their logarithms.
func logSoftmaxReturningProbabilities(_ logits: [Double]) -> [Double] { stableLogSoftmax(logits).map(exp) }

/// The log of a stably computed softmax: e^(−1000) underflows to 0 before the log, giving −∞.
func logOfStableSoftmax(_ logits: [Double]) -> [Double] {
  let largest = logits.max() ?? 0
  let exponentials = logits.map { exp($0 - largest) }
  let total = exponentials.reduce(0, +)
  return exponentials.map { log($0 / total) }
}

/// Wrong sign: the gradient y − p.
func crossEntropyWithGradientYMinusP(logits: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
  let result = softmaxCrossEntropy(logits: logits, target: target)
  return (result.loss, result.gradient.map { -$0 })
}

/// Forgets the one-hot target: the gradient is p alone.
func crossEntropyWithGradientP(logits: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
  let logProbabilities = stableLogSoftmax(logits)
  return (-logProbabilities[target], logProbabilities.map(exp))
}

/// Unstable: the loss from softmax probabilities e^z / Σ e^z, which overflow.
func crossEntropyFromUnstableSoftmax(logits: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
  let total = logits.reduce(0) { $0 + exp($1) }
  let probabilities = logits.map { exp($0) / total }
  return (-log(probabilities[target]), probabilities.indices.map { probabilities[$0] - ($0 == target ? 1 : 0) })
}

/// Forgets the minus sign of the loss.
func crossEntropyWithoutMinus(logits: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
  let result = softmaxCrossEntropy(logits: logits, target: target)
  return (-result.loss, result.gradient)
}

/// Transposed: rows are predictions, columns true classes.
func confusionMatrixTransposed(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  confusionMatrix(predictions: labels, labels: predictions, classCount: classCount)
}

/// Counts only the correct predictions, on the diagonal.
func confusionMatrixOfCorrectOnly(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  var counts = confusionMatrix(predictions: predictions, labels: labels, classCount: classCount)
  for row in counts.indices { for column in counts[row].indices where column != row { counts[row][column] = 0 } }
  return counts
}

/// Sizes the matrix by the largest class seen instead of classCount.
func confusionMatrixSizedByLargestClass(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  confusionMatrix(predictions: predictions, labels: labels, classCount: ((predictions + labels).max() ?? -1) + 1)
}

/// Off by one: 0...classCount rows, one too many.
func confusionMatrixWithExtraRow(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  confusionMatrix(predictions: predictions, labels: labels, classCount: classCount) + [[Int](repeating: 0, count: classCount)]
}

/// Reads precision from rows and recall from columns.
func scoresSwappingPrecisionAndRecall(
  confusion: [[Int]]
) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double]) {
  let scores = classificationScores(confusion: confusion)
  return (scores.accuracy, scores.recall, scores.precision, scores.f1)
}

/// Divides without guarding: 0/0 is NaN for a class never predicted.
func scoresDividingByZero(
  confusion: [[Int]]
) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double]) {
  let classes = confusion.indices
  let precision = classes.map { k in Double(confusion[k][k]) / Double(classes.reduce(0) { $0 + confusion[$1][k] }) }
  let recall = classes.map { k in Double(confusion[k][k]) / Double(confusion[k].reduce(0, +)) }
  let f1 = zip(precision, recall).map { p, r in 2 * p * r / (p + r) }
  return (classificationScores(confusion: confusion).accuracy, precision, recall, f1)
}

/// F1 as the arithmetic mean (p + r) / 2 instead of the harmonic mean.
func scoresWithArithmeticMeanF1(
  confusion: [[Int]]
) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double]) {
  let scores = classificationScores(confusion: confusion)
  return (scores.accuracy, scores.precision, scores.recall, zip(scores.precision, scores.recall).map { ($0 + $1) / 2 })
}

/// Accuracy as the mean recall over the classes (balanced accuracy).
func scoresWithBalancedAccuracy(
  confusion: [[Int]]
) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double]) {
  let scores = classificationScores(confusion: confusion)
  return (scores.recall.reduce(0, +) / Double(scores.recall.count), scores.precision, scores.recall, scores.f1)
}

/// Adam's step with its parts given: how v averages the gradients, which step
/// the bias correction uses (none for nil), and the denominator made of v̂.
private func adamVariant(
  _ parameters: [Double], _ gradients: [Double], _ firstMoment: [Double], _ secondMoment: [Double],
  correctionStep: Int?, learningRate: Double, square: (Double) -> Double = { $0 * $0 },
  denominator: (Double) -> Double = { $0.squareRoot() + 1e-8 }
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  let m = zip(firstMoment, gradients).map { 0.9 * $0 + 0.1 * $1 }
  let v = zip(secondMoment, gradients).map { 0.999 * $0 + 0.001 * square($1) }
  let t = Double(correctionStep ?? 0)
  let (first, second) = correctionStep == nil ? (1.0, 1.0) : (1 - pow(0.9, t), 1 - pow(0.999, t))
  return (parameters.indices.map { parameters[$0] - learningRate * (m[$0] / first) / denominator(v[$0] / second) }, m, v)
}

/// Forgets the bias correction: the first steps are far too large (√1000 ≈ 32 times lr · 0.1).
func adamStepWithoutBiasCorrection(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  adamVariant(parameters, gradients, firstMoment, secondMoment, correctionStep: nil, learningRate: learningRate)
}

/// ε inside the square root, √(v̂ + ε): tiny gradients barely move.
func adamStepWithEpsilonInsideRoot(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  adamVariant(
    parameters, gradients, firstMoment, secondMoment, correctionStep: step, learningRate: learningRate,
    denominator: { ($0 + 1e-8).squareRoot() })
}

/// Swaps the weights of the moving averages: β·g + (1 − β)·m.
func adamStepWithSwappedMomentWeights(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  adamStep(
    parameters: parameters, gradients: gradients.map { $0 * 9 }, firstMoment: firstMoment.map { $0 / 9 },
    secondMoment: secondMoment, step: step, learningRate: learningRate)
}

/// Off by one: corrects the bias with t + 1 instead of t.
func adamStepCorrectingWithNextStep(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  adamVariant(parameters, gradients, firstMoment, secondMoment, correctionStep: step + 1, learningRate: learningRate)
}

/// Averages |g| instead of g² in the second moment.
func adamStepWithAbsoluteSecondMoment(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  adamVariant(parameters, gradients, firstMoment, secondMoment, correctionStep: step, learningRate: learningRate, square: abs)
}

/// Off by one: corrects the bias with t − 1, dividing by 1 − β⁰ = 0 on the first step.
func adamStepCountingFromZero(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  adamVariant(parameters, gradients, firstMoment, secondMoment, correctionStep: step - 1, learningRate: learningRate)
}
