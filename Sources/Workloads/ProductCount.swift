import Autograd

/// The multiply-adds of a training step's matrix products and convolutions,
/// forward and backward: the work the machine's matrix-product peak is a limit for.
///
/// A multiply-add is two floating-point operations. Only products are
/// counted: element-wise work (activations, pooling, softmax, LayerNorm, the
/// loss, Adam) is bounded by memory traffic, not by the multiply units, and
/// adds at most a few per cent to any workload's count. Convolutions count
/// the direct method's multiply-adds, whichever method runs (Winograd does
/// fewer), so a convolution's achieved rate can exceed what its products ran at.
///
/// The backward pass of a product y = x·W needs two products of the same size
/// as the forward one: the weight's gradient xᵀ·dy, and the input's gradient
/// dy·Wᵀ. The second is skipped where the input needs no gradient (the
/// images a network starts from), so training is not a blanket three forward
/// passes; each layer's conformance to ``ProductCounting`` says what it counts.
public struct ProductCount: Sendable, Equatable, CustomStringConvertible {
  /// Multiply-adds of the forward pass.
  public var forward: Int
  /// Multiply-adds of the backward pass (every gradient the step computes).
  public var backward: Int

  public init(forward: Int = 0, backward: Int = 0) {
    self.forward = forward
    self.backward = backward
  }

  /// Floating-point operations of the forward pass: two per multiply-add.
  public var forwardFLOPs: Int { 2 * forward }

  /// Floating-point operations of a training step: forward and backward, two per multiply-add.
  public var trainingFLOPs: Int { 2 * (forward + backward) }

  public static func + (left: ProductCount, right: ProductCount) -> ProductCount {
    ProductCount(forward: left.forward + right.forward, backward: left.backward + right.backward)
  }

  public static func += (left: inout ProductCount, right: ProductCount) { left = left + right }

  /// The count of `count` independent copies (a batch of that many examples, say).
  public static func * (count: Int, product: ProductCount) -> ProductCount {
    ProductCount(forward: count * product.forward, backward: count * product.backward)
  }

  public var description: String { "\(forward) forward + \(backward) backward multiply-adds" }
}

/// A layer whose products can be counted from its shapes, without running it.
public protocol ProductCounting {
  /// The multiply-adds of one forward and backward pass over an input of
  /// `inputShape` (batch first), and the output's shape.
  ///
  /// - Parameter inputNeedsGradient: Whether the backward pass must compute
  ///   the input's gradient: false for data, true for anything computed from
  ///   parameters.
  func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int])
}

/// The count of one product y = x·W with `rows` rows of x, `inner` columns of x
/// and `columns` of W, trained: forward, the weight's gradient, and the input's
/// gradient when it is needed.
func trainedProduct(rows: Int, inner: Int, columns: Int, inputNeedsGradient: Bool) -> ProductCount {
  let size = rows * inner * columns
  return ProductCount(forward: size, backward: inputNeedsGradient ? 2 * size : size)
}

/// Layers that compute no products and carry a gradient through unchanged in
/// kind: their output shape is read by running them once on zeros.
private func isWithoutProducts(_ layer: any Layer) -> Bool {
  layer is ReLU || layer is Sigmoid || layer is Tanh || layer is GELU || layer is Flatten || layer is MaxPool2D
    || layer is LayerNorm || layer is Dropout
}

extension Sequential: ProductCounting {
  /// The layers' counts in order; after the first layer with parameters,
  /// every activation needs a gradient.
  ///
  /// A layer that neither counts its products nor is known to have none
  /// stops the count (a precondition), rather than being counted as free.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    var (total, shape, needsGradient) = (ProductCount(), inputShape, inputNeedsGradient)
    for layer in layers {
      if let counting = layer as? ProductCounting {
        let (count, outputShape) = counting.productCount(inputShape: shape, inputNeedsGradient: needsGradient)
        (total, shape) = (total + count, outputShape)
      } else {
        precondition(isWithoutProducts(layer), "productCount: no count of the products of \(type(of: layer))")
        shape = withoutGradient { layer(Tensor.zeros(shape)) }.shape
      }
      needsGradient = needsGradient || !layer.namedParameters.isEmpty
    }
    return (total, shape)
  }
}
