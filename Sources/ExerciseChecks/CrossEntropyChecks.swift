import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 3's exercises, from one implementation.
private struct CrossEntropyFunctions {
  let stableLogSoftmax: ([Double]) -> [Double]
  let softmaxCrossEntropy: ([Double], Int) -> (loss: Double, gradient: [Double])
  let confusionMatrix: ([Int], [Int], Int) -> [[Int]]
  let classificationScores: ([[Int]]) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double])
  let adamStep: ([Double], [Double], [Double], [Double], Int, Double)
    -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double])

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      stableLogSoftmax = Exercises.stableLogSoftmax
      softmaxCrossEntropy = Exercises.softmaxCrossEntropy
      confusionMatrix = Exercises.confusionMatrix
      classificationScores = Exercises.classificationScores
      adamStep = Exercises.adamStep
    case .reference:
      stableLogSoftmax = ExerciseSolutions.stableLogSoftmax
      softmaxCrossEntropy = ExerciseSolutions.softmaxCrossEntropy
      confusionMatrix = ExerciseSolutions.confusionMatrix
      classificationScores = ExerciseSolutions.classificationScores
      adamStep = ExerciseSolutions.adamStep
    }
  }
}

private func crossEntropyExercise(
  _ number: Int, _ function: String,
  check: @escaping @Sendable (CrossEntropyFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "cross-entropy", number: number, function: function, file: "CrossEntropy.swift") { implementation, log in
    check(CrossEntropyFunctions(implementation), &log)
  }
}

/// log softmax computed directly in Double, for logits small enough not to overflow.
private func directLogSoftmax(_ z: [Double]) -> [Double] {
  let total = z.reduce(0) { $0 + exp($1) }
  return z.map { $0 - log(total) }
}

/// Expects `actual` to have `expected.count` entries, each within `tolerance`.
private func expectCloseArrays(
  _ report: inout ExpectationLog, _ actual: [Double], _ expected: [Double], tolerance: Double, _ call: String
) {
  guard actual.count == expected.count else {
    report.expect(false, "\(call) returned \(actual.count) values, expected \(expected.count)")
    return
  }
  for (index, (value, wanted)) in zip(actual, expected).enumerated() {
    report.expectClose(value, wanted, tolerance: tolerance, "\(call)[\(index)]")
  }
}

let crossEntropyExercises: [Exercise] = [
  crossEntropyExercise(1, "stableLogSoftmax") { f, report in
    for z in [[1.0, 2.0, 3.0], [0.5, -1.25, 0.0, 2.0], [7.0]] {
      expectCloseArrays(&report, f.stableLogSoftmax(z), directLogSoftmax(z), tolerance: 1e-12, "stableLogSoftmax(\(z))")
    }
    expectCloseArrays(&report, f.stableLogSoftmax([1000, 0]), [0, -1000], tolerance: 1e-12, "stableLogSoftmax([1000, 0])")
    let tail = log(1 + exp(-1.0))
    expectCloseArrays(
      &report, f.stableLogSoftmax([-1000, -1001]), [-tail, -1 - tail], tolerance: 1e-12, "stableLogSoftmax([-1000, -1001])")
    // Probabilities sum to one, and adding a constant to every logit changes nothing.
    let z = [3.0, -2.0, 0.5, 800.0, 799.0]
    let total = f.stableLogSoftmax(z).reduce(0) { $0 + exp($1) }
    report.expectClose(total, 1, tolerance: 1e-12, "Σ exp(stableLogSoftmax(\(z)))")
    expectCloseArrays(
      &report, f.stableLogSoftmax(z.map { $0 - 5000 }), f.stableLogSoftmax(z), tolerance: 1e-9,
      "stableLogSoftmax(z − 5000) against stableLogSoftmax(z)")
  },
  crossEntropyExercise(2, "softmaxCrossEntropy") { f, report in
    let ordinary = f.softmaxCrossEntropy([2, 1, 0.1], 0)
    report.expectClose(ordinary.loss, -directLogSoftmax([2, 1, 0.1])[0], tolerance: 1e-12,
      "softmaxCrossEntropy(logits: [2, 1, 0.1], target: 0).loss")
    let large = f.softmaxCrossEntropy([1000, 0], 1)
    report.expectClose(large.loss, 1000, tolerance: 1e-12, "softmaxCrossEntropy(logits: [1000, 0], target: 1).loss")
    expectCloseArrays(&report, large.gradient, [1, -1], tolerance: 1e-12,
      "softmaxCrossEntropy(logits: [1000, 0], target: 1).gradient")
    // The gradient against central finite differences of the loss, for several targets.
    let z = [0.3, -1.2, 2.5, 0.0, 1.1]
    for target in [0, 2, 4] {
      let gradient = f.softmaxCrossEntropy(z, target).gradient
      let h = 1e-5
      let numeric = z.indices.map { k -> Double in
        var plus = z
        var minus = z
        plus[k] += h
        minus[k] -= h
        return (-directLogSoftmax(plus)[target] + directLogSoftmax(minus)[target]) / (2 * h)
      }
      expectCloseArrays(&report, gradient, numeric, tolerance: 1e-7,
        "softmaxCrossEntropy(logits: \(z), target: \(target)).gradient (against finite differences)")
      report.expectClose(gradient.reduce(0, +), 0, tolerance: 1e-12, "the sum of that gradient (p − y sums to 1 − 1)")
    }
  },
  crossEntropyExercise(3, "confusionMatrix") { f, report in
    let labels = [0, 0, 1, 2, 2, 2, 1, 0]
    let predictions = [0, 1, 1, 2, 0, 2, 1, 0]
    let counts = f.confusionMatrix(predictions, labels, 3)
    let expected = [[2, 1, 0], [0, 2, 0], [1, 0, 2]]
    report.expect(counts == expected,
      "confusionMatrix(predictions: \(predictions), labels: \(labels), classCount: 3) returned \(counts), "
        + "expected \(expected) (rows are true classes)")
    let unused = f.confusionMatrix([1, 1], [1, 1], 4)
    report.expect(unused.count == 4 && unused.allSatisfy { $0.count == 4 },
      "confusionMatrix(predictions: [1, 1], labels: [1, 1], classCount: 4) should be 4×4, got \(unused)")
    report.expect(unused.count == 4 && unused[1].count == 4 && unused[1][1] == 2,
      "confusionMatrix(predictions: [1, 1], labels: [1, 1], classCount: 4)[1][1] should be 2, got \(unused)")
  },
  crossEntropyExercise(4, "classificationScores") { f, report in
    // Rows are true classes: 10 of class 0, 5 of class 1, 5 of class 2; class 2 is never predicted.
    let confusion = [[8, 2, 0], [1, 4, 0], [3, 2, 0]]
    let scores = f.classificationScores(confusion)
    report.expectClose(scores.accuracy, 12.0 / 20.0, "classificationScores(confusion: \(confusion)).accuracy")
    expectCloseArrays(&report, scores.precision, [8.0 / 12.0, 4.0 / 8.0, 0], tolerance: 1e-12, "precision")
    expectCloseArrays(&report, scores.recall, [8.0 / 10.0, 4.0 / 5.0, 0], tolerance: 1e-12, "recall")
    let f1 = { (p: Double, r: Double) in 2 * p * r / (p + r) }
    expectCloseArrays(&report, scores.f1, [f1(8.0 / 12.0, 0.8), f1(0.5, 0.8), 0], tolerance: 1e-12, "f1")
    report.expect(!(scores.precision + scores.recall + scores.f1).contains { $0.isNaN },
      "a class never predicted (class 2 here) must give 0, not NaN")
  },
  crossEntropyExercise(5, "adamStep") { f, report in
    // Three steps against the core's Adam (Float, so a loose tolerance).
    let initial = [0.5, -1.0, 2.0, 0.0]
    let gradientsPerStep = [[0.1, -3.0, 0.002, 1.0], [0.2, -2.0, -0.004, 0.5], [-0.1, 1.0, 0.001, 0.25]]
    let learningRate = 0.01
    let parameter = Parameter(Tensor(shape: [4], scalars: initial.map(Float.init)))
    let optimizer = Adam(parameters: [("theta", parameter)], learningRate: Float(learningRate))
    var state = (parameters: initial, firstMoment: [0.0, 0, 0, 0], secondMoment: [0.0, 0, 0, 0])
    for (index, gradients) in gradientsPerStep.enumerated() {
      optimizer.clearGradients()
      (parameter.value * Tensor(shape: [4], scalars: gradients.map(Float.init))).sum().backward()
      optimizer.step()
      state = f.adamStep(state.parameters, gradients, state.firstMoment, state.secondMoment, index + 1, learningRate)
      expectCloseArrays(&report, state.parameters, parameter.value.scalars.map(Double.init), tolerance: 1e-5,
        "the parameters after step \(index + 1) (against the core's Adam)")
      if index == 0 {
        // The first step moves each parameter by lr · g / (|g| + ε): almost exactly lr, against the gradient.
        let expected = zip(initial, gradients).map { $0 - learningRate * $1 / (abs($1) + 1e-8) }
        expectCloseArrays(&report, state.parameters, expected, tolerance: 1e-9, "the parameters after the first step")
        expectCloseArrays(&report, state.firstMoment, gradients.map { 0.1 * $0 }, tolerance: 1e-12,
          "the first moment m after the first step")
        expectCloseArrays(&report, state.secondMoment, gradients.map { 0.001 * $0 * $0 }, tolerance: 1e-12,
          "the second moment v after the first step")
      }
    }
  },
]
