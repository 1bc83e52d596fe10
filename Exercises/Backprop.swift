// Chapter 2 — Backpropagation. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check backprop
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Plain Swift arithmetic is enough (`tanh` from Foundation);
// matrices are arrays of rows, `[[Double]]`, one example per row, as in the chapter.

import Foundation

/// Exercise 1 — The backward step of a multiplication node c = a·b in a scalar
/// autograd engine: given ∂L/∂c (`outputGradient`), return ∂L/∂a and ∂L/∂b.
///
/// Hint: the local derivatives are ∂c/∂a = b and ∂c/∂b = a; the chain rule multiplies each by ∂L/∂c.
public func multiplyBackward(a: Double, b: Double, outputGradient: Double) -> (a: Double, b: Double) {
  fatalError("not attempted")
}

/// Exercise 2 — The backward step of a tanh node t = tanh(x): given x and
/// ∂L/∂t (`outputGradient`), return ∂L/∂x. It must stay finite for large |x|.
///
/// Hint: tanh′(x) = 1 − tanh²(x); compute tanh(x) once and reuse it (never cosh, which overflows).
public func tanhBackward(input x: Double, outputGradient: Double) -> Double {
  fatalError("not attempted")
}

/// Exercise 3 — The order in which a backward pass may visit a graph.
///
/// Node `i`'s inputs are `inputs[i]` (node numbers). Return every node that
/// `root` depends on, including `root`, each exactly once, every node after
/// all of its inputs, `root` last. Nodes `root` does not depend on must not appear.
/// (The backward pass walks this list from the end.)
///
/// Hint: a depth-first search that appends a node after visiting all its inputs; keep a set of visited
/// nodes, because a node used twice must still appear once.
public func topologicalOrder(of root: Int, inputs: [[Int]]) -> [Int] {
  fatalError("not attempted")
}

/// Exercise 4 — One step of the delta recursion for a tanh hidden layer.
///
/// With a₁ = tanh(z₁) (`hiddenOutputs`, [m][hidden]), z₂ = a₁ W₂ + b₂ (`outgoingWeights` is W₂,
/// [hidden][outputs]) and δ₂ = ∂J/∂z₂ (`outputDeltas`, [m][outputs]), return
/// δ₁ = ∂J/∂z₁ = (δ₂ W₂ᵀ) ⊙ (1 − a₁²), shaped [m][hidden].
///
/// Hint: for example i and hidden unit j, δ₁[i][j] = (Σₖ δ₂[i][k] W₂[j][k]) · (1 − a₁[i][j]²).
public func hiddenLayerDeltas(
  outputDeltas: [[Double]], outgoingWeights: [[Double]], hiddenOutputs: [[Double]]
) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 5 — A layer's weight gradient from its input and its deltas.
///
/// The layer computes z = a W + b for a batch `layerInputs` (a, [m][n]); given
/// δ = ∂J/∂z (`deltas`, [m][k]), return ∂J/∂W = aᵀ δ, shaped [n][k]: the sum
/// over the batch of each example's outer product.
///
/// Hint: ∂J/∂W[j][k] = Σᵢ a[i][j] · δ[i][k]. Article 002 (its first two copies) puts the network's input x here for every
/// layer; the right factor is the input of *this* layer.
public func layerWeightGradient(layerInputs: [[Double]], deltas: [[Double]]) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 6 — A finite-difference gradient checker: the gradient of
/// `function` at `point` by central differences,
/// ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, one coordinate at a time.
///
/// Hint: copy the point, move only coordinate i by +h and by −h, and divide the difference by 2h
/// (central, not forward, differences: their error shrinks like h², not h).
public func centralDifferenceGradient(of function: ([Double]) -> Double, at point: [Double], step: Double) -> [Double] {
  fatalError("not attempted")
}
