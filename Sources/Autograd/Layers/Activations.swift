// Activation functions as layers, for use inside a `Sequential`. Each one
// applies the tensor operation of the same name.

/// max(0, x), element-wise.
public final class ReLU: Layer {
  public init() {}
  public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// The logistic sigmoid 1 / (1 + e^-x), element-wise.
public final class Sigmoid: Layer {
  public init() {}
  public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// The hyperbolic tangent, element-wise.
public final class Tanh: Layer {
  public init() {}
  public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}

/// The exact Gaussian error linear unit x·Φ(x), element-wise.
public final class GELU: Layer {
  public init() {}
  public func callAsFunction(_ input: Tensor) -> Tensor { input.gelu() }
}

/// Merges every dimension after the batch into one: [batch, features].
public final class Flatten: Layer {
  public init() {}
  public func callAsFunction(_ input: Tensor) -> Tensor { input.flattenedBatch() }
}
