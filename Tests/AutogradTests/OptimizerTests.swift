import Foundation
import Testing

@testable import Autograd

/// A parameter of shape `[scalars.count]`.
private func makeParameter(_ scalars: [Float]) -> Parameter {
  Parameter(Tensor(shape: [scalars.count], scalars: scalars))
}

/// Sets a parameter's gradient directly, as backward would have accumulated it.
private func setGradient(_ parameter: Parameter, _ scalars: [Float]) {
  parameter.value.node!.gradient = Tensor(shape: parameter.shape, scalars: scalars)
}

/// Expects `actual` to equal `expected` within `tolerance`, element by element.
private func expectClose(
  _ actual: [Float], _ expected: [Double], tolerance: Double = 1e-6,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  for (index, (value, reference)) in zip(actual, expected).enumerated() {
    #expect(
      abs(Double(value) - reference) <= tolerance,
      "element \(index): \(value) vs expected \(reference)", sourceLocation: sourceLocation)
  }
}

/// Adam as in PyTorch, in Double, written out step by step: the reference the
/// Float kernel is checked against. Returns the parameters after each step.
func referenceAdam(
  start: [Double], gradients: [[Double]], learningRate lr: Double, beta1: Double = 0.9, beta2: Double = 0.999,
  epsilon: Double = 1e-8, weightDecay: Double = 0, decoupled: Bool = false
) -> [[Double]] {
  var p = start
  var m = [Double](repeating: 0, count: start.count)
  var v = [Double](repeating: 0, count: start.count)
  var history: [[Double]] = []
  for (stepIndex, g) in gradients.enumerated() {
    let t = Double(stepIndex + 1)
    for k in p.indices {
      var gradient = g[k]
      if decoupled {
        p[k] = p[k] - lr * weightDecay * p[k]
      } else {
        gradient = gradient + weightDecay * p[k]
      }
      m[k] = beta1 * m[k] + (1 - beta1) * gradient
      v[k] = beta2 * v[k] + (1 - beta2) * gradient * gradient
      let mHat = m[k] / (1 - pow(beta1, t))
      let vHat = v[k] / (1 - pow(beta2, t))
      p[k] = p[k] - lr * mHat / (vHat.squareRoot() + epsilon)
    }
    history.append(p)
  }
  return history
}

@Suite("Optimizers")
struct OptimizerTests {
  // MARK: SGD

  @Test("SGD without momentum: p ← p − lr·g")
  func plainGradientDescent() {
    let parameter = makeParameter([1, -2, 3])
    let optimizer = SGD(parameters: [("p", parameter)], learningRate: 0.1)
    setGradient(parameter, [0.5, -1, 2])
    optimizer.step()
    expectClose(parameter.value.scalars, [0.95, -1.9, 2.8])
    #expect(optimizer.namedState.isEmpty)
    #expect(optimizer.stepCount == 1)
  }

  @Test("SGD with momentum over three steps, by hand")
  func momentumByHand() {
    let parameter = makeParameter([1])
    let optimizer = SGD(parameters: [("p", parameter)], learningRate: 0.1, momentum: 0.9)
    // v = 0.5,                 p = 1 − 0.1·0.5     = 0.95
    setGradient(parameter, [0.5])
    optimizer.step()
    expectClose(parameter.value.scalars, [0.95])
    // v = 0.9·0.5 − 0.25 = 0.2,  p = 0.95 − 0.1·0.2  = 0.93
    setGradient(parameter, [-0.25])
    optimizer.step()
    expectClose(parameter.value.scalars, [0.93])
    // v = 0.9·0.2 + 1 = 1.18,    p = 0.93 − 0.1·1.18 = 0.812
    setGradient(parameter, [1])
    optimizer.step()
    expectClose(parameter.value.scalars, [0.812])
    expectClose(optimizer.namedState[0].tensor.scalars, [1.18])
    #expect(optimizer.namedState[0].name == "momentum.p")
  }

  @Test("SGD with momentum and weight decay matches the PyTorch formulas in Double")
  func momentumWithWeightDecay() {
    let start: [Double] = [1, -2, 0.5, 4]
    let gradients: [[Double]] = [[0.5, -1, 2, 0], [0.1, 0.3, -0.7, 1], [-0.4, 0.2, 0.05, -2]]
    let (lr, mu, wd) = (0.05, 0.8, 0.1)
    let parameter = makeParameter(start.map(Float.init))
    let optimizer = SGD(
      parameters: [("p", parameter)], learningRate: Float(lr), momentum: Float(mu), weightDecay: Float(wd))
    var p = start
    var v = [Double](repeating: 0, count: start.count)
    for g in gradients {
      for k in p.indices {
        let d = g[k] + wd * p[k]
        v[k] = mu * v[k] + d
        p[k] = p[k] - lr * v[k]
      }
      setGradient(parameter, g.map(Float.init))
      optimizer.step()
      expectClose(parameter.value.scalars, p)
    }
  }

  // MARK: Adam

  @Test("Adam's first step moves each parameter by lr against the sign of its gradient")
  func adamFirstStep() {
    // m̂ = g and v̂ = g² after one step, so the update is lr · g / (|g| + ε) ≈ lr · sign(g).
    let parameter = makeParameter([1, -2, 0.5])
    let optimizer = Adam(parameters: [("p", parameter)], learningRate: 0.01)
    setGradient(parameter, [0.5, -3, 0.001])
    optimizer.step()
    expectClose(parameter.value.scalars, [0.99, -1.99, 0.49], tolerance: 1e-6)
    let state = optimizer.namedState
    #expect(state.map(\.name) == ["m.p", "v.p"])
    expectClose(state[0].tensor.scalars, [0.05, -0.3, 0.0001], tolerance: 1e-7)  // (1 − β₁)·g
    // (1 − β₂)·g², with β₂ as stored: Float(0.999) is 0.99900001, so 1 − β₂ is 0.00099998713.
    let oneMinusBeta2 = 1 - Double(Float(0.999))
    expectClose(
      state[1].tensor.scalars, [0.25 * oneMinusBeta2, 9 * oneMinusBeta2, 1e-6 * oneMinusBeta2], tolerance: 1e-11)
  }

  @Test("Adam on a large parameter gives the same numbers in two halves on two threads as on one")
  func adamLargeParameterInHalves() {
    let random = RandomGenerator(seed: 9)
    let start = Tensor.normal(shape: [300, 250], using: random)  // 75,000 elements: split in two
    let gradients = (0..<3).map { _ in Tensor.normal(shape: [300, 250], using: random) }
    func train(_ threading: ExecutionPolicy.Threading) -> (value: [Float], state: [[Float]]) {
      withThreading(threading) {
        let parameter = Parameter(start)
        let optimizer = AdamW(parameters: [("p", parameter)], learningRate: 0.01)
        for gradient in gradients {
          setGradient(parameter, gradient.scalars)
          optimizer.step()
        }
        return (parameter.value.scalars, optimizer.namedState.map(\.tensor.scalars))
      }
    }
    let (single, halves) = (train(.single), train(.halves))
    #expect(single.value != start.scalars)
    #expect(single.value == halves.value)
    #expect(single.state == halves.state)
  }

  @Test("Adam over three steps matches PyTorch's formulas in Double", arguments: [0.0, 0.1])
  func adamThreeSteps(weightDecay: Double) {
    let start: [Double] = [1, -2, 0.5, 3]
    let gradients: [[Double]] = [[0.5, -1, 2, 0.01], [0.1, 0.3, -0.7, 0.02], [-0.4, 0.2, 0.05, -0.03]]
    let parameter = makeParameter(start.map(Float.init))
    let optimizer = Adam(parameters: [("p", parameter)], learningRate: 0.01, weightDecay: Float(weightDecay))
    let expected = referenceAdam(start: start, gradients: gradients, learningRate: 0.01, weightDecay: weightDecay)
    for (g, after) in zip(gradients, expected) {
      setGradient(parameter, g.map(Float.init))
      optimizer.step()
      expectClose(parameter.value.scalars, after)
    }
    #expect(optimizer.stepCount == 3)
  }

  @Test("Adam adds ε to the bias-corrected √v̂, as PyTorch (not to √v, as Keras)")
  func adamEpsilonPlacement() {
    // A large ε makes the placement visible: at step 1, √v̂ = |g| = 0.5 while √v = 0.0158.
    let parameter = makeParameter([1])
    let optimizer = Adam(parameters: [("p", parameter)], learningRate: 0.1, epsilon: 0.1)
    setGradient(parameter, [0.5])
    optimizer.step()
    expectClose(parameter.value.scalars, [1 - 0.1 * 0.5 / (0.5 + 0.1)])  // 0.916667
    setGradient(parameter, [0.2])
    optimizer.step()
    let expected = referenceAdam(start: [1], gradients: [[0.5], [0.2]], learningRate: 0.1, epsilon: 0.1)
    expectClose(parameter.value.scalars, expected[1])
  }

  @Test("AdamW shrinks the parameters by lr·wd before the Adam update")
  func adamW() {
    // One step by hand: p = 2·(1 − 0.1·0.1) − 0.1·sign(0.5) = 1.98 − 0.1 = 1.88.
    let single = makeParameter([2])
    let first = AdamW(parameters: [("p", single)], learningRate: 0.1, weightDecay: 0.1)
    setGradient(single, [0.5])
    first.step()
    expectClose(single.value.scalars, [1.88])

    let start: [Double] = [1, -2, 0.5]
    let gradients: [[Double]] = [[0.5, -1, 2], [0.1, 0.3, -0.7], [-0.4, 0.2, 0.05]]
    let parameter = makeParameter(start.map(Float.init))
    let optimizer = AdamW(parameters: [("p", parameter)], learningRate: 0.01, weightDecay: 0.5)
    let expected = referenceAdam(
      start: start, gradients: gradients, learningRate: 0.01, weightDecay: 0.5, decoupled: true)
    for (g, after) in zip(gradients, expected) {
      setGradient(parameter, g.map(Float.init))
      optimizer.step()
      expectClose(parameter.value.scalars, after)
    }
    #expect(optimizer.weightDecay == 0.5 && optimizer.decouplesWeightDecay)
    #expect(AdamW(parameters: [], learningRate: 1e-3).weightDecay == 0.01)
  }

  @Test("Adam's L2 penalty is divided by √v̂ and fades where gradients are large; AdamW's decay does not")
  func adamL2IsNotAdamW() {
    // Two weights of value 1, one with gradients of size 0.01, one of size 100, 100 steps.
    // The decay's effect on each is its value minus the value reached without decay.
    func decayEffects(_ make: (Float, [(name: String, parameter: Parameter)]) -> Optimizer) -> [Float] {
      func finalValues(weightDecay: Float) -> [Float] {
        let (small, large) = (makeParameter([1]), makeParameter([1]))
        let optimizer = make(weightDecay, [("small", small), ("large", large)])
        for step in 0..<100 {
          let sign: Float = step % 2 == 0 ? 1 : -1  // gradients that average out, as noise does
          setGradient(small, [0.01 * sign])
          setGradient(large, [100 * sign])
          optimizer.step()
        }
        return [small.value.scalars[0], large.value.scalars[0]]
      }
      return zip(finalValues(weightDecay: 0.1), finalValues(weightDecay: 0)).map { $0 - $1 }
    }
    let l2 = decayEffects { Adam(parameters: $1, learningRate: 1e-3, weightDecay: $0) }
    let decoupled = decayEffects { AdamW(parameters: $1, learningRate: 1e-3, weightDecay: $0) }
    // AdamW: both shrink by about lr·wd·p per step, 100 · 1e-3 · 0.1 = 0.01, whatever their gradients.
    #expect(abs(decoupled[0] + 0.01) < 1e-3 && abs(decoupled[1] + 0.01) < 1e-3)
    // Adam + L2: the penalty 0.1·p is large beside gradients of 0.01 and pulls that weight down hard;
    // beside gradients of 100 it is lost in √v̂, and the weight barely shrinks.
    #expect(l2[0] < -0.05)
    #expect(abs(l2[1]) < 1e-3)
  }

  @Test("A parameter without a gradient is skipped; gradients from backward are used")
  func skipsParametersWithoutGradient() {
    let used = makeParameter([1, 2])
    let unused = makeParameter([5])
    let optimizer = Adam(parameters: [("used", used), ("unused", unused)], learningRate: 0.1)
    let loss = (used.value * Tensor(shape: [2], scalars: [3, -1])).sum()
    loss.backward()
    optimizer.step()
    expectClose(used.value.scalars, [0.9, 2.1])
    #expect(unused.value.scalars == [5])
    #expect(optimizer.namedState.first { $0.name == "m.unused" }!.tensor.scalars == [0])

    optimizer.clearGradients()
    #expect(used.gradient == nil)
    optimizer.step()
    expectClose(used.value.scalars, [0.9, 2.1])
  }

  @Test("restoreState validates names, shapes and the step count before changing anything")
  func restoreStateValidates() throws {
    let parameter = makeParameter([1, 2])
    let optimizer = Adam(parameters: [("w", parameter)], learningRate: 0.1)
    setGradient(parameter, [1, -1])
    optimizer.step()
    let before = optimizer.namedState.map(\.tensor.scalars)
    let good = Tensor(shape: [2], scalars: [7, 8])

    #expect(throws: OptimizerStateError.missing(name: "v.w", expectedShape: [2])) {
      try optimizer.restoreState(["m.w": good], stepCount: 4)
    }
    #expect(throws: OptimizerStateError.shapeMismatch(name: "v.w", expected: [2], found: [1, 2])) {
      try optimizer.restoreState(["m.w": good, "v.w": good.reshaped(to: [1, 2])], stepCount: 4)
    }
    #expect(throws: OptimizerStateError.unexpected(name: "x.w", shape: [2])) {
      try optimizer.restoreState(["m.w": good, "v.w": good, "x.w": good], stepCount: 4)
    }
    #expect(throws: OptimizerStateError.negativeStepCount(-1)) {
      try optimizer.restoreState(["m.w": good, "v.w": good], stepCount: -1)
    }
    #expect(optimizer.namedState.map(\.tensor.scalars) == before)
    #expect(optimizer.stepCount == 1)

    try optimizer.restoreState(["m.w": good, "v.w": good], stepCount: 4)
    #expect(optimizer.namedState.map(\.tensor.scalars) == [[7, 8], [7, 8]])
    #expect(optimizer.stepCount == 4)
  }

  @Test(
    "A value of another shape put into a parameter after the optimizer was created is named at the next step",
    arguments: ["SGD", "AdamW"])
  func valueOfAnotherShapeIsRefused(optimizerName: String) async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { [optimizerName] in
      let parameter = makeParameter([1, 2])
      let optimizer: any Optimizer = optimizerName == "SGD"
        ? SGD(parameters: [("w", parameter)], learningRate: 0.1, momentum: 0.9)
        : AdamW(parameters: [("w", parameter)], learningRate: 0.1)
      parameter.value = Tensor(shape: [3], scalars: [1, 2, 3]).requiringGradient()
      parameter.value.sum().backward()
      optimizer.step()
    }
    #expect(standardError(of: result).contains(
      "\(optimizerName): parameter 'w' now has shape [3], 3 elements, but the optimizer was created for 2"))
  }

  // MARK: Gradient clipping

  @Test("clipGradientNorm scales all gradients by maxNorm / norm when the global norm is larger")
  func clipping() {
    let first = makeParameter([0, 0])
    let second = makeParameter([0])
    let withoutGradient = makeParameter([0])
    setGradient(first, [3, 4])
    setGradient(second, [12])  // √(9 + 16 + 144) = 13
    let norm = clipGradientNorm([first, second, withoutGradient], maxNorm: 6.5)
    #expect(norm == 13)
    expectClose(first.gradient!.scalars, [1.5, 2])
    expectClose(second.gradient!.scalars, [6])
    #expect(withoutGradient.gradient == nil)

    // Below the limit nothing changes, not even by rounding.
    let clipped = first.gradient!.scalars
    #expect(abs(clipGradientNorm([first, second], maxNorm: 100) - 6.5) < 1e-5)
    #expect(first.gradient!.scalars == clipped)
  }

  @Test("clipGradientNorm returns a non-finite norm and leaves the gradients alone")
  func clippingNonFinite() {
    let parameter = makeParameter([0, 0])
    setGradient(parameter, [.nan, 1])
    #expect(clipGradientNorm([parameter], maxNorm: 1).isNaN)
    #expect(parameter.gradient!.scalars[1] == 1)
  }

  // MARK: Learning rate schedule

  @Test("WarmupCosineSchedule: 0 → peak linearly, then half a cosine down to the minimum")
  func warmupCosine() {
    let schedule = WarmupCosineSchedule(peak: 1, minimum: 0.1, warmupSteps: 10, totalSteps: 110)
    func rate(_ step: Int) -> Double { Double(schedule.learningRate(atStep: step)) }
    #expect(rate(0) == 0)
    #expect(abs(rate(5) - 0.5) < 1e-7)
    #expect(abs(rate(10) - 1) < 1e-7)
    #expect(abs(rate(35) - (0.1 + 0.9 * 0.5 * (1 + cos(Double.pi / 4)))) < 1e-6)  // a quarter into the decay
    #expect(abs(rate(60) - 0.55) < 1e-6)  // halfway: the mean of peak and minimum
    #expect(abs(rate(109) - (0.1 + 0.9 * 0.5 * (1 + cos(Double.pi * 99 / 100)))) < 1e-6)
    #expect(abs(rate(110) - 0.1) < 1e-7)
    #expect(abs(rate(1_000) - 0.1) < 1e-7)
    #expect(rate(35) > rate(60) && rate(60) > rate(85))

    let noWarmup = WarmupCosineSchedule(peak: 2, warmupSteps: 0, totalSteps: 4)
    #expect(noWarmup.learningRate(atStep: 0) == 2)
    #expect(abs(noWarmup.learningRate(atStep: 2) - 1) < 1e-6)
    #expect(noWarmup.learningRate(atStep: 4) == 0)
  }
}
