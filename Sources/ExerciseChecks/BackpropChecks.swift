import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 2's exercises, from one implementation.
private struct BackpropFunctions {
  let multiplyBackward: (Double, Double, Double) -> (a: Double, b: Double)
  let tanhBackward: (Double, Double) -> Double
  let topologicalOrder: (Int, [[Int]]) -> [Int]
  let hiddenLayerDeltas: ([[Double]], [[Double]], [[Double]]) -> [[Double]]
  let layerWeightGradient: ([[Double]], [[Double]]) -> [[Double]]
  let centralDifferenceGradient: (([Double]) -> Double, [Double], Double) -> [Double]

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

/// Compares two matrices entry by entry; reports the first few mismatches.
private func expectMatrix(
  _ actual: [[Double]], _ expected: [[Double]], tolerance: Double, _ what: String, _ report: inout ExpectationLog
) {
  let shape = { (m: [[Double]]) in "\(m.count)×\(m.first?.count ?? 0)" }
  guard actual.count == expected.count, zip(actual, expected).allSatisfy({ $0.count == $1.count }) else {
    report.expect(false, "\(what) has shape \(shape(actual)), expected \(shape(expected))")
    return
  }
  var mismatches = 0
  for (i, (row, wanted)) in zip(actual, expected).enumerated() {
    for (j, (value, target)) in zip(row, wanted).enumerated() where mismatches < 3 {
      if abs(value - target) > tolerance * max(1, abs(target)) { mismatches += 1 }
      report.expectClose(value, target, tolerance: tolerance, "\(what)[\(i)][\(j)]")
    }
  }
}

let backpropExercises: [Exercise] = [
  backpropExercise(1, "multiplyBackward") { f, report in
    let (a, b) = f.multiplyBackward(3, -2, 1.5)
    report.expectClose(a, -3, "multiplyBackward(a: 3, b: -2, outputGradient: 1.5).a")
    report.expectClose(b, 4.5, "multiplyBackward(a: 3, b: -2, outputGradient: 1.5).b")
    // Against finite differences of L = g·(a·b).
    for (x, y, g) in [(0.7, 1.9, -0.4), (-2.5, 0.3, 2.0)] {
      let result = f.multiplyBackward(x, y, g)
      report.expectClose(result.a, numericDerivative({ g * $0 * y }, at: x), tolerance: 1e-7, "multiplyBackward(a: \(x), b: \(y), outputGradient: \(g)).a")
      report.expectClose(result.b, numericDerivative({ g * x * $0 }, at: y), tolerance: 1e-7, "multiplyBackward(a: \(x), b: \(y), outputGradient: \(g)).b")
    }
  },
  backpropExercise(2, "tanhBackward") { f, report in
    report.expectClose(f.tanhBackward(0, 1), 1, "tanhBackward(input: 0, outputGradient: 1)")
    for (x, g) in [(-2.0, 1.0), (-0.3, 0.5), (0.8, -1.5), (3.0, 2.0)] {
      report.expectClose(
        f.tanhBackward(x, g), g * numericDerivative(tanh, at: x), tolerance: 1e-7,
        "tanhBackward(input: \(x), outputGradient: \(g))")
    }
    let far = f.tanhBackward(1000, 1)
    report.expect(far == 0 && !far.isNaN, "tanhBackward(input: 1000, outputGradient: 1) returned \(far), expected 0 (no NaN)")
  },
  backpropExercise(3, "topologicalOrder") { f, report in
    // 0, 1, 2 are inputs; 3 = 0·1; 4 = 3 + 2; 5 = 3·4 (3 is used twice); 6 = 2·2 is not used by 5.
    let inputs = [[], [], [], [0, 1], [3, 2], [3, 4], [2, 2]]
    let order = f.topologicalOrder(5, inputs)
    report.expect(Set(order) == [0, 1, 2, 3, 4, 5], "topologicalOrder(of: 5, …) returned \(order), expected the nodes 0 to 5 (node 6 is not an input of 5)")
    report.expect(order.count == Set(order).count, "topologicalOrder(of: 5, …) returned \(order): a node appears twice")
    report.expect(order.last == 5, "topologicalOrder(of: 5, …) returned \(order): the root must come last")
    for (position, node) in order.enumerated() where inputs.indices.contains(node) {
      for input in inputs[node] where !order[..<position].contains(input) {
        report.expect(false, "topologicalOrder(of: 5, …) returned \(order): node \(node) comes before its input \(input)")
      }
    }
    let single = f.topologicalOrder(1, inputs)
    report.expect(single == [1], "topologicalOrder(of: 1, …) returned \(single), expected [1]")
  },
  backpropExercise(4, "hiddenLayerDeltas") { f, report in
    // Against the tensor core: J = Σ (tanh(z₁) W₂) ⊙ δ₂ has ∂J/∂z₂ = δ₂, so backward() gives ∂J/∂z₁ = δ₁.
    let z1: [[Double]] = [[0.5, -1.2, 0.1], [2.0, 0.3, -0.7]]
    let w2: [[Double]] = [[0.4, -0.6], [1.1, 0.2], [-0.9, 0.5]]
    let delta2: [[Double]] = [[0.25, -0.1], [-0.3, 0.6]]
    let z1Tensor = Tensor(shape: [2, 3], scalars: z1.flatMap { $0.map(Float.init) }).requiringGradient()
    let z2 = z1Tensor.tanh().matmul(Tensor(shape: [3, 2], scalars: w2.flatMap { $0.map(Float.init) }))
    (z2 * Tensor(shape: [2, 2], scalars: delta2.flatMap { $0.map(Float.init) })).sum().backward()
    let expected = (0..<2).map { i in (0..<3).map { j in Double(z1Tensor.gradient![i, j]) } }
    let hidden = z1.map { $0.map(tanh) }
    expectMatrix(f.hiddenLayerDeltas(delta2, w2, hidden), expected, tolerance: 1e-5, "hiddenLayerDeltas(…)", &report)
  },
  backpropExercise(5, "layerWeightGradient") { f, report in
    // J = Σ (a W) ⊙ δ has ∂J/∂z = δ; its gradient in W, by finite differences, is aᵀ δ.
    let a: [[Double]] = [[1, 2], [0.5, -1], [-2, 0.25]]
    let delta: [[Double]] = [[0.1, -0.2, 0.3], [0.4, 0.0, -0.5], [-0.6, 0.7, 0.2]]
    let w = [[0.3, -0.1, 0.8], [0.5, 0.9, -0.4]]
    func objective(_ weights: [[Double]]) -> Double {
      zip(a, delta).reduce(0) { total, pair in
        let (input, d) = pair
        return total + (0..<3).reduce(0) { sum, k in sum + d[k] * (0..<2).reduce(0) { $0 + input[$1] * weights[$1][k] } }
      }
    }
    let expected = (0..<2).map { j in
      (0..<3).map { k in
        numericDerivative({ value in
          var probe = w
          probe[j][k] = value
          return objective(probe)
        }, at: w[j][k])
      }
    }
    expectMatrix(f.layerWeightGradient(a, delta), expected, tolerance: 1e-7, "layerWeightGradient(layerInputs: a, deltas: δ)", &report)
  },
  backpropExercise(6, "centralDifferenceGradient") { f, report in
    let function = { (x: [Double]) in x[0] * x[0] * x[1] + sin(x[2]) }
    let point = [1.5, -2.0, 0.4]
    let exact = [2 * point[0] * point[1], point[0] * point[0], cos(point[2])]
    let numeric = f.centralDifferenceGradient(function, point, 1e-5)
    report.expect(numeric.count == 3, "centralDifferenceGradient returned \(numeric.count) values for a point of 3 coordinates")
    for (index, (value, wanted)) in zip(numeric, exact).enumerated() {
      report.expectClose(value, wanted, tolerance: 1e-7, "centralDifferenceGradient(of: x₀²x₁ + sin x₂, at: \(point), step: 1e-5)[\(index)]")
    }
    // Central, not forward: for x³ at 1 with h = 0.1 the central difference is exactly 3.01.
    let cube = f.centralDifferenceGradient({ $0[0] * $0[0] * $0[0] }, [1], 0.1)
    report.expectClose(cube.first ?? .nan, 3.01, tolerance: 1e-9, "centralDifferenceGradient(of: x³, at: [1], step: 0.1)[0]")
  },
]
