import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 9's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct EngineFunctions {
  typealias Cost = (flops: Int, bytes: Int)
  typealias CachedStep = (output: [Double], keys: [[Double]], values: [[Double]])
  var denseCost: @Sendable (Int, Int, Int) -> Cost
  var convolutionCost: @Sendable (Int, Int, Int, Int, Int) -> Cost
  var tiledProduct: @Sendable ([[Double]], [[Double]], Int) -> [[Double]]
  var winograd: @Sendable ([Double], [Double]) -> [Double]
  var cachedStep: @Sendable ([Double], [Double], [Double], [[Double]], [[Double]]) -> CachedStep

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      denseCost = Exercises.denseLayerCost
      convolutionCost = Exercises.convolutionLayerCost
      tiledProduct = Exercises.tiledMatrixProduct
      winograd = Exercises.winogradStep
      cachedStep = Exercises.cachedAttentionStep
    case .reference:
      denseCost = ExerciseSolutions.denseLayerCost
      convolutionCost = ExerciseSolutions.convolutionLayerCost
      tiledProduct = ExerciseSolutions.tiledMatrixProduct
      winograd = ExerciseSolutions.winogradStep
      cachedStep = ExerciseSolutions.cachedAttentionStep
    }
    substitute(&denseCost, for: "engine.denseLayerCost")
    substitute(&convolutionCost, for: "engine.convolutionLayerCost")
    substitute(&tiledProduct, for: "engine.tiledMatrixProduct")
    substitute(&winograd, for: "engine.winogradStep")
    substitute(&cachedStep, for: "engine.cachedAttentionStep")
  }
}

private func engineExercise(
  _ number: Int, _ function: String, check: @escaping @Sendable (EngineFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "engine", number: number, function: function, file: "Engine.swift") { implementation, log in
    check(EngineFunctions(implementation), &log)
  }
}

/// A rows×columns matrix of deterministic values in [−2, 2] with one decimal (short to print).
private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> [[Double]] {
  let values = Tensor.uniform(shape: [rows, columns], in: -2...2, using: RandomGenerator(seed: seed)).scalars
  return (0..<rows).map { row in (0..<columns).map { Double((values[row * columns + $0] * 10).rounded()) / 10 } }
}

private func tensor(_ matrix: [[Double]]) -> Tensor {
  Tensor(shape: [matrix.count, matrix.first?.count ?? 0], scalars: matrix.joined().map(Float.init))
}

private func rows(_ tensor: Tensor) -> [[Double]] {
  let columns = tensor.shape[tensor.rank - 1]
  return stride(from: 0, to: tensor.scalarCount, by: columns).map { tensor.scalars[$0..<($0 + columns)].map(Double.init) }
}

let engineExercises: [Exercise] = [
  engineExercise(1, "denseLayerCost") { f, report in
    let cases: [(batch: Int, inputs: Int, outputs: Int, why: String)] = [
      (1, 2, 3, "x·W is 1·2·3 multiply-adds, two flops each, plus 3 bias additions; 2 + 6 + 3 + 3 floats of 4 bytes"),
      (32, 784, 64, "W1's first layer: batch 32, 784 → 64"),
      (5, 1, 1, "one input and one output: the weight and the bias are a float each"),
      (64, 128, 512, "W4's widening layer: 64 rows, 128 → 512"),
    ]
    for test in cases where report.passedSoFar {
      let (rows, columns) = (test.batch, test.outputs)
      let cost = f.denseCost(test.batch, test.inputs, test.outputs)
      // The flops from the layer's product count: one multiply-add per term of x·W.
      let multiplyAdds = rows * test.inputs * columns
      report.expect("denseLayerCost(batch: \(test.batch), inputs: \(test.inputs), outputs: \(test.outputs))",
        returned: [cost.flops, cost.bytes],
        expected: [2 * multiplyAdds + rows * columns, 4 * (rows * test.inputs + test.inputs * columns + columns + rows * columns)],
        why: test.why)
    }
  },
  engineExercise(2, "convolutionLayerCost") { f, report in
    let cases: [(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernel: Int, why: String)] = [
      (1, 4, 1, 1, 3, "a 3×3 filter has 2×2 places on a 4×4 image, 9 multiply-adds each; 16 + 9 + 4 floats"),
      (2, 5, 3, 4, 3, "each output pixel of each filter sums 3·3·3 inputs; the filters are 3·3·3·4 floats"),
      (32, 28, 1, 32, 3, "W2's first convolution: 26×26 outputs of 32 filters per image"),
      (1, 6, 2, 2, 1, "a 1×1 filter keeps the side: 6×6 outputs"),
      (32, 13, 32, 64, 3, "W2's second convolution: 11×11 outputs of 64 filters over 32 channels"),
    ]
    for test in cases where report.passedSoFar {
      let cost = f.convolutionCost(test.batch, test.side, test.inChannels, test.outChannels, test.kernel)
      // The output's size from the core's own convolution of zeros.
      let output = Tensor.zeros([test.batch, test.side, test.side, test.inChannels])
        .conv2d(Tensor.zeros([test.kernel, test.kernel, test.inChannels, test.outChannels]), method: .im2col)
      let multiplyAdds = output.scalarCount * test.kernel * test.kernel * test.inChannels
      let floats = test.batch * test.side * test.side * test.inChannels
        + test.kernel * test.kernel * test.inChannels * test.outChannels + output.scalarCount
      report.expect(
        "convolutionLayerCost(batch: \(test.batch), side: \(test.side), inChannels: \(test.inChannels), "
          + "outChannels: \(test.outChannels), kernelSize: \(test.kernel))",
        returned: [cost.flops, cost.bytes], expected: [2 * multiplyAdds, 4 * floats], why: test.why)
    }
  },
  engineExercise(3, "tiledMatrixProduct") { f, report in
    let cases: [(a: [[Double]], b: [[Double]], tile: Int, why: String)] = [
      ([[1, 2]], [[3], [4]], 1, "the inner tiles' products add up: 1·3 + 2·4"),
      (randomMatrix(4, 4, seed: 41), randomMatrix(4, 4, seed: 42), 2, "four tiles of 2 along each side"),
      (randomMatrix(5, 3, seed: 43), randomMatrix(3, 7, seed: 44), 2, "sides that are not multiples of the tile: the last tiles are shorter"),
      (randomMatrix(3, 5, seed: 45), randomMatrix(5, 2, seed: 46), 4, "a tile larger than a side holds all of it"),
      (randomMatrix(7, 6, seed: 47), randomMatrix(6, 5, seed: 48), 3, "against the core's matmul"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("tiledMatrixProduct(\(printed(test.a)), \(printed(test.b)), tileSize: \(test.tile))",
        returned: f.tiledProduct(test.a, test.b, test.tile), expected: rows(tensor(test.a).matmul(tensor(test.b))),
        tolerance: 1e-5, why: test.why)
    }
  },
  engineExercise(4, "winogradStep") { f, report in
    let cases: [(input: [Double], filter: [Double], why: String)] = [
      ([1, 2, 3, 4], [1, 1, 1], "y₀ = 1 + 2 + 3 and y₁ = 2 + 3 + 4"),
      ([1, 0, 0, 0], [1, 2, 3], "no flip: y₀ = d₀g₀ + d₁g₁ + d₂g₂, so a lone d₀ gives g₀"),
      ([0, 0, 0, 1], [1, 2, 3], "d₃ reaches only y₁, through g₂"),
      ([0.5, -1, 2, 3], [2, -1, 0.5], "the halves in m₂ and m₃ must be kept"),
      ([1.5, -0.5, 2.5, -2], [-1, 3, 2], "against the core's one-dimensional convolution"),
    ]
    for test in cases where report.passedSoFar {
      // The direct sum, by the core: a 1×4 image of one channel under a 1×3 filter.
      let direct = Tensor(shape: [1, 1, 4, 1], scalars: test.input.map(Float.init))
        .conv2d(Tensor(shape: [1, 3, 1, 1], scalars: test.filter.map(Float.init)), method: .im2col).scalars.map(Double.init)
      report.expect("winogradStep(input: \(printed(test.input)), filter: \(printed(test.filter)))",
        returned: f.winograd(test.input, test.filter), expected: direct, tolerance: 1e-6, why: test.why)
    }
  },
  engineExercise(5, "cachedAttentionStep") { f, report in
    let sequences: [(queries: [[Double]], keys: [[Double]], values: [[Double]], why: String)] = [
      ([[1, 0]], [[1, 0]], [[5, 6]], "with empty caches the new position attends only to itself"),
      ([[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 2], [3, 4]], "the second step sees both positions, scores q·k/√2"),
      ([[40, 40], [40, 40]], [[40, 40], [39, 39]], [[1, 0], [0, 1]], "scores above 2000 overflow e^x: subtract the largest first"),
      (randomMatrix(5, 4, seed: 51), randomMatrix(5, 4, seed: 52), randomMatrix(5, 3, seed: 53),
        "each step's output is the last row of causal attention over the steps so far"),
    ]
    for test in sequences where report.passedSoFar {
      // The reference: the core's causal attention over the whole sequence, one head.
      let length = test.queries.count
      let batched = { (m: [[Double]]) in tensor(m).reshaped(to: [1, length, m[0].count]) }
      let expected: [[Double]]
      if test.values[0].count == test.queries[0].count {
        expected = rows(Tensor.scaledDotProductAttention(
          query: batched(test.queries), key: batched(test.keys), value: batched(test.values), headCount: 1, causal: true).output)
      } else {
        let scores = tensor(test.queries).matmul(tensor(test.keys), transposeOther: true) / Float(test.queries[0].count).squareRoot()
        expected = rows(scores.masked(where: Tensor.causalMask(size: length), with: -.infinity).softmax(alongAxis: -1)
          .matmul(tensor(test.values)))
      }
      var (keys, values): ([[Double]], [[Double]]) = ([], [])
      for step in 0..<length where report.passedSoFar {
        let call = "cachedAttentionStep(query: \(printed(test.queries[step])), newKey: \(printed(test.keys[step])), "
          + "newValue: \(printed(test.values[step])), keys: \(printed(keys)), values: \(printed(values)))"
        let result = f.cachedStep(test.queries[step], test.keys[step], test.values[step], keys, values)
        report.expect(call, returned: result.output, expected: expected[step], tolerance: 1e-5, why: test.why)
        report.expect(call + ".keys", returned: result.keys, expected: Array(test.keys[...step]), tolerance: 0,
          why: "the cache grows by the new key, appended after the cached ones")
        report.expect(call + ".values", returned: result.values, expected: Array(test.values[...step]), tolerance: 0,
          why: "the cache grows by the new value, appended after the cached ones")
        (keys, values) = (Array(test.keys[...step]), Array(test.values[...step]))
      }
    }
  },
]
