// Reference solutions of Exercises/Recurrent.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

/// x·W for a row vector x and W given as rows.
private func rowTimesMatrix(_ x: [Double], _ weight: [[Double]]) -> [Double] {
  var result = [Double](repeating: 0, count: weight.first?.count ?? 0)
  for (row, value) in zip(weight, x) {
    for column in result.indices { result[column] += value * row[column] }
  }
  return result
}

private func sigmoidOf(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

public func recurrentStep(
  input: [Double], hidden: [Double], inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> [Double] {
  let (fromInput, fromHidden) = (rowTimesMatrix(input, inputWeight), rowTimesMatrix(hidden, recurrentWeight))
  return bias.indices.map { tanh(fromInput[$0] + fromHidden[$0] + bias[$0]) }
}

public func lstmStep(
  input: [Double], hidden: [Double], cell: [Double],
  inputWeight: [[Double]], recurrentWeight: [[Double]], bias: [Double]
) -> (hidden: [Double], cell: [Double]) {
  let (fromInput, fromHidden) = (rowTimesMatrix(input, inputWeight), rowTimesMatrix(hidden, recurrentWeight))
  let z = bias.indices.map { fromInput[$0] + fromHidden[$0] + bias[$0] }
  let size = cell.count
  var (newHidden, newCell) = ([Double](), [Double]())
  for unit in 0..<size {
    let inputGate = sigmoidOf(z[unit])
    let forgetGate = sigmoidOf(z[size + unit])
    let candidate = tanh(z[2 * size + unit])
    let outputGate = sigmoidOf(z[3 * size + unit])
    let c = forgetGate * cell[unit] + inputGate * candidate
    newCell.append(c)
    newHidden.append(outputGate * tanh(c))
  }
  return (newHidden, newCell)
}

public func sampleIndex(logits: [Double], temperature: Double, uniform: Double) -> Int {
  let largest = logits.max() ?? 0
  let weights = logits.map { exp(($0 - largest) / temperature) }
  let total = weights.reduce(0, +)
  var cumulative = 0.0
  for (index, weight) in weights.enumerated() {
    cumulative += weight / total
    if cumulative > uniform { return index }
  }
  return logits.count - 1
}

public func meanBitsPerCharacter(probabilities: [[Double]], targets: [Int]) -> Double {
  let total = zip(probabilities, targets).reduce(0.0) { $0 - log2($1.0[$1.1]) }
  return total / Double(targets.count)
}

public func recurrentGradientToStart(inputs: [Double], inputWeight: Double, recurrentWeight: Double) -> Double {
  var (hidden, gradient) = (0.0, 1.0)
  for input in inputs {
    hidden = tanh(inputWeight * input + recurrentWeight * hidden)
    gradient *= recurrentWeight * (1 - hidden * hidden)
  }
  return gradient
}
