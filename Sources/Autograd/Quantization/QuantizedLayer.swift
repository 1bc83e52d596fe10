/// A convolution or dense layer in int8: weights quantized per output
/// channel, a float bias, and how its sums become the next layer's levels.
///
/// The arithmetic of one output, with s_x the input's scale, s_w[j] the
/// column's and s_y the output's:
///
///     acc  = Σ_k q_x[k] · q_w[k][j]                  exact, in int32
///     y    = s_x · s_w[j] · acc + b[j]                back to a real number
///     q_y  = clamp(round(y / s_y), 0, 127)            the next layer's level
///
/// so the product of scales and the bias fold into one multiplier and one
/// offset per channel: q_y = clamp(round(acc · m[j] + o[j]), 0, 127).
///
///     let conv = QuantizedLayer(filter: conv.filter.value, bias: conv.bias.value)
///     let output = conv.convolved(input, outputScale: calibratedScale)   // levels, ReLU included
public struct QuantizedLayer: Sendable {
  public let weights: QuantizedWeights
  public let bias: [Float]
  /// For a convolution, the kernel's height and width; 1 for a dense layer.
  public let kernelSize: Int

  /// A convolution of Keras's filter layout [kernelSize, kernelSize, inChannels, filters]
  /// (stride 1, no padding), or a dense layer's weight [inputs, outputs] with `kernelSize` 1.
  public init(filter: Tensor, bias: Tensor) {
    let isConvolution = filter.rank == 4
    check(
      (isConvolution && filter.shape[0] == filter.shape[1]) || filter.rank == 2,
      "QuantizedLayer: filter of shape \(filter.shape) is neither [k, k, in, out] nor [in, out]")
    let columns = filter.shape[filter.rank - 1]
    check(bias.shape == [columns], "QuantizedLayer: bias of shape \(bias.shape) does not match \(columns) outputs")
    // The filter seen as the matrix im2col multiplies: one row per patch element.
    let matrix = filter.reshaped(to: [filter.scalarCount / columns, columns])
    self.init(weights: QuantizedWeights(quantizing: matrix), bias: bias.scalars, kernelSize: isConvolution ? filter.shape[0] : 1)
  }

  /// A layer from quantized weights (read from a file, say).
  public init(weights: QuantizedWeights, bias: [Float], kernelSize: Int) {
    check(bias.count == weights.columns, "QuantizedLayer: \(bias.count) biases for \(weights.columns) outputs")
    (self.weights, self.bias, self.kernelSize) = (weights, bias, kernelSize)
  }

  // region: requantize
  /// The int32 sums of `input`'s rows (each ``QuantizedWeights/paddedDepth``
  /// long) turned into levels of scale `outputScale`: negative outputs become
  /// level 0, which is the ReLU.
  func requantized(_ sums: [Int32], inputScale: Float, outputScale: Float) -> [UInt8] {
    let columns = weights.columns
    let multipliers = weights.scales.map { inputScale * $0 / outputScale }
    let offsets = bias.map { $0 / outputScale }
    let largest = Float(largestActivationLevel)
    return [UInt8](unsafeUninitializedCapacity: sums.count) { levels, count in
      for row in 0..<(sums.count / columns) {
        for column in 0..<columns {
          let index = row * columns + column
          // |acc| < 576 · 127 · 127 < 2²⁴ for the course's layers: Float(acc) is exact.
          let level = (Float(sums[index]) * multipliers[column] + offsets[column]).rounded(.toNearestOrEven)
          levels[index] = UInt8(Swift.min(Swift.max(level, 0), largest))
        }
      }
      count = sums.count
    }
  }
  // endregion

  /// The real outputs s_x · s_w[j] · acc + b[j], for the last layer (logits).
  func dequantized(_ sums: [Int32], inputScale: Float, rows: Int) -> Tensor {
    let columns = weights.columns
    let multipliers = weights.scales.map { inputScale * $0 }
    return Tensor(shape: [rows, columns], scalars: sums.indices.map { index in
      Float(sums[index]) * multipliers[index % columns] + bias[index % columns]
    })
  }

  /// The layer on NHWC levels (a convolution) or rows of levels (a dense layer):
  /// each patch or row times the weights, in int32.
  ///
  /// - Returns: the sums, the number of rows, and the output's shape.
  public func sums(_ input: QuantizedActivations, kernel: Int8Kernel = .best) -> (sums: [Int32], rows: Int, shape: [Int]) {
    let (rows, patches, shape) = kernelSize == 1 && input.shape.count == 2
      ? denseRows(input) : input.patches(kernelSize: kernelSize, paddedDepth: weights.paddedDepth, columns: weights.columns)
    return (weights.multiply(patches, rows: rows, kernel: kernel), rows, shape)
  }

  /// The layer followed by ReLU, as levels of scale `outputScale`.
  public func callAsFunction(_ input: QuantizedActivations, outputScale: Float, kernel: Int8Kernel = .best) -> QuantizedActivations {
    let (sums, _, shape) = sums(input, kernel: kernel)
    return QuantizedActivations(shape: shape, levels: requantized(sums, inputScale: input.scale, outputScale: outputScale), scale: outputScale)
  }

  /// The layer's real outputs, without ReLU: the last layer's logits [rows, columns].
  public func logits(_ input: QuantizedActivations, kernel: Int8Kernel = .best) -> Tensor {
    let (sums, rows, _) = sums(input, kernel: kernel)
    return dequantized(sums, inputScale: input.scale, rows: rows)
  }

  /// A dense layer's input rows, padded with zeros to the padded depth.
  private func denseRows(_ input: QuantizedActivations) -> (Int, [UInt8], [Int]) {
    let (rows, width) = (input.shape[0], input.shape[1])
    check(width == weights.depth, "QuantizedLayer: input rows of \(width) levels for weights of depth \(weights.depth)")
    let padded = weights.paddedDepth
    guard padded != width else { return (rows, input.levels, [rows, weights.columns]) }
    var levels = [UInt8](repeating: 0, count: rows * padded)
    for row in 0..<rows {
      for index in 0..<width { levels[row * padded + index] = input.levels[row * width + index] }
    }
    return (rows, levels, [rows, weights.columns])
  }
}

extension QuantizedActivations {
  // region: byte-im2col
  /// The patch matrix of a stride-1, unpadded convolution, in levels: one row
  /// per output pixel, `kernelSize`·`kernelSize`·channels levels of the window
  /// under it (the float im2col's order), padded with zeros to `paddedDepth`.
  func patches(kernelSize: Int, paddedDepth: Int, columns: Int) -> (rows: Int, patches: [UInt8], shape: [Int]) {
    check(shape.count == 4, "QuantizedLayer: a convolution needs NHWC levels, got shape \(shape)")
    let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
    check(
      kernelSize * kernelSize * channels <= paddedDepth && height >= kernelSize && width >= kernelSize,
      "QuantizedLayer: input \(shape) does not fit a \(kernelSize)×\(kernelSize) filter of depth \(paddedDepth)")
    let (outHeight, outWidth) = (height - kernelSize + 1, width - kernelSize + 1)
    let rows = batch * outHeight * outWidth
    let run = kernelSize * channels  // one kernel row of a window: contiguous in NHWC
    var patches = [UInt8](repeating: 0, count: rows * paddedDepth)
    levels.withUnsafeBufferPointer { input in
      patches.withUnsafeMutableBufferPointer { output in
        var row = 0
        for image in 0..<batch {
          for outRow in 0..<outHeight {
            for outColumn in 0..<outWidth {
              for kernelRow in 0..<kernelSize {
                let source = ((image * height + outRow + kernelRow) * width + outColumn) * channels
                let target = row * paddedDepth + kernelRow * run
                for index in 0..<run { output[target + index] = input[source + index] }
              }
              row += 1
            }
          }
        }
      }
    }
    return (rows, patches, [batch, outHeight, outWidth, columns])
  }
  // endregion
}
