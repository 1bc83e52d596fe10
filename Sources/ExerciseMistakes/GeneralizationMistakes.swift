// Wrong implementations of chapter 5's exercises (Exercises/Generalization.swift).

import ExerciseSolutions
import Foundation

let generalizationMistakes: [Mistake] = [
  Mistake("generalization.stratifiedHeldOut", "heldOutGlobalPrefix", heldOutGlobalPrefix),
  Mistake("generalization.stratifiedHeldOut", "heldOutRoundingDown", heldOutRoundingDown),
  Mistake("generalization.stratifiedHeldOut", "heldOutLastOfEachClass", heldOutLastOfEachClass),
  Mistake("generalization.stratifiedHeldOut", "heldOutClassByClass", heldOutClassByClass),
  Mistake("generalization.invertedDropout", "dropoutWithoutScaling", dropoutWithoutScaling),
  Mistake("generalization.invertedDropout", "dropoutScaledAtTestTime", dropoutScaledAtTestTime),
  Mistake("generalization.invertedDropout", "dropoutAlsoInEvaluation", dropoutAlsoInEvaluation),
  Mistake("generalization.invertedDropout", "dropoutScalingByKeepProbability", dropoutScalingByKeepProbability),
  Mistake("generalization.adamWStep", "adamWithL2Penalty", adamWithL2Penalty),
  Mistake("generalization.adamWStep", "adamWDecayAfterTheStep", adamWDecayAfterTheStep),
  Mistake("generalization.adamWStep", "adamWWithoutBiasCorrection", adamWWithoutBiasCorrection),
  Mistake("generalization.adamWStep", "adamWDecayWithoutLearningRate", adamWDecayWithoutLearningRate),
  Mistake("generalization.earlyStoppingEpochs", "earlyStoppingWithoutPatience", earlyStoppingWithoutPatience),
  Mistake("generalization.earlyStoppingEpochs", "earlyStoppingKeepingTheLastEpoch", earlyStoppingKeepingTheLastEpoch),
  Mistake("generalization.earlyStoppingEpochs", "earlyStoppingTiesImprove", earlyStoppingTiesImprove),
  Mistake("generalization.earlyStoppingEpochs", "earlyStoppingCountingFromZero", earlyStoppingCountingFromZero),
  Mistake("generalization.areaUnderROC", "aucTiesAsWins", aucTiesAsWins),
  Mistake("generalization.areaUnderROC", "aucIgnoringTies", aucIgnoringTies),
  Mistake("generalization.areaUnderROC", "aucOverAllPairs", aucOverAllPairs),
  Mistake("generalization.areaUnderROC", "aucAccuracyAtOneHalf", aucAccuracyAtOneHalf),
]

/// Holds out the first images of the whole set: a class can miss out entirely.
func heldOutGlobalPrefix(labels: [Int], fraction: Double) -> [Int] {
  Array(0..<Int((Double(labels.count) * fraction).rounded()))
}

/// Rounds each class's share down.
func heldOutRoundingDown(labels: [Int], fraction: Double) -> [Int] {
  Set(labels).flatMap { label in
    let members = labels.indices.filter { labels[$0] == label }
    return members.prefix(Int(Double(members.count) * fraction))
  }.sorted()
}

/// Takes each class's last images instead of its first.
func heldOutLastOfEachClass(labels: [Int], fraction: Double) -> [Int] {
  Set(labels).flatMap { label in
    let members = labels.indices.filter { labels[$0] == label }
    return members.suffix(Int((Double(members.count) * fraction).rounded()))
  }.sorted()
}

/// Returns class 0's positions, then class 1's, …, without sorting them.
func heldOutClassByClass(labels: [Int], fraction: Double) -> [Int] {
  Set(labels).sorted().flatMap { label in
    let members = labels.indices.filter { labels[$0] == label }
    return Array(members.prefix(Int((Double(members.count) * fraction).rounded())))
  }
}

/// Drops elements but does not scale the survivors: the expected value shrinks by 1 − rate.
func dropoutWithoutScaling(_ values: [Double], keep: [Bool], rate: Double, training: Bool) -> [Double] {
  training ? zip(values, keep).map { $1 ? $0 : 0 } : values
}

/// The original, non-inverted dropout: no scaling while training, × (1 − rate) at test time.
func dropoutScaledAtTestTime(_ values: [Double], keep: [Bool], rate: Double, training: Bool) -> [Double] {
  training ? zip(values, keep).map { $1 ? $0 : 0 } : values.map { $0 * (1 - rate) }
}

/// Ignores `training`: drops in evaluation too.
func dropoutAlsoInEvaluation(_ values: [Double], keep: [Bool], rate: Double, training: Bool) -> [Double] {
  invertedDropout(values, keep: keep, rate: rate, training: true)
}

/// Multiplies the survivors by 1 − rate instead of dividing.
func dropoutScalingByKeepProbability(_ values: [Double], keep: [Bool], rate: Double, training: Bool) -> [Double] {
  training ? zip(values, keep).map { $1 ? $0 * (1 - rate) : 0 } : values
}

/// Adam with an L2 penalty: adds wd·p to the gradient, where √v̂ then divides it.
func adamWithL2Penalty(
  parameter: Double, gradient: Double, firstMoment: Double, secondMoment: Double, step: Int,
  learningRate: Double, weightDecay: Double
) -> [Double] {
  adamWStep(
    parameter: parameter, gradient: gradient + weightDecay * parameter, firstMoment: firstMoment,
    secondMoment: secondMoment, step: step, learningRate: learningRate, weightDecay: 0)
}

/// Shrinks the parameter after the Adam step instead of before it.
func adamWDecayAfterTheStep(
  parameter: Double, gradient: Double, firstMoment: Double, secondMoment: Double, step: Int,
  learningRate: Double, weightDecay: Double
) -> [Double] {
  var result = adamWStep(
    parameter: parameter, gradient: gradient, firstMoment: firstMoment, secondMoment: secondMoment, step: step,
    learningRate: learningRate, weightDecay: 0)
  result[0] *= 1 - learningRate * weightDecay
  return result
}

/// Steps by m / (√v + ε) without dividing by 1 − βᵗ: far too large a first step.
func adamWWithoutBiasCorrection(
  parameter: Double, gradient: Double, firstMoment: Double, secondMoment: Double, step: Int,
  learningRate: Double, weightDecay: Double
) -> [Double] {
  let decayed = parameter - learningRate * weightDecay * parameter
  let m = 0.9 * firstMoment + 0.1 * gradient
  let v = 0.999 * secondMoment + 0.001 * gradient * gradient
  return [decayed - learningRate * m / (v.squareRoot() + 1e-8), m, v]
}

/// Shrinks by wd·p per step, forgetting the learning rate.
func adamWDecayWithoutLearningRate(
  parameter: Double, gradient: Double, firstMoment: Double, secondMoment: Double, step: Int,
  learningRate: Double, weightDecay: Double
) -> [Double] {
  adamWStep(
    parameter: parameter - weightDecay * parameter, gradient: gradient, firstMoment: firstMoment,
    secondMoment: secondMoment, step: step, learningRate: learningRate, weightDecay: 0)
}

/// Stops at the first epoch that does not improve, whatever the patience.
func earlyStoppingWithoutPatience(validationLosses: [Double], patience: Int) -> [Int] {
  earlyStoppingEpochs(validationLosses: validationLosses, patience: 1)
}

/// Keeps the weights of the epoch it stopped at, not the best ones.
func earlyStoppingKeepingTheLastEpoch(validationLosses: [Double], patience: Int) -> [Int] {
  let stopped = earlyStoppingEpochs(validationLosses: validationLosses, patience: patience)[1]
  return [stopped, stopped]
}

/// Counts an equal loss as an improvement.
func earlyStoppingTiesImprove(validationLosses: [Double], patience: Int) -> [Int] {
  var best = 0
  for epoch in validationLosses.indices {
    if validationLosses[epoch] <= validationLosses[best] { best = epoch }
    if epoch - best >= patience { return [best + 1, epoch + 1] }
  }
  return [best + 1, validationLosses.count]
}

/// Returns positions counted from 0.
func earlyStoppingCountingFromZero(validationLosses: [Double], patience: Int) -> [Int] {
  earlyStoppingEpochs(validationLosses: validationLosses, patience: patience).map { $0 - 1 }
}

/// Counts a tie as a pair ranked right.
func aucTiesAsWins(scores: [Double], isPositive: [Bool]) -> Double {
  aucCounting(scores, isPositive, tie: 1)
}

/// Counts a tie as a pair ranked wrong.
func aucIgnoringTies(scores: [Double], isPositive: [Bool]) -> Double {
  aucCounting(scores, isPositive, tie: 0)
}

/// Divides by every pair of examples, not by positive–negative pairs.
func aucOverAllPairs(scores: [Double], isPositive: [Bool]) -> Double {
  let n = Double(scores.count)
  let positives = Double(isPositive.count { $0 })
  return areaUnderROC(scores: scores, isPositive: isPositive) * positives * (n - positives) / (n * (n - 1) / 2)
}

/// The accuracy of thresholding at 0.5: one point of the curve, not the area under it.
func aucAccuracyAtOneHalf(scores: [Double], isPositive: [Bool]) -> Double {
  Double(zip(scores, isPositive).count { ($0 > 0.5) == $1 }) / Double(scores.count)
}

private func aucCounting(_ scores: [Double], _ isPositive: [Bool], tie: Double) -> Double {
  var (right, pairs) = (0.0, 0.0)
  for positive in scores.indices where isPositive[positive] {
    for negative in scores.indices where !isPositive[negative] {
      pairs += 1
      right += scores[positive] > scores[negative] ? 1 : scores[positive] == scores[negative] ? tie : 0
    }
  }
  return right / pairs
}
