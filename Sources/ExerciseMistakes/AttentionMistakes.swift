// Wrong implementations of chapter 7's exercises (Exercises/Attention.swift).

import ExerciseSolutions
import Foundation

let attentionMistakes: [Mistake] = [
  Mistake("attention.attentionForOneHead", "attentionWithoutShift", attentionWithoutShift),
  Mistake("attention.attentionForOneHead", "attentionWithoutScaling", attentionWithoutScaling),
  Mistake("attention.attentionForOneHead", "attentionDividingByKeySize", attentionDividingByKeySize),
  Mistake("attention.attentionForOneHead", "attentionScaledByValueSize", attentionScaledByValueSize),
  Mistake("attention.attentionForOneHead", "attentionWithSoftmaxOverQueries", attentionWithSoftmaxOverQueries),
  Mistake("attention.attentionForOneHead", "attentionSeeingOneStepAhead", attentionSeeingOneStepAhead),
  Mistake("attention.attentionForOneHead", "attentionIgnoringMask", attentionIgnoringMask),
  Mistake("attention.causalSoftmax", "causalSoftmaxWithMaskedMaximum", causalSoftmaxWithMaskedMaximum),
  Mistake("attention.causalSoftmax", "causalSoftmaxWithoutShift", causalSoftmaxWithoutShift),
  Mistake("attention.causalSoftmax", "causalSoftmaxMaskingAfterSoftmax", causalSoftmaxMaskingAfterSoftmax),
  Mistake("attention.causalSoftmax", "causalSoftmaxWithTransposedMask", causalSoftmaxWithTransposedMask),
  Mistake("attention.causalSoftmax", "causalSoftmaxSeeingOneStepAhead", causalSoftmaxSeeingOneStepAhead),
  Mistake("attention.splitIntoAttentionHeads", "splitInterleaved", splitInterleaved),
  Mistake("attention.splitIntoAttentionHeads", "splitWithoutTransposing", splitWithoutTransposing),
  Mistake("attention.splitIntoAttentionHeads", "splitSwappingCountAndSize", splitSwappingCountAndSize),
  Mistake("attention.mergeAttentionHeads", "mergeInterleaved", mergeInterleaved),
  Mistake("attention.mergeAttentionHeads", "mergeStackingRows", mergeStackingRows),
  Mistake("attention.mergeAttentionHeads", "mergeOneRowPerHead", mergeOneRowPerHead),
  Mistake("attention.mergeAttentionHeads", "mergeInReverseOrder", mergeInReverseOrder),
  Mistake("attention.layerNormForward", "layerNormIgnoringEpsilon", layerNormIgnoringEpsilon),
  Mistake("attention.layerNormForward", "layerNormWithEpsilonOutsideRoot", layerNormWithEpsilonOutsideRoot),
  Mistake("attention.layerNormForward", "layerNormWithUnbiasedVariance", layerNormWithUnbiasedVariance),
  Mistake("attention.layerNormForward", "layerNormOverColumns", layerNormOverColumns),
  Mistake("attention.layerNormForward", "layerNormSwappingGammaAndBeta", layerNormSwappingGammaAndBeta),
  Mistake("attention.layerNormForward", "layerNormWithoutCentering", layerNormWithoutCentering),
]

/// The weights Σ_j w[i][j] · V[j] of each query row.
private func weightedValues(_ weights: [[Double]], _ value: [[Double]]) -> [[Double]] {
  weights.map { row in
    (0..<(value.first?.count ?? 0)).map { column in zip(row, value).reduce(0) { $0 + $1.0 * $1.1[column] } }
  }
}

/// Query-key scores divided by `scale`, −∞ where the causal mask hides the key.
private func scores(_ query: [[Double]], _ key: [[Double]], causal: Bool, scale: Double) -> [[Double]] {
  query.enumerated().map { row, q in
    key.enumerated().map { column, k in
      causal && column > row ? -.infinity : zip(q, k).reduce(0) { $0 + $1.0 * $1.1 } / scale
    }
  }
}

/// The softmax of each row, with or without subtracting its largest entry first.
private func rowSoftmax(_ scores: [[Double]], shifted: Bool = true) -> [[Double]] {
  scores.map { row in
    let largest = shifted ? (row.max() ?? 0) : 0
    let exponentials = row.map { exp($0 - largest) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
  }
}

/// Exponentiates the scores without subtracting the largest: e^1414 overflows.
func attentionWithoutShift(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  let scale = Double(query.first?.count ?? 1).squareRoot()
  return weightedValues(rowSoftmax(scores(query, key, causal: causal, scale: scale), shifted: false), value)
}

/// Forgets to divide the scores by √d_k.
func attentionWithoutScaling(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  weightedValues(rowSoftmax(scores(query, key, causal: causal, scale: 1)), value)
}

/// Divides the scores by d_k instead of √d_k.
func attentionDividingByKeySize(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  weightedValues(rowSoftmax(scores(query, key, causal: causal, scale: Double(query.first?.count ?? 1))), value)
}

/// Scales by √d_v, the values' size, instead of √d_k.
func attentionScaledByValueSize(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  let scale = Double(value.first?.count ?? 1).squareRoot()
  return weightedValues(rowSoftmax(scores(query, key, causal: causal, scale: scale)), value)
}

/// Wrong axis: normalizes each key's column over the queries instead of each query's row over the keys.
func attentionWithSoftmaxOverQueries(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  let scale = Double(query.first?.count ?? 1).squareRoot()
  let all = scores(query, key, causal: causal, scale: scale)
  let columns = rowSoftmax(key.indices.map { column in all.map { $0[column] } })
  return weightedValues(all.indices.map { row in key.indices.map { columns[$0][row] } }, value)
}

/// Off by one in the mask: query t also sees key t + 1.
func attentionSeeingOneStepAhead(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  let scale = Double(query.first?.count ?? 1).squareRoot()
  let all = scores(query, key, causal: false, scale: scale).enumerated().map { row, values in
    values.enumerated().map { column, score in causal && column > row + 1 ? -.infinity : score }
  }
  return weightedValues(rowSoftmax(all), value)
}

/// Ignores `causal`: every query sees every key.
func attentionIgnoringMask(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  attentionForOneHead(query: query, key: key, value: value, causal: false)
}

/// Takes each row's maximum over the masked entries too: a large masked score sends e^x to 0 and the row to 0/0.
func causalSoftmaxWithMaskedMaximum(_ scores: [[Double]]) -> [[Double]] {
  scores.enumerated().map { row, values in
    let largest = values.max() ?? 0
    let exponentials = values.enumerated().map { column, score in column > row ? 0 : exp(score - largest) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
  }
}

/// Exponentiates without subtracting the largest visible score: e^1000 overflows.
func causalSoftmaxWithoutShift(_ scores: [[Double]]) -> [[Double]] {
  rowSoftmax(scores.enumerated().map { row, values in
    values.enumerated().map { column, score in column > row ? -.infinity : score }
  }, shifted: false)
}

/// Masks after the softmax: zeroes the hidden entries without renormalizing the row.
func causalSoftmaxMaskingAfterSoftmax(_ scores: [[Double]]) -> [[Double]] {
  rowSoftmax(scores).enumerated().map { row, values in
    values.enumerated().map { column, weight in column > row ? 0 : weight }
  }
}

/// The mask transposed: row t sees entries t … end instead of 0 … t.
func causalSoftmaxWithTransposedMask(_ scores: [[Double]]) -> [[Double]] {
  rowSoftmax(scores.enumerated().map { row, values in
    values.enumerated().map { column, score in column < row ? -.infinity : score }
  })
}

/// Off by one in the mask: row t also sees entry t + 1.
func causalSoftmaxSeeingOneStepAhead(_ scores: [[Double]]) -> [[Double]] {
  rowSoftmax(scores.enumerated().map { row, values in
    values.enumerated().map { column, score in column > row + 1 ? -.infinity : score }
  })
}

/// Interleaves the columns: head h takes columns h, h + heads, … (a reshape to [d_k, heads]).
func splitInterleaved(_ x: [[Double]], headCount: Int) -> [[[Double]]] {
  (0..<headCount).map { head in
    x.map { row in stride(from: head, to: row.count, by: headCount).map { row[$0] } }
  }
}

/// Forgets to transpose: [time][head][column] instead of [head][time][column].
func splitWithoutTransposing(_ x: [[Double]], headCount: Int) -> [[[Double]]] {
  let heads = splitIntoAttentionHeads(x, headCount: headCount)
  return x.indices.map { time in heads.map { $0[time] } }
}

/// Uses the head count as the head size, making features / headCount heads.
func splitSwappingCountAndSize(_ x: [[Double]], headCount: Int) -> [[[Double]]] {
  splitIntoAttentionHeads(x, headCount: (x.first?.count ?? 0) / max(1, headCount))
}

/// Interleaves the heads' columns instead of placing the heads side by side.
func mergeInterleaved(_ heads: [[[Double]]]) -> [[Double]] {
  let time = heads.first?.count ?? 0
  let size = heads.first?.first?.count ?? 0
  return (0..<time).map { t in (0..<size).flatMap { column in heads.map { $0[t][column] } } }
}

/// Stacks the heads' rows one under the other: [heads·time][d_k].
func mergeStackingRows(_ heads: [[[Double]]]) -> [[Double]] { heads.flatMap { $0 } }

/// Wrong axis: one row per head, its time steps side by side.
func mergeOneRowPerHead(_ heads: [[[Double]]]) -> [[Double]] { heads.map { Array($0.joined()) } }

/// Places the heads side by side in reverse order.
func mergeInReverseOrder(_ heads: [[[Double]]]) -> [[Double]] { mergeAttentionHeads(heads.reversed()) }

/// Layer norm with a given variance and placement of ε, the rest as the reference.
private func layerNorm(
  _ x: [[Double]], _ gamma: [Double], _ beta: [Double], centered: Bool = true,
  scale: (_ variance: Double, _ count: Double) -> Double
) -> [[Double]] {
  x.map { row in
    let count = Double(row.count)
    let mean = row.reduce(0, +) / count
    let squares = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let factor = scale(squares, count)
    return row.indices.map { ((centered ? row[$0] - mean : row[$0]) * factor) * gamma[$0] + beta[$0] }
  }
}

/// Ignores ε: a constant row divides 0 by 0.
func layerNormIgnoringEpsilon(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  layerNorm(x, gamma, beta) { squares, count in 1 / (squares / count).squareRoot() }
}

/// ε outside the square root: 1 / (√var + ε).
func layerNormWithEpsilonOutsideRoot(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  layerNorm(x, gamma, beta) { squares, count in 1 / ((squares / count).squareRoot() + epsilon) }
}

/// The unbiased variance, divided by n − 1 instead of n.
func layerNormWithUnbiasedVariance(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  layerNorm(x, gamma, beta) { squares, count in 1 / (squares / max(1, count - 1) + epsilon).squareRoot() }
}

/// Wrong axis: normalizes each feature's column over the rows, as batch norm does.
func layerNormOverColumns(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  let columns = (0..<(x.first?.count ?? 0)).map { column in x.map { $0[column] } }
  let normalized = layerNormForward(columns, gamma: columns.map { _ in 1 }, beta: columns.map { _ in 0 }, epsilon: epsilon)
  return x.indices.map { row in gamma.indices.map { normalized[$0][row] * gamma[$0] + beta[$0] } }
}

/// Swaps gamma and beta: x̂ · beta + gamma.
func layerNormSwappingGammaAndBeta(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  layerNormForward(x, gamma: beta, beta: gamma, epsilon: epsilon)
}

/// Divides by the standard deviation without subtracting the mean.
func layerNormWithoutCentering(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  layerNorm(x, gamma, beta, centered: false) { squares, count in 1 / (squares / count + epsilon).squareRoot() }
}
