/// A trainable tensor: a layer's weight or bias.
///
/// A class, so that a layer and the optimizer that updates it hold the same
/// parameter. Its ``value`` is a leaf of every graph it takes part in, and
/// ``Tensor/backward(seed:)`` accumulates into its ``gradient``.
public final class Parameter {
  /// The current value. Optimizers update it in place.
  public var value: Tensor

  /// Creates a parameter with an initial value.
  public init(_ initialValue: Tensor) {
    value = initialValue.detached().requiringGradient()
  }

  /// The gradient accumulated since the last ``clearGradient()``, if any.
  public var gradient: Tensor? { value.gradient }

  /// The shape of the value.
  public var shape: [Int] { value.shape }

  /// Forgets the accumulated gradient.
  public func clearGradient() { value.clearGradient() }
}

/// A building block of a network: a function of one tensor with parameters.
///
/// Layers are classes, like PyTorch's modules: a model is a tree of layers
/// that share their parameters with the optimizer.
public protocol Layer: AnyObject {
  /// Applies the layer to a batch.
  func callAsFunction(_ input: Tensor) -> Tensor

  /// The parameters of this layer and its sublayers, with names relative to
  /// it (`weight`, `layers.0.bias`), in a fixed order. Checkpoints use these names.
  var namedParameters: [(name: String, parameter: Parameter)] { get }

  /// Switches between training (dropout active) and evaluation behaviour.
  func setTraining(_ isTraining: Bool)
}

extension Layer {
  public var namedParameters: [(name: String, parameter: Parameter)] { [] }
  public func setTraining(_ isTraining: Bool) {}

  /// The parameters, in the order of ``namedParameters``.
  public var parameters: [Parameter] { namedParameters.map(\.parameter) }

  /// The total number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.scalarCount } }

  /// Forgets every parameter's accumulated gradient.
  public func clearGradients() {
    for parameter in parameters { parameter.clearGradient() }
  }
}
