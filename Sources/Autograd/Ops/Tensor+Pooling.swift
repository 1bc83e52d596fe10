// Max pooling over NHWC images.
//
// The forward pass remembers, for every output, where in the input its
// maximum came from; the backward pass sends each output's gradient there
// and nowhere else, since the other inputs of the window did not affect the
// result.

extension Tensor {
  /// The maximum of each `size`×`size` window of every channel of a batch of
  /// NHWC images, windows starting every `stride` pixels ("valid": no padding).
  ///
  ///     Tensor.zeros([32, 26, 26, 32]).maxPool2d().shape  // [32, 13, 13, 32]
  ///
  /// - Parameters:
  ///   - size: The window's height and width.
  ///   - stride: The step between windows; `nil` means `size` (no overlap).
  /// - Returns: [batch, outHeight, outWidth, channels], where
  ///   outHeight = (height − size) / stride + 1, and the same for the width.
  ///   The gradient of each output flows to the first position holding its
  ///   maximum; overlapping windows add their gradients.
  /// - Complexity: O(batch·outHeight·outWidth·channels·size²).
  public func maxPool2d(size: Int = 2, stride: Int? = nil) -> Tensor {
    let stride = stride ?? size
    check(rank == 4, "maxPool2d: needs an NHWC input [batch, height, width, channels], got shape \(shape)")
    check(size >= 1 && stride >= 1, "maxPool2d: window size \(size) and stride \(stride) must be ≥ 1 (input \(shape))")
    let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
    check(
      size <= height && size <= width,
      "maxPool2d: the \(size)×\(size) window is larger than the \(height)×\(width) images of input \(shape)")
    let outHeight = (height - size) / stride + 1
    let outWidth = (width - size) / stride + 1
    let outputShape = [batch, outHeight, outWidth, channels]

    // The flat input index of each output's maximum. Int32 halves the memory
    // of Int; the check keeps the indices representable.
    check(scalarCount <= Int(Int32.max), "maxPool2d: input \(shape) has too many elements")
    var winners = [Int32](repeating: 0, count: outputShape.elementCount)
    var result = Tensor(shape: outputShape) { output in
      withUnsafeScalars { input in
        winners.withUnsafeMutableBufferPointer { winners in
          var outputIndex = 0
          for image in 0..<batch {
            for outRow in 0..<outHeight {
              for outColumn in 0..<outWidth {
                // The window's top-left pixel starts the maxima of every channel.
                let corner = ((image * height + outRow * stride) * width + outColumn * stride) * channels
                for channel in 0..<channels {
                  output[outputIndex + channel] = input[corner + channel]
                  winners[outputIndex + channel] = Int32(corner + channel)
                }
                for windowRow in 0..<size {
                  for windowColumn in 0..<size where windowRow > 0 || windowColumn > 0 {
                    let pixel = corner + (windowRow * width + windowColumn) * channels
                    for channel in 0..<channels {
                      let value = input[pixel + channel]
                      // `value != value` is a NaN, which wins so that it propagates.
                      if value > output[outputIndex + channel] || value != value {
                        output[outputIndex + channel] = value
                        winners[outputIndex + channel] = Int32(pixel + channel)
                      }
                    }
                  }
                }
                outputIndex += channels
              }
            }
          }
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      let winners = winners
      result.record("maxPool2d", inputs: [self]) { gradient in
        var inputGradient = Tensor.zeros(inputShape)
        inputGradient.withUnsafeMutableScalars { inputGradient in
          gradient.withUnsafeScalars { gradient in
            winners.withUnsafeBufferPointer { winners in
              for index in 0..<gradient.count { inputGradient[Int(winners[index])] += gradient[index] }
            }
          }
        }
        return [inputGradient]
      }
    }
    return result
  }
}
