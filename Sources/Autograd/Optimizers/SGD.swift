/// Stochastic gradient descent, with optional momentum and weight decay, as
/// PyTorch's `torch.optim.SGD` (without dampening or Nesterov).
///
/// For each parameter p with gradient g, one step does
///
///     g ← g + weightDecay · p          (L2 regularization, if weightDecay > 0)
///     v ← momentum · v + g             (v starts at 0, so the first v is g)
///     p ← p − learningRate · v
///
/// With `momentum == 0` this is plain gradient descent, p ← p − lr · g, and no
/// velocity is stored.
///
///     let optimizer = SGD(parameters: model.namedParameters, learningRate: 0.1, momentum: 0.9)
///
/// Keras' SGD writes momentum as v ← μ·v − lr·g, p ← p + v, which is the same
/// update as long as the learning rate stays constant.
public final class SGD: Optimizer {
  public var learningRate: Float
  /// The fraction of the previous velocity kept at each step, in [0, 1).
  public let momentum: Float
  /// The L2 penalty coefficient added to the gradient.
  public let weightDecay: Float
  public let namedParameters: [(name: String, parameter: Parameter)]
  public private(set) var stepCount = 0

  /// The velocity of each parameter, aligned with `namedParameters`; empty
  /// without momentum.
  private var velocities: [[Float]]

  /// Creates the optimizer for the given parameters.
  ///
  /// - Parameters:
  ///   - parameters: the parameters to update, usually `model.namedParameters`.
  ///   - learningRate: the step size.
  ///   - momentum: the velocity decay μ, 0 for none.
  ///   - weightDecay: the L2 coefficient added to each gradient, 0 for none.
  public init(
    parameters: [(name: String, parameter: Parameter)], learningRate: Float,
    momentum: Float = 0, weightDecay: Float = 0
  ) {
    validateOptimizerArguments(parameters, learningRate: learningRate, optimizer: "SGD")
    check((0..<1).contains(momentum), "SGD: momentum \(momentum) must be in [0, 1)")
    check(weightDecay >= 0, "SGD: weight decay \(weightDecay) must be ≥ 0")
    self.namedParameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.velocities = momentum == 0 ? [] : zeroBuffers(matching: parameters)
  }

  /// - Complexity: O(number of parameter scalars), one pass over each parameter.
  public func step() {
    stepCount += 1
    for index in namedParameters.indices {
      let parameter = namedParameters[index].parameter
      guard let gradient = parameter.gradient else { continue }
      checkStepSizes(
        "SGD", name: namedParameters[index].name, parameter: parameter, gradient: gradient,
        stateCount: momentum == 0 ? nil : velocities[index].count)
      gradient.withUnsafeScalars { gradient in
        if momentum == 0 {
          parameter.value.withUnsafeMutableScalars { value in
            SGD.descend(value, gradient: gradient, learningRate: learningRate, weightDecay: weightDecay)
          }
        } else {
          velocities[index].withUnsafeMutableBufferPointer { velocity in
            parameter.value.withUnsafeMutableScalars { value in
              SGD.descendWithMomentum(
                value, velocity: velocity, gradient: gradient,
                learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
            }
          }
        }
      }
    }
  }

  /// p ← p − lr · (g + wd · p)
  private static func descend(
    _ value: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
    learningRate: Float, weightDecay: Float
  ) {
    precondition(value.count == gradient.count)
    let count = value.count
    guard count > 0 else { return }
    let value = value.baseAddress!, gradient = gradient.baseAddress!
    for index in 0..<count {
      value[index] -= learningRate * (gradient[index] + weightDecay * value[index])
    }
  }

  /// v ← μ · v + (g + wd · p);  p ← p − lr · v
  private static func descendWithMomentum(
    _ value: UnsafeMutableBufferPointer<Float>, velocity: UnsafeMutableBufferPointer<Float>,
    gradient: UnsafeBufferPointer<Float>, learningRate: Float, momentum: Float, weightDecay: Float
  ) {
    precondition(value.count == velocity.count && value.count == gradient.count)
    let count = value.count
    guard count > 0 else { return }
    let value = value.baseAddress!, velocity = velocity.baseAddress!, gradient = gradient.baseAddress!
    for index in 0..<count {
      var newVelocity = momentum * velocity[index] + (gradient[index] + weightDecay * value[index])
      // As in Adam: a velocity decaying towards zero must not turn subnormal.
      if abs(newVelocity) < .leastNormalMagnitude { newVelocity = 0 }
      velocity[index] = newVelocity
      value[index] -= learningRate * newVelocity
    }
  }

  /// The velocities, named `momentum.<parameter name>`.
  public var namedState: [(name: String, tensor: Tensor)] {
    zip(namedParameters, velocities).map { named, velocity in
      (name: "momentum." + named.name, tensor: Tensor(shape: named.parameter.shape, scalars: velocity))
    }
  }

  public func restoreState(_ state: [String: Tensor], stepCount: Int) throws(OptimizerStateError) {
    try validateState(state, stepCount: stepCount)
    for index in velocities.indices {
      velocities[index] = state["momentum." + namedParameters[index].name]!.scalars
    }
    self.stepCount = stepCount
  }
}
