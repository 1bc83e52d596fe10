import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 1's exercises, from one implementation.
private struct NeuronsFunctions {
  let sigmoid: (Double) -> Double
  let sigmoidDerivative: (Double) -> Double
  let neuronOutput: ([Double], [Double], Double) -> Double
  let binaryCrossEntropy: ([Double], [Double]) -> Double
  let gradientDescentStep: ([[Double]], [Double], [Double], Double, Double) -> (weights: [Double], bias: Double)

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
    report.expectClose(f.sigmoid(0), 0.5, "sigmoid(0)")
    report.expectClose(f.sigmoid(2), 1 / (1 + exp(-2)), "sigmoid(2)")
    report.expectClose(f.sigmoid(-3), 1 / (1 + exp(3)), "sigmoid(-3)")
    report.expect(f.sigmoid(1000) == 1, "sigmoid(1000) returned \(f.sigmoid(1000)), expected 1")
    let veryNegative = f.sigmoid(-1000)
    report.expect(veryNegative == 0 && !veryNegative.isNaN, "sigmoid(-1000) returned \(veryNegative), expected 0 (no NaN)")
    report.expectClose(f.sigmoid(-800), exp(-800.0), tolerance: 1e-6, "sigmoid(-800)")
  },
  neuronsExercise(2, "sigmoidDerivative") { f, report in
    report.expectClose(f.sigmoidDerivative(0), 0.25, "sigmoidDerivative(0)")
    // Compare with a central finite difference of the exact sigmoid.
    for z in [-4.0, -1.5, 0.3, 2.0, 5.0] {
      let sigma = { (x: Double) in 1 / (1 + exp(-x)) }
      let numeric = (sigma(z + 1e-5) - sigma(z - 1e-5)) / 2e-5
      report.expectClose(f.sigmoidDerivative(z), numeric, tolerance: 1e-7, "sigmoidDerivative(\(z))")
    }
    report.expect(f.sigmoidDerivative(-1000) == 0, "sigmoidDerivative(-1000) returned \(f.sigmoidDerivative(-1000)), expected 0")
  },
  neuronsExercise(3, "neuronOutput") { f, report in
    report.expectClose(f.neuronOutput([0, 0], [1, 1], 0), 0.5, "neuronOutput(inputs: [0, 0], weights: [1, 1], bias: 0)")
    let z = 0.5 * 2 - 1.5 * 1 + 0.25
    report.expectClose(
      f.neuronOutput([2, 1], [0.5, -1.5], 0.25), 1 / (1 + exp(-z)),
      "neuronOutput(inputs: [2, 1], weights: [0.5, -1.5], bias: 0.25)")
    let three = f.neuronOutput([1, 2, 3], [0.1, 0.2, 0.3], -1)
    report.expectClose(three, 1 / (1 + exp(-0.4)), "neuronOutput(inputs: [1, 2, 3], weights: [0.1, 0.2, 0.3], bias: -1)")
  },
  neuronsExercise(4, "binaryCrossEntropy") { f, report in
    report.expectClose(f.binaryCrossEntropy([0.5], [1]), log(2.0), "binaryCrossEntropy(probabilities: [0.5], labels: [1])")
    let expected = -(log(0.9) + log(1 - 0.2) + log(0.6)) / 3
    report.expectClose(
      f.binaryCrossEntropy([0.9, 0.2, 0.6], [1, 0, 1]), expected,
      "binaryCrossEntropy(probabilities: [0.9, 0.2, 0.6], labels: [1, 0, 1])")
    // The article's grouping, −(1/m) Σ y log p + (1 − y) log(1 − p), gives a different (wrong) number here.
    report.expectClose(
      f.binaryCrossEntropy([0.3, 0.3], [0, 0]), -log(0.7),
      "binaryCrossEntropy(probabilities: [0.3, 0.3], labels: [0, 0])")
  },
  neuronsExercise(5, "gradientDescentStep") { f, report in
    let inputs: [[Double]] = [[1, 0], [0, 1], [1, 1], [1, 0]]
    let labels: [Double] = [0, 1, 1, 0]
    let weights = [0.3, -0.2]
    let bias = 0.1
    let step = f.gradientDescentStep(inputs, labels, weights, bias, 0.5)
    let expected = ExerciseSolutions.gradientDescentStep(
      inputs: inputs, labels: labels, weights: weights, bias: bias, learningRate: 0.5)
    report.expect(step.weights.count == 2, "gradientDescentStep returned \(step.weights.count) weights, expected 2")
    for (index, (actual, wanted)) in zip(step.weights, expected.weights).enumerated() {
      report.expectClose(actual, wanted, tolerance: 1e-9, "the new weights[\(index)]")
    }
    report.expectClose(step.bias, expected.bias, tolerance: 1e-9, "the new bias")
    // Cross-check the formula with the autograd core: the same step, differentiated by backward().
    let w = Tensor(shape: [2, 1], scalars: weights.map(Float.init)).requiringGradient()
    let b = Tensor(shape: [1], scalars: [Float(bias)]).requiringGradient()
    let x = Tensor(shape: [4, 2], scalars: inputs.flatMap { $0.map(Float.init) })
    let y = Tensor(shape: [4, 1], scalars: labels.map(Float.init))
    let p = x.matmul(w, addingBias: b).sigmoid()
    (-(y * p.log() + (1 - y) * (1 - p).log())).mean().backward()
    report.expectClose(step.bias, bias - 0.5 * Double(b.gradient!.scalar), tolerance: 1e-5, "the new bias (against autograd)")
  },
]
