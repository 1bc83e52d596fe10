/// A 2-D convolution layer over NHWC images, Keras's `Conv2D`:
/// [batch, height, width, inChannels] → [batch, outHeight, outWidth, filters].
///
///     let conv = Conv2D(inChannels: 1, filters: 32, kernelSize: 3, random: random)
///     conv(images).shape  // [32, 26, 26, 32] for images of shape [32, 28, 28, 1]
public final class Conv2D: Layer {
  /// [kernelSize, kernelSize, inChannels, filters], Keras's layout.
  public let filter: Parameter
  /// [filters].
  public let bias: Parameter
  public let stride: Int
  public let padding: Int

  /// Creates a layer with Glorot-uniform filters and zero biases, as Keras.
  public init(
    inChannels: Int, filters: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    weightInitializer: Initializer = .glorotUniform, random: RandomGenerator
  ) {
    let area = kernelSize * kernelSize
    filter = Parameter(
      weightInitializer.makeTensor(
        shape: [kernelSize, kernelSize, inChannels, filters], fanIn: area * inChannels, fanOut: area * filters,
        using: random))
    bias = Parameter(.zeros([filters]))
    self.stride = stride
    self.padding = padding
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.conv2d(filter.value, addingBias: bias.value, stride: stride, padding: padding)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] { [("filter", filter), ("bias", bias)] }
}

/// Max pooling over NHWC images, Keras's `MaxPooling2D`: the largest value of
/// each `size`×`size` window.
public final class MaxPool2D: Layer {
  public let size: Int
  public let stride: Int

  public init(size: Int = 2, stride: Int? = nil) {
    self.size = size
    self.stride = stride ?? size
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.maxPool2d(size: size, stride: stride)
  }
}
