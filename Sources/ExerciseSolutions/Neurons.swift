// Reference solutions of Exercises/Neurons.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func sigmoid(_ z: Double) -> Double {
  if z >= 0 { return 1 / (1 + exp(-z)) }
  let e = exp(z)
  return e / (1 + e)
}

public func sigmoidDerivative(_ z: Double) -> Double {
  let s = sigmoid(z)
  return s * (1 - s)
}

public func neuronOutput(inputs: [Double], weights: [Double], bias: Double) -> Double {
  sigmoid(zip(inputs, weights).reduce(bias) { $0 + $1.0 * $1.1 })
}

public func binaryCrossEntropy(probabilities: [Double], labels: [Double]) -> Double {
  let total = zip(probabilities, labels).reduce(0.0) { sum, pair in
    let (p, y) = pair
    return sum + y * log(p) + (1 - y) * log(1 - p)
  }
  return -total / Double(probabilities.count)
}

public func gradientDescentStep(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  let errors = zip(inputs, labels).map { x, y in neuronOutput(inputs: x, weights: weights, bias: bias) - y }
  let count = Double(inputs.count)
  let newWeights = weights.indices.map { j in
    weights[j] - learningRate * zip(errors, inputs).reduce(0) { $0 + $1.0 * $1.1[j] } / count
  }
  return (newWeights, bias - learningRate * errors.reduce(0, +) / count)
}
