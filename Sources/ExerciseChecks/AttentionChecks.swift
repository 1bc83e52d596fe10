import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 7's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct AttentionFunctions {
  var attention: @Sendable ([[Double]], [[Double]], [[Double]], Bool) -> [[Double]]
  var causalSoftmax: @Sendable ([[Double]]) -> [[Double]]
  var split: @Sendable ([[Double]], Int) -> [[[Double]]]
  var merge: @Sendable ([[[Double]]]) -> [[Double]]
  var layerNorm: @Sendable ([[Double]], [Double], [Double], Double) -> [[Double]]

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
    substitute(&attention, for: "attention.attentionForOneHead")
    substitute(&causalSoftmax, for: "attention.causalSoftmax")
    substitute(&split, for: "attention.splitIntoAttentionHeads")
    substitute(&merge, for: "attention.mergeAttentionHeads")
    substitute(&layerNorm, for: "attention.layerNormForward")
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

/// A rows×columns matrix of deterministic values in [−2, 2] with one decimal (short to print).
private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> [[Double]] {
  let values = Tensor.uniform(shape: [rows, columns], in: -2...2, using: RandomGenerator(seed: seed)).scalars
  return (0..<rows).map { row in (0..<columns).map { Double((values[row * columns + $0] * 10).rounded()) / 10 } }
}

/// The rows×columns matrix 1, 2, 3, … row by row.
private func countingMatrix(_ rows: Int, _ columns: Int) -> [[Double]] {
  (0..<rows).map { row in (0..<columns).map { Double(row * columns + $0 + 1) } }
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

/// Attention by the core's fused operation with one head, the judge of exercise 1.
private func coreAttention(_ query: [[Double]], _ key: [[Double]], _ value: [[Double]], causal: Bool) -> [[Double]] {
  let batched = { (m: [[Double]]) in tensor(m).reshaped(to: [1, m.count, m[0].count]) }
  if causal {
    return matrix(Tensor.scaledDotProductAttention(
      query: batched(query), key: batched(key), value: batched(value), headCount: 1, causal: true).output)
  }
  let scale = Float(query[0].count).squareRoot()
  return matrix((tensor(query).matmul(tensor(key), transposeOther: true) / scale).softmax(alongAxis: -1).matmul(tensor(value)))
}

let attentionExercises: [Exercise] = [
  attentionExercise(1, "attentionForOneHead") { f, report in
    let cases: [(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool, why: String)] = [
      ([[1, 2]], [[3, 4]], [[5, 6]], false, "one key, so its weight is 1 and the output is its value"),
      ([[1, 0], [0, 1]], [[1, 0], [0, 1], [1, 1]], [[1], [2], [3]], false,
        "each query's softmax runs over the 3 keys, of scores q·k / √d_k with d_k = 2, the queries' size"),
      ([[100, 100]], [[10, 10], [9, 9]], [[1, 0], [0, 1]], false,
        "scores of 1414 and 1273 overflow e^x: subtract each row's largest score first"),
      ([[1, 0], [0, 1], [1, 1]], [[0, 1], [1, 0], [1, 1]], [[1, 2], [3, 4], [5, 6]], true,
        "causal: query t sees keys 0 … t only, so the first output is the first value"),
      (randomMatrix(5, 4, seed: 1), randomMatrix(7, 4, seed: 2), randomMatrix(7, 3, seed: 3), false,
        "against the core's operations"),
      (randomMatrix(6, 4, seed: 4), randomMatrix(6, 4, seed: 5), randomMatrix(6, 4, seed: 6), true,
        "against the core's fused attention"),
    ]
    for test in cases where report.passedSoFar {
      report.expect(
        "attentionForOneHead(query: \(printed(test.query)), key: \(printed(test.key)), value: \(printed(test.value)), "
          + "causal: \(test.causal))",
        returned: f.attention(test.query, test.key, test.value, test.causal),
        expected: coreAttention(test.query, test.key, test.value, causal: test.causal), tolerance: 1e-5, why: test.why)
    }
  },
  attentionExercise(2, "causalSoftmax") { f, report in
    let cases: [(scores: [[Double]], why: String)] = [
      ([[1, 5], [2, 2]], "row t is the softmax of scores[t][0…t], and 0 after t"),
      ([[0, 1000], [0, 0]], "the 1000 is masked: take each row's maximum over its visible entries only"),
      ([[1000, 0], [1000, 1000]], "large scores overflow e^x: subtract each row's largest visible score first"),
      ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], "row t is the softmax of scores[t][0…t], and 0 after t"),
      (randomMatrix(4, 4, seed: 7).map { $0.map { $0 * 3 } }, "against the core's masked softmax"),
    ]
    for test in cases where report.passedSoFar {
      let size = test.scores.count
      let expected = tensor(test.scores).masked(where: Tensor.causalMask(size: size), with: -.infinity).softmax(alongAxis: -1)
      report.expect("causalSoftmax(\(printed(test.scores)))", returned: f.causalSoftmax(test.scores),
        expected: matrix(expected), tolerance: 1e-6, why: test.why)
    }
  },
  attentionExercise(3, "splitIntoAttentionHeads") { f, report in
    // Against the core's reshape and permute: [time, heads, d_k] → [heads, time, d_k].
    for (x, headCount) in [(countingMatrix(1, 4), 2), (countingMatrix(2, 6), 3), (countingMatrix(3, 8), 2)] where report.passedSoFar {
      let (time, features) = (x.count, x[0].count)
      let permuted = tensor(x).reshaped(to: [time, headCount, features / headCount]).permuted([1, 0, 2])
      let expected = (0..<headCount).map { matrix(permuted.sliced(alongAxis: 0, $0..<($0 + 1))) }
      let formula = "heads[h][t] = x[t][h·d_k ..< (h + 1)·d_k]"
      let why = report.text(
        formula + " with d_k = \(features) / \(headCount): [head][time][column]", formula + "，其中 d_k = \(features) / \(headCount)：[head][time][column]")
      report.expect("splitIntoAttentionHeads(\(printed(x)), headCount: \(headCount))", returned: f.split(x, headCount),
        expected: expected, tolerance: 0, why: why)
    }
  },
  attentionExercise(4, "mergeAttentionHeads") { f, report in
    // Merging undoes splitting: the core's permute back.
    for (headCount, time, size) in [(2, 1, 2), (3, 2, 2), (2, 3, 4)] where report.passedSoFar {
      let heads = (0..<headCount).map { head in countingMatrix(time, size).map { $0.map { $0 + Double(head * time * size) } } }
      let stacked = Tensor(shape: [headCount, time, size], scalars: heads.joined().joined().map(Float.init))
      let expected = matrix(stacked.permuted([1, 0, 2]).reshaped(to: [time, headCount * size]))
      report.expect("mergeAttentionHeads(\(printed(heads)))", returned: f.merge(heads), expected: expected, tolerance: 0,
        why: "row t is heads[0][t], heads[1][t], … side by side: [time][heads·d_k]")
    }
  },
  attentionExercise(5, "layerNormForward") { f, report in
    let cases: [(x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double, why: String)] = [
      ([[1, 2, 3, 4]], [1, 1, 1, 1], [0, 0, 0, 0], 0, "mean 2.5 and variance 1.25 (divided by 4, not 3)"),
      ([[1, 3]], [1, 1], [0, 0], 1, "mean 2, variance 1: divide by √(variance + ε) = √2, ε inside the root"),
      ([[2, 2, 2]], [1, 2, 3], [0.5, -1, 0], 1e-5,
        "a constant row has variance 0: ε keeps the division finite, and the result is beta"),
      ([[1, 3]], [2, -1], [0.5, 0.25], 0, "normalized [−1, 1], times gamma, plus beta, feature by feature"),
      (randomMatrix(4, 6, seed: 30).map { $0.map { $0 * 5 + 3 } }, randomMatrix(1, 6, seed: 31)[0],
        randomMatrix(1, 6, seed: 32)[0], 1e-5, "each row normalized on its own, against the core's layerNorm"),
    ]
    for test in cases where report.passedSoFar {
      let expected = tensor(test.x).layerNorm(
        gamma: Tensor(shape: [test.gamma.count], scalars: test.gamma.map(Float.init)),
        beta: Tensor(shape: [test.beta.count], scalars: test.beta.map(Float.init)), epsilon: Float(test.epsilon))
      report.expect(
        "layerNormForward(\(printed(test.x)), gamma: \(printed(test.gamma)), beta: \(printed(test.beta)), "
          + "epsilon: \(printed(test.epsilon)))",
        returned: f.layerNorm(test.x, test.gamma, test.beta, test.epsilon), expected: matrix(expected), tolerance: 1e-5,
        why: test.why)
    }
  },
]
