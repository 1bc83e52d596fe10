import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 1's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct NeuronsFunctions {
  var sigmoid: @Sendable (Double) -> Double
  var sigmoidDerivative: @Sendable (Double) -> Double
  var neuronOutput: @Sendable ([Double], [Double], Double) -> Double
  var binaryCrossEntropy: @Sendable ([Double], [Double]) -> Double
  var gradientDescentStep: @Sendable ([[Double]], [Double], [Double], Double, Double) -> (weights: [Double], bias: Double)

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      sigmoid = Exercises.sigmoid
      sigmoidDerivative = Exercises.sigmoidDerivative
      neuronOutput = Exercises.neuronOutput
      binaryCrossEntropy = Exercises.binaryCrossEntropy
      gradientDescentStep = Exercises.gradientDescentStep
    case .reference:
      sigmoid = ExerciseSolutions.sigmoid
      sigmoidDerivative = ExerciseSolutions.sigmoidDerivative
      neuronOutput = ExerciseSolutions.neuronOutput
      binaryCrossEntropy = ExerciseSolutions.binaryCrossEntropy
      gradientDescentStep = ExerciseSolutions.gradientDescentStep
    }
    substitute(&sigmoid, for: "neurons.sigmoid")
    substitute(&sigmoidDerivative, for: "neurons.sigmoidDerivative")
    substitute(&neuronOutput, for: "neurons.neuronOutput")
    substitute(&binaryCrossEntropy, for: "neurons.binaryCrossEntropy")
    substitute(&gradientDescentStep, for: "neurons.gradientDescentStep")
  }
}

private func neuronsExercise(
  _ number: Int, _ function: String, check: @escaping @Sendable (NeuronsFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "neurons", number: number, function: function, file: "Neurons.swift") { implementation, log in
    check(NeuronsFunctions(implementation), &log)
  }
}

let neuronsExercises: [Exercise] = [
  neuronsExercise(1, "sigmoid") { f, report in
    for z in [0.0, 2, -3] where report.passedSoFar {
      report.expect("sigmoid(\(printed(z)))", returned: f.sigmoid(z), expected: 1 / (1 + exp(-z)))
    }
    for (z, limit) in [(1000.0, 1.0), (-1000, 0)] where report.passedSoFar {
      report.expect("sigmoid(\(printed(z)))", returned: f.sigmoid(z), expected: limit,
        why: "σ(1000) is 1 and σ(−1000) is 0, with no NaN on the way: e^1000 overflows to +∞, and ∞/∞ is NaN")
    }
  },
  neuronsExercise(2, "sigmoidDerivative") { f, report in
    // e^(−z) / (1 + e^(−z))², the quotient rule's form, for moderate z.
    for z in [0.0, 2, -1.5, 4] where report.passedSoFar {
      report.expect("sigmoidDerivative(\(printed(z)))", returned: f.sigmoidDerivative(z),
        expected: exp(-z) / ((1 + exp(-z)) * (1 + exp(-z))), tolerance: 1e-12,
        why: z == 0 ? "σ(0) = 1/2, so σ′(0) = 1/2 · (1 − 1/2)" : nil)
    }
    for z in [-1000.0, 1000] where report.passedSoFar {
      report.expect("sigmoidDerivative(\(printed(z)))", returned: f.sigmoidDerivative(z), expected: 0,
        why: "far from 0 the slope is 0, with no NaN on the way: e^1000 overflows to +∞, and ∞/∞ is NaN")
    }
  },
  neuronsExercise(3, "neuronOutput") { f, report in
    let cases: [(inputs: [Double], weights: [Double], bias: Double, z: Double, why: String)] = [
      ([0, 0], [1, 1], 0, 0, "z = 0, and σ(0) = 0.5"),
      ([0, 0], [1, 1], 2, 2, "the bias alone: z = 0·1 + 0·1 + 2"),
      ([2, 1], [0.5, -1.5], 0.25, 2 * 0.5 - 1.5 + 0.25, "z = 2·0.5 + 1·(−1.5) + 0.25"),
      ([1, 2, 3], [0.1, 0.2, 0.3], -1, 0.4, "z = 1·0.1 + 2·0.2 + 3·0.3 − 1"),
    ]
    for test in cases where report.passedSoFar {
      report.expect(
        "neuronOutput(inputs: \(printed(test.inputs)), weights: \(printed(test.weights)), bias: \(printed(test.bias)))",
        returned: f.neuronOutput(test.inputs, test.weights, test.bias), expected: 1 / (1 + exp(-test.z)), why: test.why)
    }
  },
  neuronsExercise(4, "binaryCrossEntropy") { f, report in
    let cases: [(probabilities: [Double], labels: [Double], expected: Double, why: String)] = [
      ([0.5], [1], log(2.0), "−log 0.5 = log 2"),
      ([0.3, 0.3], [0, 0], -log(0.7), "labels 0: only the log(1 − p) terms count, and the minus sign covers them too"),
      ([0.9, 0.2, 0.6], [1, 0, 1], -(log(0.9) + log(0.8) + log(0.6)) / 3, "the mean over the 3 examples"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("binaryCrossEntropy(probabilities: \(printed(test.probabilities)), labels: \(printed(test.labels)))",
        returned: f.binaryCrossEntropy(test.probabilities, test.labels), expected: test.expected, tolerance: 1e-12,
        why: test.why)
    }
  },
  neuronsExercise(5, "gradientDescentStep") { f, report in
    // One example by hand: p = σ(0) = 0.5, so ∂L/∂w = (0.5 − 1)·[1, 2] and ∂L/∂b = 0.5 − 1.
    let single = f.gradientDescentStep([[1, 2]], [1], [0, 0], 0, 1)
    let call = "gradientDescentStep(inputs: [[1, 2]], labels: [1], weights: [0, 0], bias: 0, learningRate: 1)"
    let why = "p = σ(0) = 0.5, so ∂L/∂w = (p − y)·x = [−0.5, −1] and ∂L/∂b = −0.5"
    report.expect(call + ".weights", returned: single.weights, expected: [0.5, 1], tolerance: 1e-12, why: why)
    report.expect(call + ".bias", returned: single.bias, expected: 0.5, tolerance: 1e-12, why: why)
    guard report.passedSoFar else { return }
    // A batch of four, against the autograd core: the same step, differentiated by backward().
    let inputs: [[Double]] = [[1, 0], [0, 1], [1, 1], [1, 0]]
    let (labels, weights, bias, learningRate) = ([0.0, 1, 1, 0], [0.3, -0.2], 0.1, 0.5)
    let w = Tensor(shape: [2, 1], scalars: weights.map(Float.init)).requiringGradient()
    let b = Tensor(shape: [1], scalars: [Float(bias)]).requiringGradient()
    let x = Tensor(shape: [4, 2], scalars: inputs.flatMap { $0.map(Float.init) })
    let y = Tensor(shape: [4, 1], scalars: labels.map(Float.init))
    let p = x.matmul(w, addingBias: b).sigmoid()
    (-(y * p.log() + (1 - y) * (1 - p).log())).mean().backward()
    let expectedWeights = zip(weights, w.gradient!.scalars).map { $0 - learningRate * Double($1) }
    let step = f.gradientDescentStep(inputs, labels, weights, bias, learningRate)
    let batchCall = "gradientDescentStep(inputs: \(printed(inputs)), labels: \(printed(labels)), "
      + "weights: \(printed(weights)), bias: \(printed(bias)), learningRate: \(printed(learningRate)))"
    let batchWhy = "the mean gradient over the 4 examples, every p computed with the weights before the step"
    report.expect(batchCall + ".weights", returned: step.weights, expected: expectedWeights, tolerance: 1e-5, why: batchWhy)
    report.expect(batchCall + ".bias", returned: step.bias, expected: bias - learningRate * Double(b.gradient!.scalar),
      tolerance: 1e-5, why: batchWhy)
  },
]
