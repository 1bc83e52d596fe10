import Foundation

/// Adam (Kingma & Ba, 2015), as PyTorch's `torch.optim.Adam`: it keeps running
/// means of each gradient and of its square, and steps by their ratio.
///
/// At step t (counting from 1), for each parameter p with gradient g:
///
///     g ← g + weightDecay · p                  (L2 penalty; 0 by default)
///     m ← β₁ · m + (1 − β₁) · g                (first moment, starts at 0)
///     v ← β₂ · v + (1 − β₂) · g²               (second moment, starts at 0)
///     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)    (bias corrections)
///     p ← p − lr · m̂ / (√v̂ + ε)
///
///     let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
///
/// The defaults are PyTorch's: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, with ε added to
/// the bias-corrected √v̂. Keras differs there: its ε defaults to 1e-7 and is
/// added to the uncorrected √v (the paper's "ε-hat"), which amounts to
/// ε·√(1 − β₂ᵗ) in the formula above. The two only disagree when √v̂ is
/// comparable to ε, i.e. for parameters with (nearly) zero gradients.
///
/// The step count t is shared by all parameters: a parameter that had no
/// gradient at some step still sees that step in its bias corrections (PyTorch
/// counts steps per parameter; the two agree when every parameter gets a
/// gradient at every step, as in ordinary training).
///
/// For decoupled weight decay use ``AdamW``.
public class Adam: Optimizer {
  public final var learningRate: Float
  /// The decay rate of the first moment estimate.
  public final let beta1: Float
  /// The decay rate of the second moment estimate.
  public final let beta2: Float
  /// Added to √v̂ so the step stays finite where the gradient is (nearly) zero.
  public final let epsilon: Float
  /// The weight decay coefficient: an L2 penalty added to the gradient for
  /// `Adam`, a direct shrinking of the parameters for ``AdamW``.
  public final let weightDecay: Float
  /// Whether weight decay shrinks the parameters directly (AdamW) instead of
  /// being added to the gradient (Adam's L2 penalty).
  public final let decouplesWeightDecay: Bool
  public final let namedParameters: [(name: String, parameter: Parameter)]
  public final private(set) var stepCount = 0

  /// The moment estimates m and v of each parameter, aligned with `namedParameters`.
  private final var firstMoments: [[Float]]
  private final var secondMoments: [[Float]]

  /// Creates Adam for the given parameters.
  ///
  /// - Parameters:
  ///   - parameters: the parameters to update, usually `model.namedParameters`.
  ///   - learningRate: the step size lr (W1–W2 use 1e-3).
  ///   - beta1: the first moment decay β₁, in [0, 1).
  ///   - beta2: the second moment decay β₂, in [0, 1).
  ///   - epsilon: ε, added to √v̂.
  ///   - weightDecay: an L2 penalty coefficient added to the gradient (0: none).
  public convenience init(
    parameters: [(name: String, parameter: Parameter)], learningRate: Float = 1e-3,
    beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
  ) {
    self.init(
      parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay, decouplesWeightDecay: false, name: "Adam")
  }

  init(
    parameters: [(name: String, parameter: Parameter)], learningRate: Float,
    beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float, decouplesWeightDecay: Bool, name: String
  ) {
    validateOptimizerArguments(parameters, learningRate: learningRate, optimizer: name)
    check((0..<1).contains(beta1), "\(name): beta1 \(beta1) must be in [0, 1)")
    check((0..<1).contains(beta2), "\(name): beta2 \(beta2) must be in [0, 1)")
    check(epsilon >= 0, "\(name): epsilon \(epsilon) must be ≥ 0")
    check(weightDecay >= 0, "\(name): weight decay \(weightDecay) must be ≥ 0")
    self.namedParameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.decouplesWeightDecay = decouplesWeightDecay
    self.firstMoments = zeroBuffers(matching: parameters)
    self.secondMoments = zeroBuffers(matching: parameters)
  }

  /// - Complexity: O(number of parameter scalars): one fused pass over each
  ///   parameter, its gradient and its two moments.
  public final func step() {
    stepCount += 1
    let coefficients = StepCoefficients(of: self)
    for index in namedParameters.indices {
      let parameter = namedParameters[index].parameter
      guard let gradient = parameter.gradient else { continue }
      checkStepSizes(
        decouplesWeightDecay ? "AdamW" : "Adam", name: namedParameters[index].name, parameter: parameter, gradient: gradient,
        stateCount: firstMoments[index].count)
      gradient.withUnsafeScalars { gradient in
        firstMoments[index].withUnsafeMutableBufferPointer { firstMoment in
          secondMoments[index].withUnsafeMutableBufferPointer { secondMoment in
            parameter.value.withUnsafeMutableScalars { value in
              let moments = MomentBuffers(
                value: value, firstMoment: firstMoment, secondMoment: secondMoment, gradient: gradient)
              moments.update(coefficients: coefficients)
            }
          }
        }
      }
    }
  }

  /// Everything in the update that does not depend on the element, computed
  /// once per step so the inner loop is multiplications, one square root and
  /// one division.
  private struct StepCoefficients: Sendable {
    var beta1, beta2, oneMinusBeta1, oneMinusBeta2: Float
    /// lr / (1 − β₁ᵗ): the learning rate with m's bias correction folded in.
    var stepSize: Float
    /// 1 / √(1 − β₂ᵗ), so that √v̂ = √v · this.
    var inverseRootSecondCorrection: Float
    var epsilon: Float
    /// The L2 coefficient added to the gradient (0 for AdamW).
    var gradientDecay: Float
    /// 1 − lr · weightDecay for AdamW (1 for Adam): p is scaled by it first.
    var parameterScale: Float

    init(of adam: Adam) {
      let step = Double(adam.stepCount)
      // Powers and corrections in Double: 0.999ᵗ loses digits in Float for large t.
      let firstCorrection = 1 - pow(Double(adam.beta1), step)
      let secondCorrection = 1 - pow(Double(adam.beta2), step)
      beta1 = adam.beta1
      beta2 = adam.beta2
      oneMinusBeta1 = 1 - adam.beta1
      oneMinusBeta2 = 1 - adam.beta2
      stepSize = Float(Double(adam.learningRate) / firstCorrection)
      inverseRootSecondCorrection = Float(1 / secondCorrection.squareRoot())
      epsilon = adam.epsilon
      gradientDecay = adam.decouplesWeightDecay ? 0 : adam.weightDecay
      parameterScale = adam.decouplesWeightDecay ? 1 - adam.learningRate * adam.weightDecay : 1
    }
  }

  /// One parameter's buffers, for an update that may run in two halves on two threads.
  private struct MomentBuffers: @unchecked Sendable {
    let value: UnsafeMutablePointer<Float>
    let firstMoment: UnsafeMutablePointer<Float>
    let secondMoment: UnsafeMutablePointer<Float>
    let gradient: UnsafePointer<Float>
    let count: Int

    init(
      value: UnsafeMutableBufferPointer<Float>, firstMoment: UnsafeMutableBufferPointer<Float>,
      secondMoment: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>
    ) {
      precondition(
        value.count == gradient.count && value.count == firstMoment.count && value.count == secondMoment.count)
      (self.value, self.firstMoment, self.secondMoment) = (value.baseAddress!, firstMoment.baseAddress!, secondMoment.baseAddress!)
      (self.gradient, count) = (gradient.baseAddress!, value.count)
    }

    /// Large parameters are updated in two halves, one on ``HelperThread``,
    /// under `.halves` threading: from `ExecutionPolicy.Thresholds.adamHalvesCount`
    /// elements, where the measurement behind it is.
    func update(coefficients: StepCoefficients) {
      guard count >= ExecutionPolicy.Thresholds.adamHalvesCount && ExecutionPolicy.threading == .halves else {
        Adam.update(self, coefficients: coefficients, range: 0..<count)
        return
      }
      let middle = count / 2
      HelperThread.shared.run(
        { Adam.update(self, coefficients: coefficients, range: 0..<middle) },
        alongside: { Adam.update(self, coefficients: coefficients, range: middle..<count) })
    }
  }

  /// The fused update of one parameter's `range`: a plain loop over raw
  /// pointers that the compiler vectorizes (no bounds checks, no calls, no temporaries).
  private static func update(_ buffers: MomentBuffers, coefficients: StepCoefficients, range: Range<Int>) {
    let value = buffers.value, gradient = buffers.gradient
    let firstMoment = buffers.firstMoment, secondMoment = buffers.secondMoment
    let beta1 = coefficients.beta1, beta2 = coefficients.beta2
    let oneMinusBeta1 = coefficients.oneMinusBeta1, oneMinusBeta2 = coefficients.oneMinusBeta2
    let stepSize = coefficients.stepSize, inverseRoot = coefficients.inverseRootSecondCorrection
    let epsilon = coefficients.epsilon
    let gradientDecay = coefficients.gradientDecay, parameterScale = coefficients.parameterScale
    for index in range {
      // region: adam-update
      let parameter = value[index]
      let decayedGradient = gradient[index] + gradientDecay * parameter
      var mean = beta1 * firstMoment[index] + oneMinusBeta1 * decayedGradient
      var meanSquare = beta2 * secondMoment[index] + oneMinusBeta2 * decayedGradient * decayedGradient
      // region: flush-subnormals
      // A parameter whose gradient stays zero (a dead ReLU unit's weights)
      // has moments that shrink by β each step into subnormal numbers, on
      // which arithmetic is many times slower (W1's Adam step: 22 → 50 µs
      // after a few thousand steps). Flushing them to zero changes a moment by
      // less than 1.2e-38 and an update by at most learning rate / ε times
      // that (about 1e-33), far below the rounding of any weight.
      if abs(mean) < .leastNormalMagnitude { mean = 0 }
      if meanSquare < .leastNormalMagnitude { meanSquare = 0 }
      // endregion
      firstMoment[index] = mean
      secondMoment[index] = meanSquare
      value[index] = parameter * parameterScale - stepSize * mean / (meanSquare.squareRoot() * inverseRoot + epsilon)
      // endregion
    }
  }

  /// The moments, named `m.<parameter name>` and `v.<parameter name>`.
  public final var namedState: [(name: String, tensor: Tensor)] {
    namedParameters.indices.flatMap { index in
      let (name, parameter) = namedParameters[index]
      return [
        (name: "m." + name, tensor: Tensor(shape: parameter.shape, scalars: firstMoments[index])),
        (name: "v." + name, tensor: Tensor(shape: parameter.shape, scalars: secondMoments[index])),
      ]
    }
  }

  public final func restoreState(_ state: [String: Tensor], stepCount: Int) throws(OptimizerStateError) {
    try validateState(state, stepCount: stepCount)
    for (index, (name, _)) in namedParameters.enumerated() {
      firstMoments[index] = state["m." + name]!.scalars
      secondMoments[index] = state["v." + name]!.scalars
    }
    self.stepCount = stepCount
  }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as PyTorch's
/// `torch.optim.AdamW`: before the Adam update, every parameter shrinks by
///
///     p ← p − lr · weightDecay · p
///
/// instead of the decay being added to the gradient, where Adam's division by
/// √v̂ would weaken it for parameters with large gradients.
///
///     let optimizer = AdamW(parameters: model.namedParameters, learningRate: 1e-3)
///
/// Defaults are PyTorch's (weight decay 0.01; Keras' AdamW uses 0.004). The
/// decay applies to every parameter given; pass only the weights to exempt biases.
public final class AdamW: Adam {
  /// Creates AdamW for the given parameters; see ``Adam`` for the arguments.
  public init(
    parameters: [(name: String, parameter: Parameter)], learningRate: Float = 1e-3,
    beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01
  ) {
    super.init(
      parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay, decouplesWeightDecay: true, name: "AdamW")
  }
}
