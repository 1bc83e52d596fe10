import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 6's exercises, from one implementation.
private struct AttentionFunctions {
  let attention: ([[Double]], [[Double]], [[Double]], Bool) -> [[Double]]
  let causalSoftmax: ([[Double]]) -> [[Double]]
  let split: ([[Double]], Int) -> [[[Double]]]
  let merge: ([[[Double]]]) -> [[Double]]
  let layerNorm: ([[Double]], [Double], [Double], Double) -> [[Double]]

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      attention = Exercises.attentionForOneHead
      causalSoftmax = Exercises.causalSoftmax
      split = Exercises.splitIntoAttentionHeads
      merge = Exercises.mergeAttentionHeads
      layerNorm = Exercises.layerNormForward
    case .reference:
      attention = ExerciseSolutions.attentionForOneHead
      causalSoftmax = ExerciseSolutions.causalSoftmax
      split = ExerciseSolutions.splitIntoAttentionHeads
      merge = ExerciseSolutions.mergeAttentionHeads
      layerNorm = ExerciseSolutions.layerNormForward
    }
  }
}

private func attentionExercise(
  _ number: Int, _ function: String,
  check: @escaping @Sendable (AttentionFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "attention", number: number, function: function, file: "Attention.swift") { implementation, log in
    check(AttentionFunctions(implementation), &log)
  }
}

/// A rows×columns matrix of deterministic values in [−2, 2].
private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> [[Double]] {
  let values = Tensor.uniform(shape: [rows, columns], in: -2...2, using: RandomGenerator(seed: seed)).scalars
  return (0..<rows).map { row in (0..<columns).map { Double(values[row * columns + $0]) } }
}

private func tensor(_ matrix: [[Double]]) -> Tensor {
  Tensor(shape: [matrix.count, matrix.first?.count ?? 0], scalars: matrix.joined().map(Float.init))
}

private func matrix(_ tensor: Tensor) -> [[Double]] {
  let columns = tensor.shape[tensor.rank - 1]
  return stride(from: 0, to: tensor.scalarCount, by: columns).map { start in
    tensor.scalars[start..<(start + columns)].map(Double.init)
  }
}

/// Expects `actual` to have `expected`'s shape, every entry within `tolerance`.
private func expectCloseMatrices(
  _ report: inout ExpectationLog, _ actual: [[Double]], _ expected: [[Double]], tolerance: Double, _ call: String
) {
  let (shape, wanted) = ("\(actual.count)×\(actual.first?.count ?? 0)", "\(expected.count)×\(expected.first?.count ?? 0)")
  guard actual.count == expected.count, zip(actual, expected).allSatisfy({ $0.count == $1.count }) else {
    report.expect(false, "\(call) returned a \(shape) array, expected \(wanted)")
    return
  }
  for (row, (values, wantedRow)) in zip(actual, expected).enumerated() {
    for (column, (value, target)) in zip(values, wantedRow).enumerated()
    where !(abs(value - target) <= tolerance * max(1, abs(target))) {
      report.expect(false, "\(call)[\(row)][\(column)] returned \(value), expected \(target)")
      return
    }
  }
}

let attentionExercises: [Exercise] = [
  attentionExercise(1, "attentionForOneHead") { f, report in
    // Article 003's example: one key, so its weight is 1 and the output is V itself.
    expectCloseMatrices(&report, f.attention([[1, 2]], [[3, 4]], [[5, 6]], false), [[5, 6]], tolerance: 1e-9,
      "attentionForOneHead(query: [[1, 2]], key: [[3, 4]], value: [[5, 6]], causal: false)")
    // Without a mask: 5 queries, 7 keys and values of another width, against the core's operations.
    let (q, k, v) = (randomMatrix(5, 4, seed: 1), randomMatrix(7, 4, seed: 2), randomMatrix(7, 3, seed: 3))
    let expected = (tensor(q).matmul(tensor(k), transposeOther: true) / 2).softmax(alongAxis: -1).matmul(tensor(v))
    expectCloseMatrices(&report, f.attention(q, k, v, false), matrix(expected), tolerance: 1e-5,
      "attentionForOneHead of 5 queries and 7 keys of size 4, values of size 3, causal: false")
    // With the causal mask, against the core's fused operation with one head.
    let (cq, ck, cv) = (randomMatrix(6, 4, seed: 4), randomMatrix(6, 4, seed: 5), randomMatrix(6, 4, seed: 6))
    let fused = Tensor.scaledDotProductAttention(
      query: tensor(cq).reshaped(to: [1, 6, 4]), key: tensor(ck).reshaped(to: [1, 6, 4]),
      value: tensor(cv).reshaped(to: [1, 6, 4]), headCount: 1, causal: true).output
    expectCloseMatrices(&report, f.attention(cq, ck, cv, true), matrix(fused), tolerance: 1e-5,
      "attentionForOneHead of 6 positions of size 4, causal: true")
  },
  attentionExercise(2, "causalSoftmax") { f, report in
    expectCloseMatrices(&report, f.causalSoftmax([[1, 5], [2, 2]]), [[1, 0], [0.5, 0.5]], tolerance: 1e-12,
      "causalSoftmax([[1, 5], [2, 2]])")
    // Large scores must not overflow: subtract the row's maximum.
    expectCloseMatrices(&report, f.causalSoftmax([[1000, 0], [1000, 1000]]), [[1, 0], [0.5, 0.5]], tolerance: 1e-12,
      "causalSoftmax([[1000, 0], [1000, 1000]])")
    let scores = randomMatrix(8, 8, seed: 7).map { $0.map { $0 * 3 } }
    let expected = tensor(scores).masked(where: Tensor.causalMask(size: 8), with: -.infinity).softmax(alongAxis: -1)
    expectCloseMatrices(&report, f.causalSoftmax(scores), matrix(expected), tolerance: 1e-5,
      "causalSoftmax of 8×8 random scores")
  },
  attentionExercise(3, "splitIntoAttentionHeads") { f, report in
    let small = f.split([[1, 2, 3, 4]], 2)
    report.expect(small == [[[1, 2]], [[3, 4]]],
      "splitIntoAttentionHeads([[1, 2, 3, 4]], headCount: 2) returned \(small), expected [[[1, 2]], [[3, 4]]]")
    // Against the core's reshape and permute: [time, heads, d_k] → [heads, time, d_k].
    let x = randomMatrix(5, 12, seed: 8)
    let expected = tensor(x).reshaped(to: [5, 3, 4]).permuted([1, 0, 2])
    let heads = f.split(x, 3)
    report.expect(heads.count == 3, "splitIntoAttentionHeads of a 5×12 matrix into 3 heads returned \(heads.count) heads")
    if heads.count == 3 {
      for head in 0..<3 {
        expectCloseMatrices(&report, heads[head], matrix(expected.sliced(alongAxis: 0, head..<(head + 1))),
          tolerance: 1e-6, "splitIntoAttentionHeads of a 5×12 matrix into 3 heads, head \(head)")
      }
    }
  },
  attentionExercise(4, "mergeAttentionHeads") { f, report in
    let small = f.merge([[[1, 2]], [[3, 4]]])
    report.expect(small == [[1, 2, 3, 4]], "mergeAttentionHeads([[[1, 2]], [[3, 4]]]) returned \(small), expected [[1, 2, 3, 4]]")
    // Merging undoes splitting: the core's permute back.
    let heads = (0..<4).map { randomMatrix(6, 2, seed: 20 + UInt64($0)) }
    let stacked = Tensor(shape: [4, 6, 2], scalars: heads.joined().joined().map(Float.init))
    let expected = stacked.permuted([1, 0, 2]).reshaped(to: [6, 8])
    expectCloseMatrices(&report, f.merge(heads), matrix(expected), tolerance: 1e-6,
      "mergeAttentionHeads of 4 heads of 6×2")
  },
  attentionExercise(5, "layerNormForward") { f, report in
    let third = 1 / 1.25.squareRoot()
    expectCloseMatrices(&report, f.layerNorm([[1, 2, 3, 4]], [1, 1, 1, 1], [0, 0, 0, 0], 0),
      [[-1.5 * third, -0.5 * third, 0.5 * third, 1.5 * third]], tolerance: 1e-9,
      "layerNormForward([[1, 2, 3, 4]], gamma: ones, beta: zeros, epsilon: 0)")
    let x = randomMatrix(4, 6, seed: 30).map { $0.map { $0 * 5 + 3 } }
    let (gamma, beta) = (randomMatrix(1, 6, seed: 31)[0], randomMatrix(1, 6, seed: 32)[0])
    let expected = tensor(x).layerNorm(
      gamma: Tensor(shape: [6], scalars: gamma.map(Float.init)), beta: Tensor(shape: [6], scalars: beta.map(Float.init)),
      epsilon: 1e-5)
    expectCloseMatrices(&report, f.layerNorm(x, gamma, beta, 1e-5), matrix(expected), tolerance: 1e-4,
      "layerNormForward of a 4×6 matrix with random gamma and beta, epsilon 1e-5")
  },
]
