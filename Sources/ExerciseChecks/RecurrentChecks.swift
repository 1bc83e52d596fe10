import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 6's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct RecurrentFunctions {
  var recurrentStep: @Sendable ([Double], [Double], [[Double]], [[Double]], [Double]) -> [Double]
  var lstmStep: @Sendable ([Double], [Double], [Double], [[Double]], [[Double]], [Double]) -> (hidden: [Double], cell: [Double])
  var sampleIndex: @Sendable ([Double], Double, Double) -> Int
  var bitsPerCharacter: @Sendable ([[Double]], [Int]) -> Double
  var gradientToStart: @Sendable ([Double], Double, Double) -> Double

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      recurrentStep = Exercises.recurrentStep
      lstmStep = Exercises.lstmStep
      sampleIndex = Exercises.sampleIndex
      bitsPerCharacter = Exercises.meanBitsPerCharacter
      gradientToStart = Exercises.recurrentGradientToStart
    case .reference:
      recurrentStep = ExerciseSolutions.recurrentStep
      lstmStep = ExerciseSolutions.lstmStep
      sampleIndex = ExerciseSolutions.sampleIndex
      bitsPerCharacter = ExerciseSolutions.meanBitsPerCharacter
      gradientToStart = ExerciseSolutions.recurrentGradientToStart
    }
    substitute(&recurrentStep, for: "lstm.recurrentStep")
    substitute(&lstmStep, for: "lstm.lstmStep")
    substitute(&sampleIndex, for: "lstm.sampleIndex")
    substitute(&bitsPerCharacter, for: "lstm.meanBitsPerCharacter")
    substitute(&gradientToStart, for: "lstm.recurrentGradientToStart")
  }
}

private func recurrentExercise(
  _ number: Int, _ function: String,
  check: @escaping @Sendable (RecurrentFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "lstm", number: number, function: function, file: "Recurrent.swift") { implementation, log in
    check(RecurrentFunctions(implementation), &log)
  }
}

/// A rows×columns matrix of deterministic values in ±limit with one decimal
/// (short to print), and the same as a tensor.
private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64, limit: Float = 1) -> (rows: [[Double]], tensor: Tensor) {
  let values = Tensor.uniform(shape: [rows, columns], in: -limit...limit, using: RandomGenerator(seed: seed)).scalars
    .map { Double(($0 * 10).rounded()) / 10 }
  let matrix = (0..<rows).map { row in Array(values[(row * columns)..<((row + 1) * columns)]) }
  return (matrix, Tensor(shape: [rows, columns], scalars: values.map(Float.init)))
}

/// A matrix given by its rows, with the same values as a tensor.
private func matrix(_ rows: [[Double]]) -> (rows: [[Double]], tensor: Tensor) {
  (rows, Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.joined().map(Float.init)))
}

let recurrentExercises: [Exercise] = [
  recurrentExercise(1, "recurrentStep") { f, report in
    // Against the core's tensors: tanh(x·W + h·U + b) with row vectors.
    var cases: [(x: [[Double]], h: [[Double]], w: [[Double]], u: [[Double]], b: [[Double]])] = [
      ([[1]], [[0.5]], [[1]], [[1]], [[0]]),
      ([[0]], [[0]], [[1]], [[1]], [[0.5]]),
      ([[1, 2]], [[0.5, -1]], [[0.1, 0.2], [0.3, -0.4]], [[0.5, -0.3], [0.8, 0.1]], [[0.1, -0.2]]),
      ([[1, 2, -1]], [[0.5, -1]], [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], [[0.5, -0.3], [0.8, 0.1]], [[0.1, -0.2]]),
    ]
    let (x, h) = (randomMatrix(1, 4, seed: 2).rows, randomMatrix(1, 5, seed: 12).rows)
    let (w, u, b) = (randomMatrix(4, 5, seed: 22).rows, randomMatrix(5, 5, seed: 32).rows, randomMatrix(1, 5, seed: 42).rows)
    cases.append((x, h, w, u, b))
    for test in cases where report.passedSoFar {
      let (x, h, w, u, b) = (matrix(test.x), matrix(test.h), matrix(test.w), matrix(test.u), matrix(test.b))
      let expected = (x.tensor.matmul(w.tensor) + h.tensor.matmul(u.tensor) + b.tensor).tanh().scalars.map(Double.init)
      report.expect(
        "recurrentStep(input: \(printed(test.x[0])), hidden: \(printed(test.h[0])), inputWeight: \(printed(test.w)), "
          + "recurrentWeight: \(printed(test.u)), bias: \(printed(test.b[0])))",
        returned: f.recurrentStep(test.x[0], test.h[0], test.w, test.u, test.b[0]), expected: expected, tolerance: 1e-6,
        why: "h′[j] = tanh(b[j] + Σᵢ x[i]·W[i][j] + Σₖ h[k]·U[k][j])")
    }
  },
  recurrentExercise(2, "lstmStep") { f, report in
    // Against the core's LSTMCell, whose gates are in the same order.
    var cases: [(x: [[Double]], h: [[Double]], c: [[Double]], w: [[Double]], u: [[Double]], b: [[Double]])] = [
      ([[1]], [[0.5]], [[-1]], [[0.5, -0.5, 1, 0.2]], [[0.3, 0.8, -0.6, 0.4]], [[0.1, 0.2, -0.1, 0]])
    ]
    for (inputSize, hiddenSize, seed) in [(3, 2, 4), (2, 4, 5)] as [(Int, Int, UInt64)] {
      let (x, h) = (randomMatrix(1, inputSize, seed: seed + 4, limit: 2).rows, randomMatrix(1, hiddenSize, seed: seed + 5).rows)
      let c = randomMatrix(1, hiddenSize, seed: seed + 6, limit: 2).rows
      let (w, u) = (randomMatrix(inputSize, 4 * hiddenSize, seed: seed + 1).rows, randomMatrix(hiddenSize, 4 * hiddenSize, seed: seed + 2).rows)
      cases.append((x, h, c, w, u, randomMatrix(1, 4 * hiddenSize, seed: seed + 3).rows))
    }
    for test in cases where report.passedSoFar {
      let (inputSize, hiddenSize) = (test.x[0].count, test.h[0].count)
      let cell = LSTMCell(inputSize: inputSize, hiddenSize: hiddenSize, random: RandomGenerator(seed: 1))
      cell.inputWeight.value = matrix(test.w).tensor
      cell.recurrentWeight.value = matrix(test.u).tensor
      cell.bias.value = matrix(test.b).tensor.reshaped(to: [4 * hiddenSize])
      let expected = withoutGradient {
        cell(matrix(test.x).tensor, state: LSTMState(hidden: matrix(test.h).tensor, cell: matrix(test.c).tensor))
      }
      let answer = f.lstmStep(test.x[0], test.h[0], test.c[0], test.w, test.u, test.b[0])
      let call = "lstmStep(input: \(printed(test.x[0])), hidden: \(printed(test.h[0])), cell: \(printed(test.c[0])), "
        + "inputWeight: \(printed(test.w)), recurrentWeight: \(printed(test.u)), bias: \(printed(test.b[0])))"
      report.expect(call + ".cell", returned: answer.cell, expected: expected.cell.scalars.map(Double.init), tolerance: 1e-6,
        why: "c′ = σ(z_f) ⊙ c + σ(z_i) ⊙ tanh(z_g), the gates in the order input, forget, candidate, output")
      report.expect(call + ".hidden", returned: answer.hidden, expected: expected.hidden.scalars.map(Double.init),
        tolerance: 1e-6, why: "h′ = σ(z_o) ⊙ tanh(c′), with the new cell")
    }
  },
  recurrentExercise(3, "sampleIndex") { f, report in
    let cases: [(logits: [Double], temperature: Double, uniform: Double, expected: Int)] = [
      ([1, 1, 1, 1], 1, 0, 0), ([1, 1, 1, 1], 1, 0.24, 0), ([1, 1, 1, 1], 1, 0.26, 1), ([1, 1, 1, 1], 1, 0.6, 2),
      ([1, 1, 1, 1], 1, 0.99, 3),
      // logits (ln 1, ln 3) at temperature 1: p = (0.25, 0.75); at temperature 0.5: p ∝ (1, 9), so (0.1, 0.9).
      ([0, log(3)], 1, 0.2, 0), ([0, log(3)], 1, 0.3, 1), ([0, log(3)], 0.5, 0.05, 0), ([0, log(3)], 0.5, 0.15, 1),
      // Large logits must not overflow.
      ([1000, 1001], 1, 0.5, 1), ([1001, 1000], 1, 0.5, 0),
      // A high temperature flattens: at temperature 100, p ≈ (0.4975, 0.5025).
      ([0, 1], 100, 0.49, 0),
    ]
    for test in cases where report.passedSoFar {
      let scaled = test.logits.map { $0 / test.temperature }
      let weights = scaled.map { exp($0 - scaled.max()!) }
      let probabilities = weights.map { $0 / weights.reduce(0, +) }
      let cumulative = probabilities.indices.map { probabilities[...$0].reduce(0, +) }
      let why = report.text(
        "p = softmax(logits / temperature) = \(printed(probabilities)), whose running sums are "
          + "\(printed(cumulative)): the first above \(printed(test.uniform)) is at \(test.expected)",
        "p = softmax(logits / temperature) = \(printed(probabilities))，它的累积和为 "
          + "\(printed(cumulative))：第一个超过 \(printed(test.uniform)) 的位于 \(test.expected)")
      report.expect(
        "sampleIndex(logits: \(printed(test.logits)), temperature: \(printed(test.temperature)), "
          + "uniform: \(printed(test.uniform)))",
        returned: f.sampleIndex(test.logits, test.temperature, test.uniform), expected: test.expected, why: why)
    }
  },
  recurrentExercise(4, "meanBitsPerCharacter") { f, report in
    let uniform = [Double](repeating: 1.0 / 114, count: 114)
    let cases: [(probabilities: [[Double]], targets: [Int], call: String, expected: Double, why: String)] = [
      ([[0.5, 0.5]], [0], "meanBitsPerCharacter(probabilities: [[0.5, 0.5]], targets: [0])", 1, "−log₂ 0.5 = 1 bit"),
      ([uniform, uniform], [3, 100], "meanBitsPerCharacter of two uniform guesses among 114", log2(114),
        "each scores log₂ 114 ≈ 6.83 bits, and the mean is the same"),
      ([[0.25, 0.75], [0.5, 0.5], [0, 1]], [0, 1, 1],
        "meanBitsPerCharacter(probabilities: [[0.25, 0.75], [0.5, 0.5], [0, 1]], targets: [0, 1, 1])", 1,
        "−(log₂ 0.25 + log₂ 0.5 + log₂ 1) / 3 = (2 + 1 + 0) / 3: the target's probability, not the largest"),
    ]
    for test in cases where report.passedSoFar {
      report.expect(test.call, returned: f.bitsPerCharacter(test.probabilities, test.targets), expected: test.expected,
        tolerance: 1e-12, why: test.why)
    }
    guard report.passedSoFar else { return }
    // Against the core's cross-entropy (nats) divided by ln 2.
    let logits = Tensor.uniform(shape: [5, 7], in: -2...2, using: RandomGenerator(seed: 9))
    let targets = [0, 3, 6, 2, 2]
    let probabilities = logits.softmax().scalars.map(Double.init)
    let rows = (0..<5).map { Array(probabilities[($0 * 7)..<(($0 + 1) * 7)]) }
    let call = report.text(
      "meanBitsPerCharacter of five softmax rows of 7, targets \(printed(targets))",
      "meanBitsPerCharacter：5 行各 7 个值的 softmax，目标为 \(printed(targets))")
    report.expect(call,
      returned: f.bitsPerCharacter(rows, targets), expected: Double(logits.crossEntropy(targets: targets).scalar) / log(2),
      tolerance: 1e-5, why: "against the core's crossEntropy (in nats) / ln 2")
  },
  recurrentExercise(5, "recurrentGradientToStart") { f, report in
    // Finite differences: run the recurrence from h_0 = ±ε.
    func last(_ inputs: [Double], _ w: Double, _ u: Double, from start: Double) -> Double {
      inputs.reduce(start) { hidden, input in tanh(w * input + u * hidden) }
    }
    let cases: [([Double], Double, Double)] = [
      ([1], 1, 1), ([1, 2, 3], 1, 1), ([0.5, -0.3, 0.1, 0.7], 0.8, 1.5), (Array(repeating: 0.2, count: 20), 1, 0.9),
      ([0, 0, 0], 1, 0.5),
    ]
    for (inputs, w, u) in cases where report.passedSoFar {
      let step = 1e-6
      let numeric = (last(inputs, w, u, from: step) - last(inputs, w, u, from: -step)) / (2 * step)
      report.expect(
        "recurrentGradientToStart(inputs: \(printed(inputs)), inputWeight: \(printed(w)), recurrentWeight: \(printed(u)))",
        returned: f.gradientToStart(inputs, w, u), expected: numeric, tolerance: 1e-8,
        why: "∂h_T/∂h_0 by finite differences; the chain rule multiplies u · (1 − h_t²) for each step t, with the new h_t")
    }
  },
]
