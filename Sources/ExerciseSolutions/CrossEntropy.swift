// Reference solutions of Exercises/CrossEntropy.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func stableLogSoftmax(_ logits: [Double]) -> [Double] {
  let largest = logits.max()!
  let logTotal = largest + log(logits.reduce(0) { $0 + exp($1 - largest) })
  return logits.map { $0 - logTotal }
}

public func softmaxCrossEntropy(logits: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
  let logProbabilities = stableLogSoftmax(logits)
  let gradient = logProbabilities.indices.map { k in exp(logProbabilities[k]) - (k == target ? 1 : 0) }
  return (-logProbabilities[target], gradient)
}

public func confusionMatrix(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
  for (predicted, truth) in zip(predictions, labels) { counts[truth][predicted] += 1 }
  return counts
}

public func classificationScores(
  confusion: [[Int]]
) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double]) {
  let classes = confusion.indices
  func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
  let total = confusion.reduce(0) { $0 + $1.reduce(0, +) }
  let correct = classes.reduce(0) { $0 + confusion[$1][$1] }
  let precision = classes.map { k in ratio(confusion[k][k], classes.reduce(0) { $0 + confusion[$1][k] }) }
  let recall = classes.map { k in ratio(confusion[k][k], confusion[k].reduce(0, +)) }
  let f1 = zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
  return (ratio(correct, total), precision, recall, f1)
}

public func adamStep(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
  let m = zip(firstMoment, gradients).map { beta1 * $0 + (1 - beta1) * $1 }
  let v = zip(secondMoment, gradients).map { beta2 * $0 + (1 - beta2) * $1 * $1 }
  let firstCorrection = 1 - pow(beta1, Double(step))
  let secondCorrection = 1 - pow(beta2, Double(step))
  let updated = parameters.indices.map { i in
    parameters[i] - learningRate * (m[i] / firstCorrection) / ((v[i] / secondCorrection).squareRoot() + epsilon)
  }
  return (updated, m, v)
}
