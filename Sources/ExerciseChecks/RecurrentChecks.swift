import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 5's exercises, from one implementation.
private struct RecurrentFunctions {
  let recurrentStep: ([Double], [Double], [[Double]], [[Double]], [Double]) -> [Double]
  let lstmStep: ([Double], [Double], [Double], [[Double]], [[Double]], [Double]) -> (hidden: [Double], cell: [Double])
  let sampleIndex: ([Double], Double, Double) -> Int
  let bitsPerCharacter: ([[Double]], [Int]) -> Double
  let gradientToStart: ([Double], Double, Double) -> Double

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

/// A rows×columns matrix of deterministic values in ±limit, and the same as a tensor.
private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64, limit: Float = 1) -> (rows: [[Double]], tensor: Tensor) {
  let tensor = Tensor.uniform(shape: [rows, columns], in: -limit...limit, using: RandomGenerator(seed: seed))
  let values = tensor.scalars.map(Double.init)
  return ((0..<rows).map { row in Array(values[(row * columns)..<((row + 1) * columns)]) }, tensor)
}

/// Expects two vectors of the same length, entry by entry within `tolerance`.
private func expectCloseVectors(
  _ report: inout ExpectationLog, _ actual: [Double], _ expected: [Double], tolerance: Double, _ call: String
) {
  guard actual.count == expected.count else {
    report.expect(false, "\(call) returned \(actual.count) values, expected \(expected.count)")
    return
  }
  for (index, (value, target)) in zip(actual, expected).enumerated()
  where !(abs(value - target) <= tolerance * max(1, abs(target))) {
    report.expect(false, "\(call)[\(index)] returned \(value), expected \(target)")
    return
  }
}

let recurrentExercises: [Exercise] = [
  recurrentExercise(1, "recurrentStep") { f, report in
    // One unit, weights 1, no bias: tanh(x + h).
    expectCloseVectors(&report, f.recurrentStep([1], [0.5], [[1]], [[1]], [0]), [tanh(1.5)], tolerance: 1e-12,
      "recurrentStep(input: [1], hidden: [0.5], inputWeight: [[1]], recurrentWeight: [[1]], bias: [0])")
    // Against the core's tensors: tanh(x·W + h·U + b) with row vectors.
    for (inputSize, hiddenSize, seed) in [(3, 2, 1), (4, 5, 2)] as [(Int, Int, UInt64)] {
      let x = randomMatrix(1, inputSize, seed: seed)
      let h = randomMatrix(1, hiddenSize, seed: seed + 10)
      let w = randomMatrix(inputSize, hiddenSize, seed: seed + 20)
      let u = randomMatrix(hiddenSize, hiddenSize, seed: seed + 30)
      let b = randomMatrix(1, hiddenSize, seed: seed + 40)
      let expected = (x.tensor.matmul(w.tensor) + h.tensor.matmul(u.tensor) + b.tensor).tanh().scalars.map(Double.init)
      expectCloseVectors(&report, f.recurrentStep(x.rows[0], h.rows[0], w.rows, u.rows, b.rows[0]), expected,
        tolerance: 1e-5, "recurrentStep with \(inputSize) inputs and \(hiddenSize) hidden units")
    }
  },
  recurrentExercise(2, "lstmStep") { f, report in
    // Against the core's LSTMCell, whose gates are in the same order.
    for (inputSize, hiddenSize, seed) in [(1, 1, 3), (3, 2, 4), (2, 4, 5)] as [(Int, Int, UInt64)] {
      let cell = LSTMCell(inputSize: inputSize, hiddenSize: hiddenSize, random: RandomGenerator(seed: seed))
      let w = randomMatrix(inputSize, 4 * hiddenSize, seed: seed + 1)
      let u = randomMatrix(hiddenSize, 4 * hiddenSize, seed: seed + 2)
      let b = randomMatrix(1, 4 * hiddenSize, seed: seed + 3)
      cell.inputWeight.value = w.tensor
      cell.recurrentWeight.value = u.tensor
      cell.bias.value = b.tensor.reshaped(to: [4 * hiddenSize])
      let x = randomMatrix(1, inputSize, seed: seed + 4, limit: 2)
      let h = randomMatrix(1, hiddenSize, seed: seed + 5)
      let c = randomMatrix(1, hiddenSize, seed: seed + 6, limit: 2)
      let expected = withoutGradient { cell(x.tensor, state: LSTMState(hidden: h.tensor, cell: c.tensor)) }
      let answer = f.lstmStep(x.rows[0], h.rows[0], c.rows[0], w.rows, u.rows, b.rows[0])
      let call = "lstmStep with \(inputSize) inputs and \(hiddenSize) hidden units"
      expectCloseVectors(&report, answer.cell, expected.cell.scalars.map(Double.init), tolerance: 1e-5, call + ", cell")
      expectCloseVectors(&report, answer.hidden, expected.hidden.scalars.map(Double.init), tolerance: 1e-5, call + ", hidden")
    }
  },
  recurrentExercise(3, "sampleIndex") { f, report in
    // Equal logits: four equal slices of [0, 1).
    for (uniform, expected) in [(0.0, 0), (0.24, 0), (0.26, 1), (0.6, 2), (0.99, 3)] {
      let answer = f.sampleIndex([1, 1, 1, 1], 1, uniform)
      report.expect(answer == expected,
        "sampleIndex(logits: [1, 1, 1, 1], temperature: 1, uniform: \(uniform)) returned \(answer), expected \(expected)")
    }
    // logits (ln 1, ln 3) at temperature 1: p = (0.25, 0.75); at temperature 0.5: p ∝ (1, 9), so (0.1, 0.9).
    let logits = [0.0, log(3.0)]
    for (temperature, uniform, expected) in [(1.0, 0.2, 0), (1.0, 0.3, 1), (0.5, 0.05, 0), (0.5, 0.15, 1)] {
      let answer = f.sampleIndex(logits, temperature, uniform)
      report.expect(answer == expected,
        "sampleIndex(logits: [0, ln 3], temperature: \(temperature), uniform: \(uniform)) returned \(answer), "
          + "expected \(expected)")
    }
    // Large logits must not overflow.
    let large = f.sampleIndex([1000, 1001], 1, 0.5)
    report.expect(large == 1, "sampleIndex(logits: [1000, 1001], temperature: 1, uniform: 0.5) returned \(large), expected 1")
    // A high temperature flattens: at temperature 100, p ≈ (0.4975, 0.5025).
    let flat = f.sampleIndex([0, 1], 100, 0.49)
    report.expect(flat == 0, "sampleIndex(logits: [0, 1], temperature: 100, uniform: 0.49) returned \(flat), expected 0")
  },
  recurrentExercise(4, "meanBitsPerCharacter") { f, report in
    report.expectClose(f.bitsPerCharacter([[0.5, 0.5]], [0]), 1, tolerance: 1e-12,
      "meanBitsPerCharacter(probabilities: [[0.5, 0.5]], targets: [0])")
    let uniform = [Double](repeating: 1.0 / 114, count: 114)
    report.expectClose(f.bitsPerCharacter([uniform, uniform], [3, 100]), log2(114), tolerance: 1e-12,
      "meanBitsPerCharacter of two uniform guesses among 114")
    // −(log₂ 0.25 + log₂ 0.5 + log₂ 1) / 3 = 1.
    report.expectClose(f.bitsPerCharacter([[0.25, 0.75], [0.5, 0.5], [0, 1]], [0, 1, 1]), 1, tolerance: 1e-12,
      "meanBitsPerCharacter(probabilities: [[0.25, 0.75], [0.5, 0.5], [0, 1]], targets: [0, 1, 1])")
    // Against the core's cross-entropy (nats) divided by ln 2.
    let logits = Tensor.uniform(shape: [5, 7], in: -2...2, using: RandomGenerator(seed: 9))
    let targets = [0, 3, 6, 2, 2]
    let probabilities = logits.softmax().scalars.map(Double.init)
    let rows = (0..<5).map { Array(probabilities[($0 * 7)..<(($0 + 1) * 7)]) }
    let expected = Double(logits.crossEntropy(targets: targets).scalar) / log(2)
    report.expectClose(f.bitsPerCharacter(rows, targets), expected, tolerance: 1e-5,
      "meanBitsPerCharacter of five softmax rows against the core's crossEntropy / ln 2")
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
    for (inputs, w, u) in cases {
      let step = 1e-6
      let numeric = (last(inputs, w, u, from: step) - last(inputs, w, u, from: -step)) / (2 * step)
      report.expectClose(f.gradientToStart(inputs, w, u), numeric, tolerance: 1e-5,
        "recurrentGradientToStart(inputs: \(inputs.count) values, inputWeight: \(w), recurrentWeight: \(u))")
    }
  },
]
