/// Activations quantized to unsigned levels 0…127 with one scale for the
/// whole tensor and zero point 0: x ≈ scale · q.
///
/// Zero point 0 fits what the course's networks feed a layer: pixels in
/// [0, 1] and ReLU outputs, never negative. The clamp at level 0 is then the
/// ReLU itself. The scale comes from calibration: the largest value (or a
/// high percentile) seen on held-out images, over 127.
///
///     let input = QuantizedActivations(quantizing: images, scale: 1 / 127)
///     input.dequantized()   // the images, to within half a level (1/254)
public struct QuantizedActivations: Sendable {
  /// The tensor's shape, NHWC for images ([batch, height, width, channels]).
  public let shape: [Int]
  /// The levels, row-major, each in 0…``largestActivationLevel``.
  public var levels: [UInt8]
  /// What one level stands for.
  public let scale: Float

  /// Levels that are already computed (by a quantized layer, say).
  public init(shape: [Int], levels: [UInt8], scale: Float) {
    check(
      levels.count == shape.reduce(1, *),
      "QuantizedActivations: \(levels.count) levels do not fill shape \(shape)")
    check(scale > 0 && scale.isFinite, "QuantizedActivations: the scale must be positive and finite, got \(scale)")
    (self.shape, self.levels, self.scale) = (shape, levels, scale)
  }

  // region: quantize
  /// q = clamp(round(x / scale), 0, 127): rounded to the nearest level (ties
  /// to even), negative values to 0, values above 127 · scale to 127.
  public init(quantizing tensor: Tensor, scale: Float) {
    let inverse = 1 / scale
    let largest = Float(largestActivationLevel)
    let levels = tensor.scalars.map { value in
      UInt8(Swift.min(Swift.max((value * inverse).rounded(.toNearestOrEven), 0), largest))
    }
    self.init(shape: tensor.shape, levels: levels, scale: scale)
  }

  /// x̂ = scale · q: the values the levels stand for.
  public func dequantized() -> Tensor {
    Tensor(shape: shape, scalars: levels.map { Float($0) * scale })
  }
  // endregion

  /// The same levels seen as `shape` (as Flatten does), which must hold as many.
  public func reshaped(to shape: [Int]) -> QuantizedActivations {
    QuantizedActivations(shape: shape, levels: levels, scale: scale)
  }

  /// Max pooling of NHWC levels over `size`×`size` windows at stride `size`:
  /// the largest level of a window is the level of its largest value, since
  /// quantizing keeps the order, so pooling needs no float at all.
  public func maxPooled(size: Int = 2) -> QuantizedActivations {
    check(shape.count == 4 && size >= 1, "maxPooled: levels of shape \(shape) are not NHWC images")
    let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
    let (outHeight, outWidth) = (height / size, width / size)
    var pooled = [UInt8](repeating: 0, count: batch * outHeight * outWidth * channels)
    levels.withUnsafeBufferPointer { input in
      pooled.withUnsafeMutableBufferPointer { output in
        for image in 0..<batch {
          for row in 0..<outHeight {
            for column in 0..<outWidth {
              let target = ((image * outHeight + row) * outWidth + column) * channels
              for windowRow in 0..<size {
                for windowColumn in 0..<size {
                  let source = ((image * height + row * size + windowRow) * width + column * size + windowColumn) * channels
                  for channel in 0..<channels {
                    output[target + channel] = Swift.max(output[target + channel], input[source + channel])
                  }
                }
              }
            }
          }
        }
      }
    }
    return QuantizedActivations(shape: [batch, outHeight, outWidth, channels], levels: pooled, scale: scale)
  }
}
