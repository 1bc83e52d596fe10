// Reference solutions of Exercises/Backprop.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func multiplyBackward(a: Double, b: Double, outputGradient: Double) -> (a: Double, b: Double) {
  (b * outputGradient, a * outputGradient)
}

public func tanhBackward(input x: Double, outputGradient: Double) -> Double {
  let t = tanh(x)
  return (1 - t * t) * outputGradient
}

public func topologicalOrder(of root: Int, inputs: [[Int]]) -> [Int] {
  var order: [Int] = []
  var visited: Set<Int> = []
  func visit(_ node: Int) {
    guard visited.insert(node).inserted else { return }
    for input in inputs[node] { visit(input) }
    order.append(node)
  }
  visit(root)
  return order
}

public func hiddenLayerDeltas(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  zip(outputDeltas, hiddenOutputs).map { delta, hidden in
    hidden.indices.map { j in
      let backpropagated = delta.indices.reduce(0.0) { $0 + delta[$1] * outgoingWeights[j][$1] }
      return backpropagated * (1 - hidden[j] * hidden[j])
    }
  }
}

public func layerWeightGradient(layerInputs: [[Double]], deltas: [[Double]]) -> [[Double]] {
  let (n, k) = (layerInputs.first?.count ?? 0, deltas.first?.count ?? 0)
  var gradient = Array(repeating: Array(repeating: 0.0, count: k), count: n)
  for (input, delta) in zip(layerInputs, deltas) {
    for j in 0..<n { for c in 0..<k { gradient[j][c] += input[j] * delta[c] } }
  }
  return gradient
}

public func centralDifferenceGradient(of function: ([Double]) -> Double, at point: [Double], step: Double) -> [Double] {
  point.indices.map { i in
    var plus = point
    var minus = point
    plus[i] += step
    minus[i] -= step
    return (function(plus) - function(minus)) / (2 * step)
  }
}
