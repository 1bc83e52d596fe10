// Chapter 9 — How the core is made fast. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check engine
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Matrices are plain Swift arrays of rows, `matrix[row][column]`; a float takes 4 bytes.

import Foundation

/// Exercise 1 — The cost of a dense layer's forward pass y = x·W + b, with x
/// [batch, inputs], W [inputs, outputs] and b [outputs]: its floating-point
/// operations (each multiply-add of x·W is two, each bias addition one) and
/// the bytes it must move at the least (x, W and b read once, y written
/// once, 4 bytes a float).
///
/// A batch of 1 through a 2 → 3 layer: 2·1·2·3 + 1·3 = 15 flops, and
/// 4·(2 + 6 + 3 + 3) = 56 bytes.
///
/// Hint: count the elements of each of the four tensors for the bytes.
public func denseLayerCost(batch: Int, inputs: Int, outputs: Int) -> (flops: Int, bytes: Int) {
  fatalError("not attempted")
}

/// Exercise 2 — The cost of a convolution's forward pass: `batch` square
/// images of `side`×`side` pixels and `inChannels` channels, `outChannels`
/// filters of `kernelSize`×`kernelSize`, stride 1, no padding, no bias. Its
/// floating-point operations (two per multiply-add) and the bytes it must
/// move at the least (the input and the filters read once, the output
/// written once, 4 bytes a float).
///
/// One 4×4 image of one channel, one 3×3 filter: 2·2·2·9 = 72 flops, and
/// 4·(16 + 9 + 4) = 116 bytes.
///
/// Hint: each output pixel of each filter is a sum over kernelSize²·inChannels inputs.
public func convolutionLayerCost(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernelSize: Int) -> (flops: Int, bytes: Int) {
  fatalError("not attempted")
}

/// Exercise 3 — The matrix product a·b ([n, k]·[k, m]) computed tile by tile,
/// as a fast kernel does so that the tiles it works on stay in the cache:
/// for each tile of `tileSize` rows of a, `tileSize` columns of b and
/// `tileSize` of the inner dimension, add the tile's products into the
/// result. The sides need not be multiples of `tileSize`.
///
/// [[1, 2]]·[[3], [4]] with tiles of 1 gives [[11]].
///
/// Hint: three loops over tile starts (stride(from: 0, to: n, by: tileSize)),
/// and inside them three loops up to min(start + tileSize, side).
public func tiledMatrixProduct(_ a: [[Double]], _ b: [[Double]], tileSize: Int) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 4 — One step of Winograd's F(2, 3): the two outputs
/// y₀ = d₀g₀ + d₁g₁ + d₂g₂ and y₁ = d₁g₀ + d₂g₁ + d₃g₂ of a 3-tap filter g
/// sliding over 4 inputs d (no flip: as `conv2d` computes), with four
/// multiplications instead of six:
///
///     m₁ = (d₀ − d₂)·g₀            m₂ = (d₁ + d₂)·(g₀ + g₁ + g₂)/2
///     m₄ = (d₁ − d₃)·g₂            m₃ = (d₂ − d₁)·(g₀ − g₁ + g₂)/2
///     y₀ = m₁ + m₂ + m₃            y₁ = m₂ − m₃ − m₄
///
/// input [1, 2, 3, 4] and filter [1, 1, 1] give [6, 9].
///
/// Hint: the filter's two halved sums are computed once per filter in practice; here, once per call.
public func winogradStep(input: [Double], filter: [Double]) -> [Double] {
  fatalError("not attempted")
}

/// Exercise 5 — One step of causal attention with a key/value cache: append
/// the new position's key and value to the cached ones, then return the
/// new position's output softmax(q·Kᵀ/√d)·V over every cached position and
/// itself (d = the query's length), with the grown caches.
///
/// With empty caches the output is the new value: query [1, 0], key [1, 0],
/// value [5, 6] give ([5, 6], [[1, 0]], [[5, 6]]).
///
/// Hint: append first, so that the new position attends to itself; subtract
/// the largest score before exponentiating.
public func cachedAttentionStep(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  fatalError("not attempted")
}
