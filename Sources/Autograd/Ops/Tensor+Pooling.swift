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
    // Where each pixel of a window is, relative to its top-left pixel.
    let windowOffsets = (0..<size).flatMap { row in (0..<size).map { column in (row * width + column) * channels } }
    var result = Tensor(shape: outputShape) { output in
      withUnsafeScalars { input in
        winners.withUnsafeMutableBufferPointer { winners in
          windowOffsets.withUnsafeBufferPointer { offsets in
            guard !output.isEmpty else { return }
            var outputIndex = 0
            for image in 0..<batch {
              for outRow in 0..<outHeight {
                for outColumn in 0..<outWidth {
                  let corner = ((image * height + outRow * stride) * width + outColumn * stride) * channels
                  MaxPoolKernel.windowMaxima(
                    input.baseAddress!, corner: corner, windowOffsets: offsets, channels: channels,
                    maxima: output.baseAddress! + outputIndex, positions: winners.baseAddress! + outputIndex)
                  outputIndex += channels
                }
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

/// The inner loop of max pooling: one window, every channel.
enum MaxPoolKernel {
  /// Writes the maximum over the window of each channel, and its flat input
  /// index, for the window whose top-left pixel starts at `corner`.
  ///
  /// Channels are contiguous (NHWC), so eight of them are compared at once
  /// in SIMD vectors, with masks instead of branches: on random data a
  /// branch per comparison is mispredicted about half the time.
  @inline(__always)
  static func windowMaxima(
    _ input: UnsafePointer<Float>, corner: Int, windowOffsets: UnsafeBufferPointer<Int>, channels: Int,
    maxima: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>
  ) {
    let raw = UnsafeRawPointer(input)
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    var channel = 0
    while channel + 8 <= channels {
      let first = corner + channel
      var best = raw.loadUnaligned(fromByteOffset: first * 4, as: SIMD8<Float>.self)
      var bestIndices = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: first)) &+ lanes
      for offset in windowOffsets.dropFirst() {
        let index = first + offset
        let values = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
        // A NaN (`values .!= values`) wins, so that it propagates.
        let isLarger = values .> best .| values .!= values
        best.replace(with: values, where: isLarger)
        bestIndices.replace(with: SIMD8(repeating: Int32(truncatingIfNeeded: index)) &+ lanes, where: isLarger)
      }
      UnsafeMutableRawPointer(maxima + channel).storeBytes(of: best, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(positions + channel).storeBytes(of: bestIndices, as: SIMD8<Int32>.self)
      channel += 8
    }
    while channel < channels {
      var best = input[corner + channel]
      var bestIndex = corner + channel
      for offset in windowOffsets.dropFirst() {
        let index = corner + channel + offset
        if input[index] > best || input[index] != input[index] {
          best = input[index]
          bestIndex = index
        }
      }
      maxima[channel] = best
      positions[channel] = Int32(truncatingIfNeeded: bestIndex)
      channel += 1
    }
  }
}
