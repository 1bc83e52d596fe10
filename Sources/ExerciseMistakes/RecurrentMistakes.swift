// Wrong implementations of chapter 6's exercises (Exercises/Recurrent.swift).

import ExerciseSolutions
import Foundation

let recurrentMistakes: [Mistake] = [
  Mistake("lstm.recurrentStep", "recurrentStepWithoutBias", recurrentStepWithoutBias),
  Mistake("lstm.recurrentStep", "recurrentStepWithoutTanh", recurrentStepWithoutTanh),
  Mistake("lstm.recurrentStep", "recurrentStepWithSigmoid", recurrentStepWithSigmoid),
  Mistake("lstm.recurrentStep", "recurrentStepWithTransposedRecurrentWeight", recurrentStepWithTransposedRecurrentWeight),
  Mistake("lstm.recurrentStep", "recurrentStepSwappingWeights", recurrentStepSwappingWeights),
  Mistake("lstm.lstmStep", "lstmStepSwappingInputAndForgetGates", lstmStepSwappingInputAndForgetGates),
  Mistake("lstm.lstmStep", "lstmStepWithoutCellTanh", lstmStepWithoutCellTanh),
  Mistake("lstm.lstmStep", "lstmStepWithSigmoidCandidate", lstmStepWithSigmoidCandidate),
  Mistake("lstm.lstmStep", "lstmStepWithoutInputGate", lstmStepWithoutInputGate),
  Mistake("lstm.lstmStep", "lstmStepHiddenFromOldCell", lstmStepHiddenFromOldCell),
  Mistake("lstm.sampleIndex", "sampleIndexMultiplyingByTemperature", sampleIndexMultiplyingByTemperature),
  Mistake("lstm.sampleIndex", "sampleIndexWithoutShift", sampleIndexWithoutShift),
  Mistake("lstm.sampleIndex", "sampleIndexGreedy", sampleIndexGreedy),
  Mistake("lstm.sampleIndex", "sampleIndexComparingBeforeAdding", sampleIndexComparingBeforeAdding),
  Mistake("lstm.meanBitsPerCharacter", "meanNatsPerCharacter", meanNatsPerCharacter),
  Mistake("lstm.meanBitsPerCharacter", "totalBitsOfText", totalBitsOfText),
  Mistake("lstm.meanBitsPerCharacter", "meanBitsWithoutMinus", meanBitsWithoutMinus),
  Mistake("lstm.meanBitsPerCharacter", "meanBitsOfMostLikely", meanBitsOfMostLikely),
  Mistake("lstm.recurrentGradientToStart", "gradientToStartWithPreviousState", gradientToStartWithPreviousState),
  Mistake("lstm.recurrentGradientToStart", "gradientToStartWithoutRecurrentWeight", gradientToStartWithoutRecurrentWeight),
  Mistake("lstm.recurrentGradientToStart", "gradientToStartSummingFactors", gradientToStartSummingFactors),
  Mistake("lstm.recurrentGradientToStart", "gradientToStartWithInputWeight", gradientToStartWithInputWeight),
]

/// Forgets the bias.
func recurrentStepWithoutBias(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  recurrentStep(input: input, hidden: hidden, inputWeight: inputWeight, recurrentWeight: recurrentWeight,
    bias: bias.map { _ in 0 })
}

/// Forgets the tanh: returns the pre-activation.
func recurrentStepWithoutTanh(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  recurrentStep(input: input, hidden: hidden, inputWeight: inputWeight, recurrentWeight: recurrentWeight, bias: bias)
    .map(atanh)
}

/// The sigmoid instead of tanh.
func recurrentStepWithSigmoid(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  recurrentStepWithoutTanh(input: input, hidden: hidden, inputWeight: inputWeight, recurrentWeight: recurrentWeight,
    bias: bias).map { 1 / (1 + exp(-$0)) }
}

/// U·h instead of h·U: the recurrent weight transposed.
func recurrentStepWithTransposedRecurrentWeight(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  let transposed = recurrentWeight.indices.map { j in recurrentWeight.map { $0[j] } }
  return recurrentStep(input: input, hidden: hidden, inputWeight: inputWeight, recurrentWeight: transposed, bias: bias)
}

/// x·U + h·W: the two weights swapped. It traps (index out of range) when the
/// input and hidden sizes differ, as a learner's would: the check must reject
/// it on a case where they agree first and then stop calling it.
func recurrentStepSwappingWeights(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  bias.indices.map { j in
    tanh(bias[j] + input.indices.reduce(0) { $0 + input[$1] * recurrentWeight[$1][j] }
      + hidden.indices.reduce(0) { $0 + hidden[$1] * inputWeight[$1][j] })
  }
}

/// The pre-activations z = x·W + h·U + b of an LSTM step.
private func lstmPreactivations(
  _ input: [Double], _ hidden: [Double], _ inputWeight: [[Double]], _ recurrentWeight: [[Double]], _ bias: [Double]
) -> [Double] {
  bias.indices.map { j in
    bias[j] + zip(input, inputWeight).reduce(0) { $0 + $1.0 * $1.1[j] }
      + zip(hidden, recurrentWeight).reduce(0) { $0 + $1.0 * $1.1[j] }
  }
}

private func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

/// An LSTM step whose gates are computed as given, from z and the gate order input, forget, candidate, output.
private func lstmStep(
  _ input: [Double], _ hidden: [Double], _ cell: [Double], _ inputWeight: [[Double]], _ recurrentWeight: [[Double]],
  _ bias: [Double], update: (_ i: Double, _ f: Double, _ zg: Double, _ o: Double, _ c: Double) -> (h: Double, c: Double)
) -> (hidden: [Double], cell: [Double]) {
  let z = lstmPreactivations(input, hidden, inputWeight, recurrentWeight, bias)
  let size = cell.count
  let units = (0..<size).map { j in
    update(logistic(z[j]), logistic(z[size + j]), z[2 * size + j], logistic(z[3 * size + j]), cell[j])
  }
  return (units.map(\.h), units.map(\.c))
}

/// Swaps the input and forget gates (the order is input, forget, candidate, output).
func lstmStepSwappingInputAndForgetGates(
  input: [Double], hidden: [Double], cell: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  lstmStep(input, hidden, cell, inputWeight, recurrentWeight, bias) { i, f, zg, o, c in
    let next = i * c + f * tanh(zg)
    return (o * tanh(next), next)
  }
}

/// h′ = o ⊙ c′, forgetting the tanh of the cell.
func lstmStepWithoutCellTanh(
  input: [Double], hidden: [Double], cell: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  lstmStep(input, hidden, cell, inputWeight, recurrentWeight, bias) { i, f, zg, o, c in
    let next = f * c + i * tanh(zg)
    return (o * next, next)
  }
}

/// The candidate squashed by σ instead of tanh.
func lstmStepWithSigmoidCandidate(
  input: [Double], hidden: [Double], cell: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  lstmStep(input, hidden, cell, inputWeight, recurrentWeight, bias) { i, f, zg, o, c in
    let next = f * c + i * logistic(zg)
    return (o * tanh(next), next)
  }
}

/// c′ = f ⊙ c + g, forgetting the input gate.
func lstmStepWithoutInputGate(
  input: [Double], hidden: [Double], cell: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  lstmStep(input, hidden, cell, inputWeight, recurrentWeight, bias) { i, f, zg, o, c in
    let next = f * c + tanh(zg)
    return (o * tanh(next), next)
  }
}

/// h′ = o ⊙ tanh(c), from the old cell instead of the new one.
func lstmStepHiddenFromOldCell(
  input: [Double], hidden: [Double], cell: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  lstmStep(input, hidden, cell, inputWeight, recurrentWeight, bias) { i, f, zg, o, c in
    (o * tanh(c), f * c + i * tanh(zg))
  }
}

/// Multiplies the logits by the temperature instead of dividing.
func sampleIndexMultiplyingByTemperature(logits: [Double], temperature: Double, uniform: Double) -> Int {
  sampleIndex(logits: logits, temperature: 1 / temperature, uniform: uniform)
}

/// Inverse transform sampling over unnormalized `weights`: the first index
/// whose running sum (the token's own probability added before or after the
/// comparison) exceeds `uniform`, else the last.
private func inverseTransform(_ weights: [Double], uniform: Double, addingFirst: Bool = true) -> Int {
  let total = weights.reduce(0, +)
  var cumulative = 0.0
  for (index, weight) in weights.enumerated() {
    if addingFirst { cumulative += weight / total }
    if cumulative > uniform { return index }
    if !addingFirst { cumulative += weight / total }
  }
  return weights.count - 1
}

/// Exponentiates without subtracting the largest logit: e^1000 overflows, and NaN sums pick the last token.
func sampleIndexWithoutShift(logits: [Double], temperature: Double, uniform: Double) -> Int {
  inverseTransform(logits.map { exp($0 / temperature) }, uniform: uniform)
}

/// Always the most likely token, ignoring `uniform`.
func sampleIndexGreedy(logits: [Double], temperature: Double, uniform: Double) -> Int {
  logits.indices.max { logits[$0] < logits[$1] } ?? 0
}

/// Off by one: compares the running sum before adding the token's own probability.
func sampleIndexComparingBeforeAdding(logits: [Double], temperature: Double, uniform: Double) -> Int {
  let largest = logits.max() ?? 0
  return inverseTransform(logits.map { exp(($0 - largest) / temperature) }, uniform: uniform, addingFirst: false)
}

/// Natural logarithms: nats, not bits.
func meanNatsPerCharacter(probabilities: [[Double]], targets: [Int]) -> Double {
  meanBitsPerCharacter(probabilities: probabilities, targets: targets) * log(2)
}

/// The sum over the text instead of the mean.
func totalBitsOfText(probabilities: [[Double]], targets: [Int]) -> Double {
  meanBitsPerCharacter(probabilities: probabilities, targets: targets) * Double(targets.count)
}

/// Forgets the minus sign.
func meanBitsWithoutMinus(probabilities: [[Double]], targets: [Int]) -> Double {
  -meanBitsPerCharacter(probabilities: probabilities, targets: targets)
}

/// Scores the most likely byte instead of the one that came next.
func meanBitsOfMostLikely(probabilities: [[Double]], targets: [Int]) -> Double {
  -probabilities.reduce(0) { $0 + log2($1.max() ?? 1) } / Double(targets.count)
}

/// Off by one in time: the factor 1 − h² uses the state before the step.
func gradientToStartWithPreviousState(inputs: [Double], inputWeight: Double, recurrentWeight: Double) -> Double {
  var (hidden, gradient) = (0.0, 1.0)
  for input in inputs {
    gradient *= recurrentWeight * (1 - hidden * hidden)
    hidden = tanh(inputWeight * input + recurrentWeight * hidden)
  }
  return gradient
}

/// Forgets the factor u of each step.
func gradientToStartWithoutRecurrentWeight(inputs: [Double], inputWeight: Double, recurrentWeight: Double) -> Double {
  recurrentGradientToStart(inputs: inputs, inputWeight: inputWeight, recurrentWeight: recurrentWeight)
    / pow(recurrentWeight, Double(inputs.count))
}

/// Adds the steps' factors instead of multiplying them.
func gradientToStartSummingFactors(inputs: [Double], inputWeight: Double, recurrentWeight: Double) -> Double {
  var (hidden, gradient) = (0.0, 0.0)
  for input in inputs {
    hidden = tanh(inputWeight * input + recurrentWeight * hidden)
    gradient += recurrentWeight * (1 - hidden * hidden)
  }
  return gradient
}

/// Multiplies by the input weight w instead of the recurrent weight u.
func gradientToStartWithInputWeight(inputs: [Double], inputWeight: Double, recurrentWeight: Double) -> Double {
  var (hidden, gradient) = (0.0, 1.0)
  for input in inputs {
    hidden = tanh(inputWeight * input + recurrentWeight * hidden)
    gradient *= inputWeight * (1 - hidden * hidden)
  }
  return gradient
}
