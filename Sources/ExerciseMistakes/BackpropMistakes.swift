// Wrong implementations of chapter 2's exercises (Exercises/Backprop.swift).

import ExerciseSolutions
import Foundation

let backpropMistakes: [Mistake] = [
  Mistake("backprop.multiplyBackward", "multiplyBackwardSwapped", multiplyBackwardSwapped),
  Mistake("backprop.multiplyBackward", "multiplyBackwardWithoutOutputGradient", multiplyBackwardWithoutOutputGradient),
  Mistake("backprop.multiplyBackward", "multiplyBackwardAsAddition", multiplyBackwardAsAddition),
  Mistake("backprop.tanhBackward", "tanhBackwardOfInput", tanhBackwardOfInput),
  Mistake("backprop.tanhBackward", "tanhBackwardWithoutOutputGradient", tanhBackwardWithoutOutputGradient),
  Mistake("backprop.tanhBackward", "tanhBackwardWithoutSquare", tanhBackwardWithoutSquare),
  Mistake("backprop.tanhBackward", "tanhBackwardFromExponentials", tanhBackwardFromExponentials),
  Mistake("backprop.topologicalOrder", "topologicalOrderRootFirst", topologicalOrderRootFirst),
  Mistake("backprop.topologicalOrder", "topologicalOrderWithoutVisitedSet", topologicalOrderWithoutVisitedSet),
  Mistake("backprop.topologicalOrder", "topologicalOrderReversedBreadthFirst", topologicalOrderReversedBreadthFirst),
  Mistake("backprop.topologicalOrder", "topologicalOrderOfEveryNode", topologicalOrderOfEveryNode),
  Mistake("backprop.hiddenLayerDeltas", "hiddenLayerDeltasWithoutDerivative", hiddenLayerDeltasWithoutDerivative),
  Mistake("backprop.hiddenLayerDeltas", "hiddenLayerDeltasWithSigmoidDerivative", hiddenLayerDeltasWithSigmoidDerivative),
  Mistake("backprop.hiddenLayerDeltas", "hiddenLayerDeltasTakingTanhAgain", hiddenLayerDeltasTakingTanhAgain),
  Mistake("backprop.hiddenLayerDeltas", "hiddenLayerDeltasFromFirstOutputOnly", hiddenLayerDeltasFromFirstOutputOnly),
  Mistake("backprop.hiddenLayerDeltas", "hiddenLayerDeltasWithTransposedWeights", hiddenLayerDeltasWithTransposedWeights),
  Mistake("backprop.layerWeightGradient", "layerWeightGradientTransposed", layerWeightGradientTransposed),
  Mistake("backprop.layerWeightGradient", "layerWeightGradientAveraged", layerWeightGradientAveraged),
  Mistake("backprop.layerWeightGradient", "layerWeightGradientOfLastExample", layerWeightGradientOfLastExample),
  Mistake("backprop.centralDifferenceGradient", "forwardDifferenceGradient", forwardDifferenceGradient),
  Mistake("backprop.centralDifferenceGradient", "centralDifferenceOverOneStep", centralDifferenceOverOneStep),
  Mistake("backprop.centralDifferenceGradient", "centralDifferenceMovingEveryCoordinate", centralDifferenceMovingEveryCoordinate),
  Mistake("backprop.centralDifferenceGradient", "centralDifferenceWithoutReset", centralDifferenceWithoutReset),
]

/// Swaps the local derivatives: ∂c/∂a is b, not a.
func multiplyBackwardSwapped(a: Double, b: Double, outputGradient: Double) -> (a: Double, b: Double) {
  (a * outputGradient, b * outputGradient)
}

/// Returns the local derivatives without the chain rule's factor ∂L/∂c.
func multiplyBackwardWithoutOutputGradient(a: Double, b: Double, outputGradient: Double) -> (a: Double, b: Double) {
  (b, a)
}

/// Passes the gradient through unchanged, as an addition node does.
func multiplyBackwardAsAddition(a: Double, b: Double, outputGradient: Double) -> (a: Double, b: Double) {
  (outputGradient, outputGradient)
}

/// 1 − x² of the input instead of 1 − tanh²(x).
func tanhBackwardOfInput(input x: Double, outputGradient: Double) -> Double { (1 - x * x) * outputGradient }

/// Forgets to multiply by ∂L/∂t.
func tanhBackwardWithoutOutputGradient(input x: Double, outputGradient: Double) -> Double { 1 - tanh(x) * tanh(x) }

/// 1 − tanh(x), forgetting the square.
func tanhBackwardWithoutSquare(input x: Double, outputGradient: Double) -> Double { (1 - tanh(x)) * outputGradient }

/// tanh from exponentials, (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ): ∞/∞ = NaN for x = 1000.
func tanhBackwardFromExponentials(input x: Double, outputGradient: Double) -> Double {
  let t = (exp(x) - exp(-x)) / (exp(x) + exp(-x))
  return (1 - t * t) * outputGradient
}

/// Appends a node before visiting its inputs (pre-order): the root comes first.
func topologicalOrderRootFirst(of root: Int, inputs: [[Int]]) -> [Int] {
  var order: [Int] = []
  func visit(_ node: Int) {
    guard !order.contains(node) else { return }
    order.append(node)
    for input in inputs[node] { visit(input) }
  }
  visit(root)
  return order
}

/// No visited set: a node used twice appears twice.
func topologicalOrderWithoutVisitedSet(of root: Int, inputs: [[Int]]) -> [Int] {
  func visit(_ node: Int) -> [Int] { inputs[node].flatMap(visit) + [node] }
  return visit(root)
}

/// A breadth-first search from the root, reversed: not every node follows its inputs.
func topologicalOrderReversedBreadthFirst(of root: Int, inputs: [[Int]]) -> [Int] {
  var (order, queue) = ([Int](), [root])
  while !queue.isEmpty {
    let node = queue.removeFirst()
    guard !order.contains(node) else { continue }
    order.append(node)
    queue += inputs[node]
  }
  return order.reversed()
}

/// Every node of the graph in number order, including those the root does not depend on.
func topologicalOrderOfEveryNode(of root: Int, inputs: [[Int]]) -> [Int] {
  Array(0...root) + Array(inputs.indices.dropFirst(root + 1))
}

/// Forgets the tanh derivative: δ₂ W₂ᵀ alone.
func hiddenLayerDeltasWithoutDerivative(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  hiddenLayerDeltas(outputDeltas: outputDeltas, outgoingWeights: outgoingWeights, hiddenOutputs: hiddenOutputs.map {
    $0.map { _ in 0 }
  })
}

/// The sigmoid's derivative a(1 − a) for a tanh layer.
func hiddenLayerDeltasWithSigmoidDerivative(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  // 1 − h'² = h(1 − h) for h' = √(1 − h + h²).
  hiddenLayerDeltas(outputDeltas: outputDeltas, outgoingWeights: outgoingWeights, hiddenOutputs: hiddenOutputs.map {
    $0.map { (1 - $0 + $0 * $0).squareRoot() }
  })
}

/// Treats the hidden outputs as pre-activations: 1 − tanh²(a₁) instead of 1 − a₁².
func hiddenLayerDeltasTakingTanhAgain(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  hiddenLayerDeltas(outputDeltas: outputDeltas, outgoingWeights: outgoingWeights, hiddenOutputs: hiddenOutputs.map {
    $0.map(tanh)
  })
}

/// Uses only the first output's delta instead of the sum over the outputs.
func hiddenLayerDeltasFromFirstOutputOnly(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  zip(outputDeltas, hiddenOutputs).map { delta, hidden in
    hidden.indices.map { j in delta[0] * outgoingWeights[j][0] * (1 - hidden[j] * hidden[j]) }
  }
}

/// Reads W₂[k][j] instead of W₂[j][k]. It traps (index out of range) when
/// W₂ is not square, as a learner's would: the check must reject it on a
/// square case first and then stop calling it.
func hiddenLayerDeltasWithTransposedWeights(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  zip(outputDeltas, hiddenOutputs).map { delta, hidden in
    hidden.indices.map { j in
      delta.indices.reduce(0.0) { $0 + delta[$1] * outgoingWeights[$1][j] } * (1 - hidden[j] * hidden[j])
    }
  }
}

/// δᵀ a, shaped [outputs][inputs], instead of aᵀ δ.
func layerWeightGradientTransposed(layerInputs: [[Double]], deltas: [[Double]]) -> [[Double]] {
  let gradient = layerWeightGradient(layerInputs: layerInputs, deltas: deltas)
  return (0..<(gradient.first?.count ?? 0)).map { c in gradient.map { $0[c] } }
}

/// Divides by the batch size: the mean of the outer products, not their sum.
func layerWeightGradientAveraged(layerInputs: [[Double]], deltas: [[Double]]) -> [[Double]] {
  layerWeightGradient(layerInputs: layerInputs, deltas: deltas).map { $0.map { $0 / Double(layerInputs.count) } }
}

/// Assigns instead of accumulating: only the last example's outer product is left.
func layerWeightGradientOfLastExample(layerInputs: [[Double]], deltas: [[Double]]) -> [[Double]] {
  layerWeightGradient(layerInputs: Array(layerInputs.suffix(1)), deltas: Array(deltas.suffix(1)))
}

/// A forward difference, (f(x + h) − f(x)) / h: its error shrinks like h, not h².
func forwardDifferenceGradient(of function: ([Double]) -> Double, at point: [Double], step: Double) -> [Double] {
  point.indices.map { i in
    var plus = point
    plus[i] += step
    return (function(plus) - function(point)) / step
  }
}

/// Divides by h instead of 2h.
func centralDifferenceOverOneStep(of function: ([Double]) -> Double, at point: [Double], step: Double) -> [Double] {
  centralDifferenceGradient(of: function, at: point, step: step).map { $0 * 2 }
}

/// Moves every coordinate at once: a directional derivative, the same for every i.
func centralDifferenceMovingEveryCoordinate(
  of function: ([Double]) -> Double, at point: [Double], step: Double
) -> [Double] {
  let difference = function(point.map { $0 + step }) - function(point.map { $0 - step })
  return point.map { _ in difference / (2 * step) }
}

/// Copies the point once, outside the loop: each coordinate stays moved for the next ones.
func centralDifferenceWithoutReset(of function: ([Double]) -> Double, at point: [Double], step: Double) -> [Double] {
  var (plus, minus) = (point, point)
  return point.indices.map { i in
    plus[i] += step
    minus[i] -= step
    return (function(plus) - function(minus)) / (2 * step)
  }
}
