/// Layers applied one after another, Keras's `Sequential`.
///
///     let random = RandomGenerator(seed: 1)
///     let model = Sequential([
///       Linear(inputSize: 784, outputSize: 64, random: random), ReLU(),
///       Linear(inputSize: 64, outputSize: 10, random: random),
///     ])
///
/// Its parameters are named after their layer's position: `layers.0.weight`,
/// `layers.2.bias`, as PyTorch names those of a `Sequential`.
public final class Sequential: Layer {
  public let layers: [any Layer]

  public init(_ layers: [any Layer]) {
    self.layers = layers
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    layers.reduce(input) { activation, layer in layer(activation) }
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    layers.enumerated().flatMap { index, layer in
      layer.namedParameters.map { ("layers.\(index).\($0.name)", $0.parameter) }
    }
  }

  public func setTraining(_ isTraining: Bool) {
    for layer in layers { layer.setTraining(isTraining) }
  }
}
