import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 3's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct CrossEntropyFunctions {
  var stableLogSoftmax: @Sendable ([Double]) -> [Double]
  var softmaxCrossEntropy: @Sendable ([Double], Int) -> (loss: Double, gradient: [Double])
  var confusionMatrix: @Sendable ([Int], [Int], Int) -> [[Int]]
  var classificationScores: @Sendable ([[Int]]) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double])
  var adamStep: @Sendable ([Double], [Double], [Double], [Double], Int, Double)
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
    substitute(&stableLogSoftmax, for: "cross-entropy.stableLogSoftmax")
    substitute(&softmaxCrossEntropy, for: "cross-entropy.softmaxCrossEntropy")
    substitute(&confusionMatrix, for: "cross-entropy.confusionMatrix")
    substitute(&classificationScores, for: "cross-entropy.classificationScores")
    substitute(&adamStep, for: "cross-entropy.adamStep")
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

let crossEntropyExercises: [Exercise] = [
  crossEntropyExercise(1, "stableLogSoftmax") { f, report in
    let tail = log(1 + exp(-1.0))
    let cases: [(logits: [Double], expected: [Double], why: String)] = [
      ([1, 2, 3], directLogSoftmax([1, 2, 3]), "log pₖ = zₖ − log Σⱼ e^(zⱼ)"),
      ([0.5, -1.25, 0, 2], directLogSoftmax([0.5, -1.25, 0, 2]), "log pₖ = zₖ − log Σⱼ e^(zⱼ)"),
      ([7], [0], "one logit has probability 1"),
      ([1000, 0], [0, -1000], "e^1000 overflows to +∞: subtract the largest logit first, and add it back to the log-sum"),
      ([-1000, -1001], [-tail, -1 - tail], "e^(−1000) underflows to 0, and log 0 is −∞: subtract the largest logit first"),
      ([3, -2, 0.5].map { $0 - 5000 }, directLogSoftmax([3, -2, 0.5]),
        "the same as for [3, -2, 0.5]: subtracting 5000 from every logit changes no probability"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("stableLogSoftmax(\(printed(test.logits)))", returned: f.stableLogSoftmax(test.logits),
        expected: test.expected, tolerance: 1e-9, why: test.why)
    }
  },
  crossEntropyExercise(2, "softmaxCrossEntropy") { f, report in
    let z = [2, 1, 0.1]
    let ordinary = f.softmaxCrossEntropy(z, 0)
    report.expect("softmaxCrossEntropy(logits: \(printed(z)), target: 0).loss", returned: ordinary.loss,
      expected: -directLogSoftmax(z)[0], tolerance: 1e-12, why: "−log p₀, the log-probability of the target, negated")
    report.expect("softmaxCrossEntropy(logits: \(printed(z)), target: 0).gradient", returned: ordinary.gradient,
      expected: directLogSoftmax(z).enumerated().map { exp($1) - ($0 == 0 ? 1 : 0) }, tolerance: 1e-12,
      why: "p − y: the probabilities, minus 1 at the target")
    guard report.passedSoFar else { return }
    let large = f.softmaxCrossEntropy([1000, 0], 1)
    report.expect("softmaxCrossEntropy(logits: [1000, 0], target: 1).loss", returned: large.loss, expected: 1000,
      tolerance: 1e-12, why: "e^1000 overflows to +∞: work with the stable log-softmax")
    report.expect("softmaxCrossEntropy(logits: [1000, 0], target: 1).gradient", returned: large.gradient,
      expected: [1, -1], tolerance: 1e-12, why: "p = [1, 0] and y = [0, 1]")
    // The gradient against central finite differences of the loss, for several targets.
    let logits = [0.3, -1.2, 2.5, 0.0, 1.1]
    for target in [0, 2, 4] where report.passedSoFar {
      let h = 1e-5
      let numeric = logits.indices.map { k -> Double in
        var (plus, minus) = (logits, logits)
        plus[k] += h
        minus[k] -= h
        return (-directLogSoftmax(plus)[target] + directLogSoftmax(minus)[target]) / (2 * h)
      }
      report.expect("softmaxCrossEntropy(logits: \(printed(logits)), target: \(target)).gradient",
        returned: f.softmaxCrossEntropy(logits, target).gradient, expected: numeric, tolerance: 1e-7,
        why: "against finite differences of the loss")
    }
  },
  crossEntropyExercise(3, "confusionMatrix") { f, report in
    let (predictions, labels) = ([0, 1, 1, 2, 0, 2, 1, 0], [0, 0, 1, 2, 2, 2, 1, 0])
    report.expect("confusionMatrix(predictions: \(printed(predictions)), labels: \(printed(labels)), classCount: 3)",
      returned: f.confusionMatrix(predictions, labels, 3), expected: [[2, 1, 0], [0, 2, 0], [1, 0, 2]],
      why: "rows are true classes, columns predicted ones: counts[label][prediction]")
    guard report.passedSoFar else { return }
    report.expect("confusionMatrix(predictions: [1, 1], labels: [1, 1], classCount: 4)",
      returned: f.confusionMatrix([1, 1], [1, 1], 4),
      expected: [[0, 0, 0, 0], [0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
      why: "classCount × classCount, even when some classes never occur")
  },
  crossEntropyExercise(4, "classificationScores") { f, report in
    // Rows are true classes; in the first, class 2 is never predicted; in the second, class 1 never occurs.
    for confusion in [[[8, 2, 0], [1, 4, 0], [3, 2, 0]], [[2, 1], [0, 0]]] where report.passedSoFar {
      let classes = confusion.indices
      let ratio = { (part: Int, whole: Int) in whole == 0 ? 0 : Double(part) / Double(whole) }
      let precision = classes.map { k in ratio(confusion[k][k], classes.reduce(0) { $0 + confusion[$1][k] }) }
      let recall = classes.map { k in ratio(confusion[k][k], confusion[k].reduce(0, +)) }
      let f1 = zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
      let total = confusion.joined().reduce(0, +)
      let scores = f.classificationScores(confusion)
      let call = "classificationScores(confusion: \(printed(confusion)))"
      let accuracyWhy = report.text("the diagonal's sum over all \(total) examples", "对角线之和除以全部 \(total) 个样本")
      let f1Why = report.text(
        "F1ₖ = 2·pₖ·rₖ / (pₖ + rₖ) with precision \(printed(precision)) and recall \(printed(recall)); 0 when pₖ + rₖ = 0",
        "F1ₖ = 2·pₖ·rₖ / (pₖ + rₖ)，精确率为 \(printed(precision))，召回率为 \(printed(recall))；pₖ + rₖ = 0 时为 0")
      report.expect(call + ".accuracy", returned: scores.accuracy,
        expected: ratio(classes.reduce(0) { $0 + confusion[$1][$1] }, total), tolerance: 1e-12, why: accuracyWhy)
      report.expect(call + ".precision", returned: scores.precision, expected: precision, tolerance: 1e-12,
        why: "precisionₖ = C[k][k] / the sum of column k (the examples predicted k); 0 when that sum is 0")
      report.expect(call + ".recall", returned: scores.recall, expected: recall, tolerance: 1e-12,
        why: "recallₖ = C[k][k] / the sum of row k (the examples of class k); 0 when that sum is 0")
      report.expect(call + ".f1", returned: scores.f1, expected: f1, tolerance: 1e-12, why: f1Why)
    }
  },
  crossEntropyExercise(5, "adamStep") { f, report in
    // The first step by hand: m = 0.1·g, v = 0.001·g², so m̂ = g, v̂ = g², and each parameter moves by lr · g / (|g| + ε).
    let initial = [0.5, -1.0, 2.0, 0.0]
    let first = [0.1, -3.0, 1e-6, 1.0]
    let learningRate = 0.01
    let zeros = [0.0, 0, 0, 0]
    let firstStep = f.adamStep(initial, first, zeros, zeros, 1, learningRate)
    let call = "adamStep(parameters: \(printed(initial)), gradients: \(printed(first)), firstMoment: \(printed(zeros)), "
      + "secondMoment: \(printed(zeros)), step: 1, learningRate: \(printed(learningRate)))"
    report.expect(call + ".firstMoment", returned: firstStep.firstMoment, expected: first.map { 0.1 * $0 }, tolerance: 1e-12,
      why: "m ← β₁·m + (1 − β₁)·g with β₁ = 0.9")
    report.expect(call + ".secondMoment", returned: firstStep.secondMoment, expected: first.map { 0.001 * $0 * $0 },
      tolerance: 1e-12, why: "v ← β₂·v + (1 − β₂)·g² with β₂ = 0.999")
    report.expect(call + ".parameters", returned: firstStep.parameters,
      expected: zip(initial, first).map { $0 - learningRate * $1 / (abs($1) + 1e-8) }, tolerance: 1e-9,
      why: "after bias correction m̂ = g and v̂ = g², so each parameter moves by lr · g / (√(g²) + ε), ε outside the root")
    // Three steps against the core's Adam (Float, so a loose tolerance).
    let gradientsPerStep = [[0.1, -3.0, 0.002, 1.0], [0.2, -2.0, -0.004, 0.5], [-0.1, 1.0, 0.001, 0.25]]
    let parameter = Parameter(Tensor(shape: [4], scalars: initial.map(Float.init)))
    let optimizer = Adam(parameters: [("theta", parameter)], learningRate: Float(learningRate))
    var state = (parameters: initial, firstMoment: zeros, secondMoment: zeros)
    for (index, gradients) in gradientsPerStep.enumerated() where report.passedSoFar {
      optimizer.clearGradients()
      (parameter.value * Tensor(shape: [4], scalars: gradients.map(Float.init))).sum().backward()
      optimizer.step()
      state = f.adamStep(state.parameters, gradients, state.firstMoment, state.secondMoment, index + 1, learningRate)
      let steps = printed(Array(gradientsPerStep[...index]))
      let call = report.text(
        "adamStep from parameters \(printed(initial)) with gradients \(steps), steps 1 to \(index + 1), learningRate 0.01: the parameters",
        "adamStep 从参数 \(printed(initial)) 出发，梯度依次为 \(steps)，第 1 到 \(index + 1) 步，learningRate 0.01：参数")
      report.expect(call,
        returned: state.parameters, expected: parameter.value.scalars.map(Double.init), tolerance: 1e-5,
        why: "against the core's Adam; the bias correction uses the step number t")
    }
  },
]
