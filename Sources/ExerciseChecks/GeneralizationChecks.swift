import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 5's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct GeneralizationFunctions {
  var heldOut: @Sendable ([Int], Double) -> [Int]
  var dropout: @Sendable ([Double], [Bool], Double, Bool) -> [Double]
  var adamW: @Sendable (Double, Double, Double, Double, Int, Double, Double) -> [Double]
  var earlyStopping: @Sendable ([Double], Int) -> [Int]
  var auc: @Sendable ([Double], [Bool]) -> Double

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      heldOut = Exercises.stratifiedHeldOut
      dropout = Exercises.invertedDropout
      adamW = Exercises.adamWStep
      earlyStopping = Exercises.earlyStoppingEpochs
      auc = Exercises.areaUnderROC
    case .reference:
      heldOut = ExerciseSolutions.stratifiedHeldOut
      dropout = ExerciseSolutions.invertedDropout
      adamW = ExerciseSolutions.adamWStep
      earlyStopping = ExerciseSolutions.earlyStoppingEpochs
      auc = ExerciseSolutions.areaUnderROC
    }
    substitute(&heldOut, for: "generalization.stratifiedHeldOut")
    substitute(&dropout, for: "generalization.invertedDropout")
    substitute(&adamW, for: "generalization.adamWStep")
    substitute(&earlyStopping, for: "generalization.earlyStoppingEpochs")
    substitute(&auc, for: "generalization.areaUnderROC")
  }
}

private func generalizationExercise(
  _ number: Int, _ function: String,
  check: @escaping @Sendable (GeneralizationFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "generalization", number: number, function: function, file: "Generalization.swift") { implementation, log in
    check(GeneralizationFunctions(implementation), &log)
  }
}

/// What a stratified split must hold out, worked out from its definition: each class's first
/// round(fraction × count) positions, all in increasing order.
private func expectedHeldOut(_ labels: [Int], _ fraction: Double) -> [Int] {
  Set(labels).flatMap { label in
    let members = labels.indices.filter { labels[$0] == label }
    return members.prefix(Int((Double(members.count) * fraction).rounded()))
  }.sorted()
}

/// The AUC by ranks (Mann–Whitney): the positives' mean rank among all scores, ties sharing
/// their mean rank, turned into the share of pairs ranked right. Another road to the same number.
private func rankAUC(_ scores: [Double], _ isPositive: [Bool]) -> Double {
  let order = scores.indices.sorted { scores[$0] < scores[$1] }
  var ranks = [Double](repeating: 0, count: scores.count)
  var start = 0
  while start < order.count {
    var end = start
    while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
    for position in start...end { ranks[order[position]] = Double(start + end) / 2 + 1 }
    start = end + 1
  }
  let positives = Double(isPositive.count { $0 }), negatives = Double(isPositive.count { !$0 })
  let rankSum = scores.indices.filter { isPositive[$0] }.reduce(0.0) { $0 + ranks[$1] }
  return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
}

let generalizationExercises: [Exercise] = [
  generalizationExercise(1, "stratifiedHeldOut") { f, report in
    let cases: [(labels: [Int], fraction: Double, why: String)] = [
      ([0, 0, 1, 0, 1, 1, 1, 0], 0.5, "the first half of each class: 0, 1 of class 0 and 2, 4 of class 1"),
      ([0, 1, 0, 1], 1, "every image, in increasing order"),
      ([1, 1, 0, 1, 0, 0, 1, 1], 0.5, "class 0 has 3 images: 1.5 rounds to 2; class 1 has 5: 2.5 rounds to 3"),
      ([2, 0, 2, 2, 1, 0, 2, 2, 2, 2], 0.2, "a rare class keeps its share: 0.4 of class 0 and 0.2 of class 1 round to none"),
      ([0, 0, 0], 0, "nothing held out"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("stratifiedHeldOut(labels: \(printed(test.labels)), fraction: \(test.fraction))",
        returned: f.heldOut(test.labels, test.fraction), expected: expectedHeldOut(test.labels, test.fraction), why: test.why)
    }
    guard report.passedSoFar else { return }
    let labels = Tensor.uniform(shape: [200], in: 0...9.999, using: RandomGenerator(seed: 5)).scalars.map { Int($0) }
    report.expect("stratifiedHeldOut(labels: <200 labels in 0…9>, fraction: 0.3)",
      returned: f.heldOut(labels, 0.3), expected: expectedHeldOut(labels, 0.3),
      why: "round(0.3 × count) of each class, its first ones, sorted")
  },
  generalizationExercise(2, "invertedDropout") { f, report in
    report.expect("invertedDropout([2, 4, 6], keep: [true, false, true], rate: 0.5, training: true)",
      returned: f.dropout([2, 4, 6], [true, false, true], 0.5, true), expected: [4, 0, 12],
      why: "dropped elements are 0, kept ones divided by 1 − rate")
    report.expect("invertedDropout([2, 4, 6], keep: [true, false, true], rate: 0.5, training: false)",
      returned: f.dropout([2, 4, 6], [true, false, true], 0.5, false), expected: [2, 4, 6],
      why: "in evaluation the layer returns its input unchanged")
    guard report.passedSoFar else { return }
    // The core's dropout is the judge: its mask, read off a tensor of ones, then its output on the values.
    let values = Tensor.uniform(shape: [50], in: -2...2, using: RandomGenerator(seed: 8))
    let keep = Tensor.ones([50]).dropout(rate: 0.2, training: true, using: RandomGenerator(seed: 9)).scalars.map { $0 != 0 }
    let expected = values.dropout(rate: 0.2, training: true, using: RandomGenerator(seed: 9)).scalars.map(Double.init)
    report.expect("invertedDropout(<50 values>, keep: <the core's mask>, rate: 0.2, training: true)",
      returned: f.dropout(values.scalars.map(Double.init), keep, 0.2, true), expected: expected, tolerance: 1e-6,
      why: "the core's Tensor.dropout with the same mask")
  },
  generalizationExercise(3, "adamWStep") { f, report in
    // The core's AdamW (in Float) is the judge, step after step on one weight.
    for (learningRate, weightDecay) in [(0.1, 0.0), (0.1, 0.5), (0.01, 2.0)] where report.passedSoFar {
      let weight = Parameter(Tensor(shape: [1], scalars: [1.5]))
      let optimizer = AdamW(parameters: [("w", weight)], learningRate: Float(learningRate), weightDecay: Float(weightDecay))
      var state = [1.5, 0, 0]
      for (step, gradient) in [0.5, -1.2, 0.3, 0.05].enumerated() where report.passedSoFar {
        optimizer.clearGradients()
        (weight.value * Tensor(shape: [1], scalars: [Float(gradient)])).sum().backward()
        optimizer.step()
        let before = state
        state = f.adamW(before[0], gradient, before[1], before[2], step + 1, learningRate, weightDecay)
        report.expect(
          "adamWStep(parameter: \(printed(before[0])), gradient: \(gradient), firstMoment: \(printed(before[1])), "
            + "secondMoment: \(printed(before[2])), step: \(step + 1), learningRate: \(learningRate), weightDecay: \(weightDecay))[0]",
          returned: state.first ?? .nan, expected: Double(weight.value.scalars[0]), tolerance: 1e-5,
          why: "the core's AdamW: p shrinks by lr·wd·p, and the moments see g alone")
      }
    }
  },
  generalizationExercise(4, "earlyStoppingEpochs") { f, report in
    let cases: [(losses: [Double], patience: Int, expected: [Int], why: String)] = [
      ([1.0, 0.8, 0.9, 0.85, 0.95, 0.7], 3, [2, 5], "epoch 5 is 3 epochs past the best, epoch 2"),
      ([1.0, 0.9, 0.8, 0.7], 2, [4, 4], "still improving: no stop, and the last epoch is the best"),
      ([1.0, 1.2, 0.9, 1.1, 1.0, 0.95], 2, [3, 5], "a rise shorter than the patience does not stop training"),
      ([0.5, 0.5, 0.5, 0.5], 2, [1, 3], "an equal loss is no improvement"),
      ([0.9, 1.0, 1.1], 1, [1, 2], "patience 1 stops at the first epoch without improvement"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("earlyStoppingEpochs(validationLosses: \(printed(test.losses)), patience: \(test.patience))",
        returned: f.earlyStopping(test.losses, test.patience), expected: test.expected, why: test.why)
    }
  },
  generalizationExercise(5, "areaUnderROC") { f, report in
    let cases: [(scores: [Double], labels: [Bool], expected: Double, why: String)] = [
      ([0.9, 0.8, 0.2, 0.1], [true, true, false, false], 1, "every positive above every negative"),
      ([0.1, 0.2, 0.8, 0.9], [true, true, false, false], 0, "every positive below every negative"),
      ([0.9, 0.4, 0.4, 0.1], [true, true, false, false], 0.875, "three pairs right and one tie, which counts one half"),
      ([0.3, 0.7, 0.5], [false, true, false], 1, "one positive above both negatives"),
      ([0.6, 0.6, 0.6, 0.6, 0.2], [true, false, true, false, true], 2.0 / 6, "four tied pairs make 2 of the 6 pairs"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("areaUnderROC(scores: \(printed(test.scores)), isPositive: \(test.labels))",
        returned: f.auc(test.scores, test.labels), expected: test.expected, why: test.why)
    }
    guard report.passedSoFar else { return }
    let scores = Tensor.uniform(shape: [80], in: 0...4.99, using: RandomGenerator(seed: 12)).scalars.map { Double(Int($0)) / 4 }
    let labels = Tensor.uniform(shape: [80], in: 0...1, using: RandomGenerator(seed: 13)).scalars.enumerated()
      .map { index, draw in Double(draw) < 0.2 + scores[index] * 0.6 }
    report.expect("areaUnderROC(scores: <80 scores in 0, 0.25, …, 1>, isPositive: <80 labels>)",
      returned: f.auc(scores, labels), expected: rankAUC(scores, labels), tolerance: 1e-12,
      why: "the same area from ranks (Mann–Whitney), ties sharing their mean rank")
  },
]
