/// A fully connected layer: `y = x·W + b`, Keras's `Dense`.
///
/// The weight is stored as [inputSize, outputSize], so a batch of rows
/// [batch, inputSize] is multiplied on the left, as in the articles' z = Wx + b
/// written for row vectors. Inputs of higher rank ([batch, time, features])
/// are multiplied along their last dimension, and a single vector
/// [inputSize] gives a vector [outputSize], as in PyTorch.
///
///     let random = RandomGenerator(seed: 1)
///     let layer = Linear(inputSize: 784, outputSize: 64, random: random)
///     layer(images).shape  // [32, 64] for images of shape [32, 784]
public final class Linear: Layer {
  /// [inputSize, outputSize].
  public let weight: Parameter
  /// [outputSize], or `nil` for a layer without bias.
  public let bias: Parameter?

  /// Creates a layer with weights drawn by `weightInitializer` (Glorot
  /// uniform by default, as Keras) and biases by `biasInitializer` (zeros).
  public init(
    inputSize: Int, outputSize: Int, useBias: Bool = true,
    weightInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    random: RandomGenerator
  ) {
    weight = Parameter(
      weightInitializer.makeTensor(
        shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, using: random))
    bias = useBias
      ? Parameter(biasInitializer.makeTensor(shape: [outputSize], fanIn: inputSize, fanOut: outputSize, using: random))
      : nil
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    check(
      input.rank >= 1 && input.shape[input.rank - 1] == weight.shape[0],
      "Linear: input of shape \(input.shape) does not end in the layer's input size \(weight.shape[0])")
    guard let bias else { return input.matmul(weight.value) }
    return input.matmul(weight.value, addingBias: bias.value)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
  }
}
