/// Something that updates parameters from their gradients, one step at a time.
///
/// An optimizer is created from a layer's named parameters and holds the same
/// ``Parameter`` objects as the layer, so updating them updates the model:
///
///     let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
///     for batch in batches {
///       optimizer.clearGradients()
///       let loss = crossEntropy(model(batch.images), batch.labels)
///       loss.backward()
///       optimizer.step()
///     }
///
/// Besides the parameters, an optimizer may keep per-parameter state (momentum,
/// moment estimates) and a step count. ``namedState`` and ``stepCount`` expose
/// them so that a checkpoint can save them, and ``restoreState(_:stepCount:)``
/// puts them back, so a resumed run continues exactly where it stopped.
public protocol Optimizer: AnyObject {
  /// The step size; a schedule may change it before each step.
  var learningRate: Float { get set }

  /// The parameters this optimizer updates, with the names they were given.
  var namedParameters: [(name: String, parameter: Parameter)] { get }

  /// The number of calls to ``step()`` so far (restored from checkpoints).
  var stepCount: Int { get }

  /// Updates every parameter from its gradient, in place, without recording a
  /// graph. A parameter without a gradient is left as it is.
  func step()

  /// Forgets the gradient of every parameter, ready for the next backward pass.
  func clearGradients()

  /// The per-parameter state, each tensor named after its parameter
  /// (`m.layers.0.weight`), in a fixed order. Empty for a stateless optimizer.
  var namedState: [(name: String, tensor: Tensor)] { get }

  /// Replaces the state and the step count with saved ones.
  ///
  /// Everything is validated before anything changes: the names must be
  /// exactly those of ``namedState`` and each shape must match.
  ///
  /// - Throws: ``OptimizerStateError``, leaving the optimizer untouched.
  func restoreState(_ state: [String: Tensor], stepCount: Int) throws(OptimizerStateError)
}

extension Optimizer {
  public func clearGradients() {
    for (_, parameter) in namedParameters { parameter.clearGradient() }
  }

  /// Checks that `state` has exactly the names and shapes of ``namedState``.
  ///
  /// - Throws: the first mismatch found, in the order of ``namedState``.
  public func validateState(_ state: [String: Tensor], stepCount: Int) throws(OptimizerStateError) {
    guard stepCount >= 0 else { throw .negativeStepCount(stepCount) }
    let expected = namedState
    for (name, tensor) in expected {
      guard let candidate = state[name] else { throw .missing(name: name, expectedShape: tensor.shape) }
      guard candidate.shape == tensor.shape else {
        throw .shapeMismatch(name: name, expected: tensor.shape, found: candidate.shape)
      }
    }
    let expectedNames = Set(expected.map(\.name))
    if let unexpected = state.keys.sorted().first(where: { !expectedNames.contains($0) }) {
      throw .unexpected(name: unexpected, shape: state[unexpected]!.shape)
    }
  }
}

/// Why saved optimizer state does not fit an optimizer.
public enum OptimizerStateError: Error, Equatable, CustomStringConvertible {
  /// The optimizer has a state tensor of this name; the saved state does not.
  case missing(name: String, expectedShape: [Int])
  /// The saved state has a tensor the optimizer does not know.
  case unexpected(name: String, shape: [Int])
  /// Both have the tensor, with different shapes.
  case shapeMismatch(name: String, expected: [Int], found: [Int])
  /// A step count below zero.
  case negativeStepCount(Int)

  public var description: String {
    switch self {
    case .missing(let name, let shape):
      "optimizer state: missing tensor '\(name)' of shape \(shape)"
    case .unexpected(let name, let shape):
      "optimizer state: unexpected tensor '\(name)' of shape \(shape) (saved from a different optimizer or model?)"
    case .shapeMismatch(let name, let expected, let found):
      "optimizer state: tensor '\(name)' has shape \(found), the optimizer expects \(expected)"
    case .negativeStepCount(let count):
      "optimizer state: step count \(count) is negative"
    }
  }
}

// MARK: - Shared by the optimizers

/// Checks the arguments every optimizer's initializer receives.
func validateOptimizerArguments(
  _ parameters: [(name: String, parameter: Parameter)], learningRate: Float, optimizer: String
) {
  check(
    learningRate >= 0 && learningRate.isFinite,
    "\(optimizer): learning rate \(learningRate) must be finite and ≥ 0")
  var seenNames: Set<String> = []
  var seenParameters: Set<ObjectIdentifier> = []
  for (name, parameter) in parameters {
    check(seenNames.insert(name).inserted, "\(optimizer): two parameters are named '\(name)'; names must be unique")
    check(
      seenParameters.insert(ObjectIdentifier(parameter)).inserted,
      "\(optimizer): parameter '\(name)' is listed twice; it would be updated twice per step")
  }
}

/// Checks, before a step updates `parameter` in place, that its gradient and
/// its state (moments, velocity; `nil` for none) still have its size. Only a
/// value of another shape put into the parameter after the optimizer was
/// created breaks this.
func checkStepSizes(
  _ optimizer: String, name: String, parameter: Parameter, gradient: Tensor, stateCount: Int?
) {
  check(
    gradient.shape == parameter.shape,
    "\(optimizer): parameter '\(name)' has shape \(parameter.shape) but its gradient \(gradient.shape)")
  guard let stateCount else { return }
  check(
    parameter.value.scalarCount == stateCount,
    "\(optimizer): parameter '\(name)' now has shape \(parameter.shape), \(parameter.value.scalarCount) elements, "
      + "but the optimizer was created for \(stateCount); create the optimizer after giving the parameters their shapes")
}

/// A zero-filled buffer for each parameter, the initial value of a moment estimate.
func zeroBuffers(matching parameters: [(name: String, parameter: Parameter)]) -> [[Float]] {
  parameters.map { [Float](repeating: 0, count: $0.parameter.value.scalarCount) }
}
