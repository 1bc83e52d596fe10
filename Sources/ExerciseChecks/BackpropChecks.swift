import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 2's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct BackpropFunctions {
  var multiplyBackward: @Sendable (Double, Double, Double) -> (a: Double, b: Double)
  var tanhBackward: @Sendable (Double, Double) -> Double
  var topologicalOrder: @Sendable (Int, [[Int]]) -> [Int]
  var hiddenLayerDeltas: @Sendable ([[Double]], [[Double]], [[Double]]) -> [[Double]]
  var layerWeightGradient: @Sendable ([[Double]], [[Double]]) -> [[Double]]
  var centralDifferenceGradient: @Sendable (([Double]) -> Double, [Double], Double) -> [Double]

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      multiplyBackward = Exercises.multiplyBackward
      tanhBackward = Exercises.tanhBackward
      topologicalOrder = Exercises.topologicalOrder
      hiddenLayerDeltas = Exercises.hiddenLayerDeltas
      layerWeightGradient = Exercises.layerWeightGradient
      centralDifferenceGradient = { Exercises.centralDifferenceGradient(of: $0, at: $1, step: $2) }
    case .reference:
      multiplyBackward = ExerciseSolutions.multiplyBackward
      tanhBackward = ExerciseSolutions.tanhBackward
      topologicalOrder = ExerciseSolutions.topologicalOrder
      hiddenLayerDeltas = ExerciseSolutions.hiddenLayerDeltas
      layerWeightGradient = ExerciseSolutions.layerWeightGradient
      centralDifferenceGradient = { ExerciseSolutions.centralDifferenceGradient(of: $0, at: $1, step: $2) }
    }
    substitute(&multiplyBackward, for: "backprop.multiplyBackward")
    substitute(&tanhBackward, for: "backprop.tanhBackward")
    substitute(&topologicalOrder, for: "backprop.topologicalOrder")
    substitute(&hiddenLayerDeltas, for: "backprop.hiddenLayerDeltas")
    substitute(&layerWeightGradient, for: "backprop.layerWeightGradient")
    substitute(&centralDifferenceGradient, for: "backprop.centralDifferenceGradient")
  }
}

private func backpropExercise(
  _ number: Int, _ function: String, check: @escaping @Sendable (BackpropFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "backprop", number: number, function: function, file: "Backprop.swift") { implementation, log in
    check(BackpropFunctions(implementation), &log)
  }
}

/// A central difference in Double, written here independently of the exercises.
private func numericDerivative(_ f: (Double) -> Double, at x: Double, step: Double = 1e-6) -> Double {
  (f(x + step) - f(x - step)) / (2 * step)
}

/// What is wrong with `order` as a backward pass's order of the nodes `root`
/// depends on (`inputs[i]` are node i's inputs), or nil if nothing is.
private func orderProblem(_ order: [Int], root: Int, inputs: [[Int]], in report: ExpectationLog) -> String? {
  var needed: Set<Int> = []
  var pending = [root]
  while let node = pending.popLast() {
    if needed.insert(node).inserted { pending += inputs[node] }
  }
  if let missing = needed.sorted().first(where: { !order.contains($0) }) {
    return report.text("node \(missing) is missing, and \(root) depends on it", "缺少节点 \(missing)，而 \(root) 依赖它")
  }
  if let extra = order.first(where: { !needed.contains($0) }) {
    return report.text("node \(extra) appears, but \(root) does not depend on it", "出现了节点 \(extra)，但 \(root) 并不依赖它")
  }
  if let twice = order.first(where: { node in order.filter { $0 == node }.count > 1 }) {
    return report.text(
      "node \(twice) appears twice (a node used twice must still appear once)", "节点 \(twice) 出现了两次（被用到两次的节点也只能出现一次）")
  }
  if order.last != root { return report.text("the root, \(root), must come last", "根节点 \(root) 必须排在最后") }
  for (position, node) in order.enumerated() {
    if let input = inputs[node].first(where: { !order[..<position].contains($0) }) {
      return report.text("node \(node) comes before its input \(input)", "节点 \(node) 排在了它的输入 \(input) 之前")
    }
  }
  return nil
}

let backpropExercises: [Exercise] = [
  backpropExercise(1, "multiplyBackward") { f, report in
    // Against finite differences of L = g·(a·b).
    for (a, b, g) in [(3.0, -2.0, 1.5), (0.7, 1.9, -0.4), (-2.5, 0.3, 2.0)] where report.passedSoFar {
      let result = f.multiplyBackward(a, b, g)
      report.expect("multiplyBackward(a: \(printed(a)), b: \(printed(b)), outputGradient: \(printed(g))) as [a, b]",
        returned: [result.a, result.b],
        expected: [numericDerivative({ g * $0 * b }, at: a), numericDerivative({ g * a * $0 }, at: b)], tolerance: 1e-7,
        why: "∂L/∂a = ∂L/∂c · ∂c/∂a = outputGradient · b, and ∂L/∂b = outputGradient · a")
    }
  },
  backpropExercise(2, "tanhBackward") { f, report in
    for (x, g) in [(0.0, 1.0), (-2.0, 1.0), (-0.3, 0.5), (0.8, -1.5), (3.0, 2.0)] where report.passedSoFar {
      report.expect("tanhBackward(input: \(printed(x)), outputGradient: \(printed(g)))", returned: f.tanhBackward(x, g),
        expected: g * numericDerivative(tanh, at: x), tolerance: 1e-7, why: "outputGradient · tanh′(input)")
    }
    for x in [1000.0, -1000] where report.passedSoFar {
      report.expect("tanhBackward(input: \(printed(x)), outputGradient: 2)", returned: f.tanhBackward(x, 2), expected: 0,
        why: "tanh is flat far from 0, and the result must not be NaN: e^1000 overflows to +∞")
    }
  },
  backpropExercise(3, "topologicalOrder") { f, report in
    // 0, 1, 2 are inputs; 3 = 0·1; 4 = 3 + 2; 5 = 3·4 (3 is used twice); 6 = 2·2 is not used by 5.
    let inputs = [[], [], [], [0, 1], [3, 2], [3, 4], [2, 2]]
    for (root, example) in [(1, [1]), (3, [0, 1, 3]), (5, [0, 1, 3, 2, 4, 5])] where report.passedSoFar {
      let order = f.topologicalOrder(root, inputs)
      if let problem = orderProblem(order, root: root, inputs: inputs, in: report) {
        let call = "topologicalOrder(of: \(root), inputs: \(printed(inputs)))"
        let message = report.text(
          "\(call) returned \(printed(order)): \(problem); one right answer is \(printed(example))",
          "\(call) 返回了 \(printed(order))：\(problem)；一个正确答案是 \(printed(example))")
        report.fail(message)
      }
    }
  },
  backpropExercise(4, "hiddenLayerDeltas") { f, report in
    // Against finite differences of J(z₁) = Σ (tanh(z₁) W₂) ⊙ δ₂, whose gradient in z₂ is δ₂, at z₁ = atanh(a₁).
    let cases: [(deltas: [[Double]], weights: [[Double]], hidden: [[Double]])] = [
      ([[2]], [[3]], [[0.5]]),
      ([[1, -1]], [[1, 2], [0, -1]], [[0.5, -0.5]]),
      ([[0.5, -1], [2, 0.25]], [[0.4, -0.6], [1.1, 0.2], [-0.9, 0.5]], [[0.5, -0.8, 0.1], [0.9, 0.3, -0.6]]),
    ]
    for test in cases where report.passedSoFar {
      func objective(_ z: [[Double]]) -> Double {
        zip(z, test.deltas).reduce(0) { total, pair in
          total + pair.1.indices.reduce(0) { sum, k in
            sum + pair.1[k] * pair.0.indices.reduce(0) { $0 + tanh(pair.0[$1]) * test.weights[$1][k] }
          }
        }
      }
      let z = test.hidden.map { $0.map(atanh) }
      let expected = z.indices.map { i in
        z[i].indices.map { j in
          numericDerivative({ value in
            var probe = z
            probe[i][j] = value
            return objective(probe)
          }, at: z[i][j])
        }
      }
      report.expect(
        "hiddenLayerDeltas(outputDeltas: \(printed(test.deltas)), outgoingWeights: \(printed(test.weights)), "
          + "hiddenOutputs: \(printed(test.hidden)))",
        returned: f.hiddenLayerDeltas(test.deltas, test.weights, test.hidden), expected: expected, tolerance: 1e-7,
        why: "δ₁[i][j] = (Σₖ δ₂[i][k] W₂[j][k]) · (1 − a₁[i][j]²), where a₁ is already tanh(z₁)")
    }
  },
  backpropExercise(5, "layerWeightGradient") { f, report in
    // J = Σ (a W) ⊙ δ has ∂J/∂z = δ; its gradient in W, by finite differences, is aᵀ δ.
    let cases: [(inputs: [[Double]], deltas: [[Double]])] = [
      ([[1, 2]], [[3]]),
      ([[1, 2], [0.5, -1], [-2, 0.25]], [[0.1, -0.2, 0.3], [0.4, 0, -0.5], [-0.6, 0.7, 0.2]]),
    ]
    for (a, delta) in cases where report.passedSoFar {
      let (n, k) = (a[0].count, delta[0].count)
      func objective(_ weights: [[Double]]) -> Double {
        zip(a, delta).reduce(0) { total, pair in
          total + (0..<k).reduce(0) { sum, c in sum + pair.1[c] * (0..<n).reduce(0) { $0 + pair.0[$1] * weights[$1][c] } }
        }
      }
      let w = (0..<n).map { j in (0..<k).map { c in Double(j - c) / 2 } }
      let expected = (0..<n).map { j in
        (0..<k).map { c in
          numericDerivative({ value in
            var probe = w
            probe[j][c] = value
            return objective(probe)
          }, at: w[j][c])
        }
      }
      report.expect("layerWeightGradient(layerInputs: \(printed(a)), deltas: \(printed(delta)))",
        returned: f.layerWeightGradient(a, delta), expected: expected, tolerance: 1e-7,
        why: "∂J/∂W = aᵀ δ, shaped [inputs][outputs]: the sum over the batch of each example's outer product")
    }
  },
  backpropExercise(6, "centralDifferenceGradient") { f, report in
    // Central, not forward: for x³ at 1 with h = 0.1 the central difference is exactly 3.01.
    report.expect("centralDifferenceGradient(of: x³, at: [1], step: 0.1)",
      returned: f.centralDifferenceGradient({ $0[0] * $0[0] * $0[0] }, [1], 0.1), expected: [3.01], tolerance: 1e-9,
      why: "(1.1³ − 0.9³) / (2 · 0.1) = 3.01; the forward difference (1.1³ − 1³) / 0.1 gives 3.31")
    guard report.passedSoFar else { return }
    let point = [1.5, -2.0, 0.4]
    report.expect("centralDifferenceGradient(of: x₀²·x₁ + sin x₂, at: \(printed(point)), step: 1e-5)",
      returned: f.centralDifferenceGradient({ $0[0] * $0[0] * $0[1] + sin($0[2]) }, point, 1e-5),
      expected: [2 * point[0] * point[1], point[0] * point[0], cos(point[2])], tolerance: 1e-7,
      why: "the exact gradient is [2x₀x₁, x₀², cos x₂]; move one coordinate at a time, the others at the point")
  },
]
