/// Layer normalization over the last dimension (Ba et al. 2016): each
/// position's features are standardized, then scaled by `gamma` and shifted
/// by `beta`. Initialized as PyTorch and Keras do: gamma ones, beta zeros.
public final class LayerNorm: Layer {
  /// [features].
  public let gamma: Parameter
  /// [features].
  public let beta: Parameter
  public let epsilon: Float

  public init(features: Int, epsilon: Float = 1e-5) {
    gamma = Parameter(.ones([features]))
    beta = Parameter(.zeros([features]))
    self.epsilon = epsilon
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.layerNorm(gamma: gamma.value, beta: beta.value, epsilon: epsilon)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] { [("gamma", gamma), ("beta", beta)] }
}

/// Inverted dropout: while training, zeroes each element with probability
/// `rate` and scales the rest by 1 / (1 − rate); in evaluation, the identity.
public final class Dropout: Layer {
  public let rate: Float
  private let random: RandomGenerator
  private var isTraining = true

  public init(rate: Float, random: RandomGenerator) {
    check((0..<1).contains(rate), "Dropout: rate \(rate) must be in [0, 1)")
    self.rate = rate
    self.random = random
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.dropout(rate: rate, training: isTraining, using: random)
  }

  public func setTraining(_ isTraining: Bool) { self.isTraining = isTraining }
}
