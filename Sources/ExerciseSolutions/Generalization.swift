// Reference solutions of Exercises/Generalization.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func stratifiedHeldOut(labels: [Int], fraction: Double) -> [Int] {
  var byClass: [Int: [Int]] = [:]
  for (index, label) in labels.enumerated() { byClass[label, default: []].append(index) }
  return byClass.values.flatMap { members in members.prefix(Int((Double(members.count) * fraction).rounded())) }.sorted()
}

public func invertedDropout(_ values: [Double], keep: [Bool], rate: Double, training: Bool) -> [Double] {
  guard training else { return values }
  return zip(values, keep).map { value, kept in kept ? value / (1 - rate) : 0 }
}

public func adamWStep(
  parameter: Double, gradient: Double, firstMoment: Double, secondMoment: Double, step: Int,
  learningRate: Double, weightDecay: Double
) -> [Double] {
  let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
  let decayed = parameter - learningRate * weightDecay * parameter
  let m = beta1 * firstMoment + (1 - beta1) * gradient
  let v = beta2 * secondMoment + (1 - beta2) * gradient * gradient
  let mHat = m / (1 - pow(beta1, Double(step)))
  let vHat = v / (1 - pow(beta2, Double(step)))
  return [decayed - learningRate * mHat / (vHat.squareRoot() + epsilon), m, v]
}

public func earlyStoppingEpochs(validationLosses: [Double], patience: Int) -> [Int] {
  var best = 0
  for epoch in validationLosses.indices {
    if validationLosses[epoch] < validationLosses[best] { best = epoch }
    if epoch - best >= patience { return [best + 1, epoch + 1] }
  }
  return [best + 1, validationLosses.count]
}

public func areaUnderROC(scores: [Double], isPositive: [Bool]) -> Double {
  var (right, pairs) = (0.0, 0.0)
  for positive in scores.indices where isPositive[positive] {
    for negative in scores.indices where !isPositive[negative] {
      pairs += 1
      if scores[positive] > scores[negative] { right += 1 } else if scores[positive] == scores[negative] { right += 0.5 }
    }
  }
  return right / pairs
}
