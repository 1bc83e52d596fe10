// Chapter 7 — Attention and the Transformer. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check attention
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Matrices are plain Swift arrays of rows,
// `matrix[row][column]`; a row is one position (one token) of a sequence.

import Foundation

/// Exercise 1 — Scaled dot-product attention for one head:
///
///     Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V,
///
/// with Q [n, d_k] (one query per row), K [m, d_k], V [m, d_v], the softmax
/// taken along each row of the [n, m] scores. With `causal`, query row t may
/// only attend to key rows 0…t (then n = m): the others get weight 0.
///
/// Article 003's example, Q = [[1, 2]], K = [[3, 4]], V = [[5, 6]], gives [[5, 6]].
///
/// Hint: for each query row, compute its scores against every (visible) key
/// row, divide by √d_k, subtract the largest before exponentiating, divide
/// by the sum; the output row is Σ_j weight_j · V[j].
public func attentionForOneHead(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 2 — The causal softmax of a square matrix of scores: row t is
/// the softmax of scores[t][0…t], and entries after t are exactly 0.
///
/// [[1, 5], [2, 2]] gives [[1, 0], [0.5, 0.5]].
///
/// Hint: this is what adding −∞ above the diagonal before an ordinary softmax
/// does, since e^(−∞) = 0; you can skip those entries instead.
public func causalSoftmax(_ scores: [[Double]]) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 3 — Split the [time, features] rows of one sequence into
/// `headCount` heads: head h is columns h·d_k ..< (h+1)·d_k of every row,
/// with d_k = features / headCount. The result is indexed [head][time][column].
///
/// [[1, 2, 3, 4]] with 2 heads gives [[[1, 2]], [[3, 4]]].
///
/// Hint: heads[h][t][c] = x[t][h·d_k + c].
public func splitIntoAttentionHeads(_ x: [[Double]], headCount: Int) -> [[[Double]]] {
  fatalError("not attempted")
}

/// Exercise 4 — The inverse of exercise 3: put the heads' outputs
/// [head][time][d_k] side by side again, as [time][heads·d_k].
///
/// [[[1, 2]], [[3, 4]]] gives [[1, 2, 3, 4]].
///
/// Hint: row t is the concatenation of heads[0][t], heads[1][t], ….
public func mergeAttentionHeads(_ heads: [[[Double]]]) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 5 — Layer normalization of each row: subtract the row's mean,
/// divide by √(variance + ε) with the biased variance (divide by the number
/// of features, not one less), then multiply by `gamma` and add `beta`
/// feature by feature:
///
///     y[t][i] = (x[t][i] − mean_t) / √(var_t + ε) · gamma[i] + beta[i]
///
/// [[1, 2, 3, 4]] with gamma ones, beta zeros and ε = 0 gives about
/// [[−1.342, −0.447, 0.447, 1.342]].
///
/// Hint: two passes per row: the mean first, then the mean of the squared
/// differences from it.
public func layerNormForward(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  fatalError("not attempted")
}
