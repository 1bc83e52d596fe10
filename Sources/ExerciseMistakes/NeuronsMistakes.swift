// Wrong implementations of chapter 1's exercises (Exercises/Neurons.swift).

import ExerciseSolutions
import Foundation

let neuronsMistakes: [Mistake] = [
  Mistake("neurons.sigmoid", "sigmoidAsRatioOfExponentials", sigmoidAsRatioOfExponentials),
  Mistake("neurons.sigmoid", "sigmoidWithWrongSign", sigmoidWithWrongSign),
  Mistake("neurons.sigmoid", "sigmoidFromTanhWithoutHalving", sigmoidFromTanhWithoutHalving),
  Mistake("neurons.sigmoidDerivative", "sigmoidDerivativeOfInput", sigmoidDerivativeOfInput),
  Mistake("neurons.sigmoidDerivative", "sigmoidDerivativeByQuotientRule", sigmoidDerivativeByQuotientRule),
  Mistake("neurons.sigmoidDerivative", "sigmoidDerivativeOfTanh", sigmoidDerivativeOfTanh),
  Mistake("neurons.sigmoidDerivative", "sigmoidDerivativeWithWrongSign", sigmoidDerivativeWithWrongSign),
  Mistake("neurons.neuronOutput", "neuronOutputWithoutBias", neuronOutputWithoutBias),
  Mistake("neurons.neuronOutput", "neuronOutputSubtractingBias", neuronOutputSubtractingBias),
  Mistake("neurons.neuronOutput", "neuronOutputWithoutSigmoid", neuronOutputWithoutSigmoid),
  Mistake("neurons.neuronOutput", "neuronOutputSkippingFirstInput", neuronOutputSkippingFirstInput),
  Mistake("neurons.neuronOutput", "neuronOutputAveragingInputs", neuronOutputAveragingInputs),
  Mistake("neurons.binaryCrossEntropy", "binaryCrossEntropyWithArticleBrackets", binaryCrossEntropyWithArticleBrackets),
  Mistake("neurons.binaryCrossEntropy", "binaryCrossEntropySum", binaryCrossEntropySum),
  Mistake("neurons.binaryCrossEntropy", "binaryCrossEntropyWithoutMinus", binaryCrossEntropyWithoutMinus),
  Mistake("neurons.binaryCrossEntropy", "binaryCrossEntropySwappingTerms", binaryCrossEntropySwappingTerms),
  Mistake("neurons.gradientDescentStep", "gradientDescentStepPerExample", gradientDescentStepPerExample),
  Mistake("neurons.gradientDescentStep", "gradientDescentStepSummingGradients", gradientDescentStepSummingGradients),
  Mistake("neurons.gradientDescentStep", "gradientAscentStep", gradientAscentStep),
  Mistake("neurons.gradientDescentStep", "gradientDescentStepWithSquaredErrorFactor", gradientDescentStepWithSquaredErrorFactor),
  Mistake("neurons.gradientDescentStep", "gradientDescentStepKeepingBias", gradientDescentStepKeepingBias),
]

/// Unstable: e^z / (1 + e^z) is ∞/∞ = NaN for z = 1000.
func sigmoidAsRatioOfExponentials(_ z: Double) -> Double { exp(z) / (1 + exp(z)) }

/// Wrong sign: 1 / (1 + e^z) is σ(−z).
func sigmoidWithWrongSign(_ z: Double) -> Double { 1 / (1 + exp(z)) }

/// (1 + tanh z) / 2 is σ(2z): the identity needs tanh(z/2).
func sigmoidFromTanhWithoutHalving(_ z: Double) -> Double { (1 + tanh(z)) / 2 }

/// Applies s(1 − s) to z itself instead of to σ(z).
func sigmoidDerivativeOfInput(_ z: Double) -> Double { z * (1 - z) }

/// Unstable: e^(−z) / (1 + e^(−z))² is ∞/∞ = NaN for z = −1000.
func sigmoidDerivativeByQuotientRule(_ z: Double) -> Double { exp(-z) / pow(1 + exp(-z), 2) }

/// tanh's derivative, 1 − σ², instead of σ(1 − σ).
func sigmoidDerivativeOfTanh(_ z: Double) -> Double { 1 - sigmoid(z) * sigmoid(z) }

/// Wrong sign: −σ(1 − σ).
func sigmoidDerivativeWithWrongSign(_ z: Double) -> Double { -sigmoid(z) * (1 - sigmoid(z)) }

/// Forgets the bias.
func neuronOutputWithoutBias(inputs: [Double], weights: [Double], bias: Double) -> Double {
  sigmoid(zip(inputs, weights).reduce(0) { $0 + $1.0 * $1.1 })
}

/// Subtracts the bias instead of adding it.
func neuronOutputSubtractingBias(inputs: [Double], weights: [Double], bias: Double) -> Double {
  sigmoid(zip(inputs, weights).reduce(-bias) { $0 + $1.0 * $1.1 })
}

/// Returns the weighted sum z without squashing it.
func neuronOutputWithoutSigmoid(inputs: [Double], weights: [Double], bias: Double) -> Double {
  zip(inputs, weights).reduce(bias) { $0 + $1.0 * $1.1 }
}

/// Off by one: the sum starts at index 1, skipping the first input.
func neuronOutputSkippingFirstInput(inputs: [Double], weights: [Double], bias: Double) -> Double {
  sigmoid((1..<max(1, inputs.count)).reduce(bias) { $0 + inputs[$1] * weights[$1] })
}

/// The mean of the weighted inputs instead of their sum.
func neuronOutputAveragingInputs(inputs: [Double], weights: [Double], bias: Double) -> Double {
  sigmoid(zip(inputs, weights).reduce(0) { $0 + $1.0 * $1.1 } / Double(max(1, inputs.count)) + bias)
}

/// Article 000's brackets: the minus sign covers only the first term.
func binaryCrossEntropyWithArticleBrackets(probabilities: [Double], labels: [Double]) -> Double {
  zip(probabilities, labels).reduce(0.0) { $0 - $1.1 * log($1.0) + (1 - $1.1) * log(1 - $1.0) }
    / Double(probabilities.count)
}

/// The sum over the examples instead of the mean.
func binaryCrossEntropySum(probabilities: [Double], labels: [Double]) -> Double {
  binaryCrossEntropy(probabilities: probabilities, labels: labels) * Double(probabilities.count)
}

/// Forgets the minus sign: the loss is negative.
func binaryCrossEntropyWithoutMinus(probabilities: [Double], labels: [Double]) -> Double {
  -binaryCrossEntropy(probabilities: probabilities, labels: labels)
}

/// Pairs y with log(1 − p) and 1 − y with log p.
func binaryCrossEntropySwappingTerms(probabilities: [Double], labels: [Double]) -> Double {
  binaryCrossEntropy(probabilities: probabilities.map { 1 - $0 }, labels: labels)
}

/// Updates the weights after each example, so later examples see new weights.
func gradientDescentStepPerExample(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  var (w, b) = (weights, bias)
  for (x, y) in zip(inputs, labels) {
    let error = neuronOutput(inputs: x, weights: w, bias: b) - y
    let count = Double(inputs.count)
    w = w.indices.map { w[$0] - learningRate * error * x[$0] / count }
    b -= learningRate * error / count
  }
  return (w, b)
}

/// Sums the gradients over the batch instead of averaging them.
func gradientDescentStepSummingGradients(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  gradientDescentStep(
    inputs: inputs, labels: labels, weights: weights, bias: bias, learningRate: learningRate * Double(inputs.count))
}

/// Wrong sign: w + η ∂L/∂w climbs the loss.
func gradientAscentStep(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  gradientDescentStep(inputs: inputs, labels: labels, weights: weights, bias: bias, learningRate: -learningRate)
}

/// Multiplies the error by σ′(z) = p(1 − p), as the squared error's gradient would.
func gradientDescentStepWithSquaredErrorFactor(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  let errors = zip(inputs, labels).map { x, y in
    let p = neuronOutput(inputs: x, weights: weights, bias: bias)
    return (p - y) * p * (1 - p)
  }
  let count = Double(inputs.count)
  let newWeights = weights.indices.map { j in
    weights[j] - learningRate * zip(errors, inputs).reduce(0) { $0 + $1.0 * $1.1[j] } / count
  }
  return (newWeights, bias - learningRate * errors.reduce(0, +) / count)
}

/// Updates the weights but forgets the bias.
func gradientDescentStepKeepingBias(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  (gradientDescentStep(inputs: inputs, labels: labels, weights: weights, bias: bias, learningRate: learningRate).weights, bias)
}
