import _Int8Kernels

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
  /// The int32 sums of the layer's rows turned into levels of scale
  /// `outputScale`: negative outputs become level 0, which is the ReLU.
  /// The formula, one output at a time; ``requantized(_:inputScale:outputScale:)``
  /// computes the same levels in C, many at a time.
  func requantizedReference(_ sums: [Int32], inputScale: Float, outputScale: Float) -> [UInt8] {
    let columns = weights.columns
    let multipliers = weights.scales.map { inputScale * $0 / outputScale }
    let offsets = bias.map { $0 / outputScale }
    return sums.indices.map { index in
      // |acc| < 576 · 127 · 127 < 2²⁴ for the course's layers: Float(acc) is exact.
      let level = (Float(sums[index]) * multipliers[index % columns] + offsets[index % columns]).rounded(.toNearestOrEven)
      return UInt8(Swift.min(Swift.max(level, 0), Float(largestActivationLevel)))
    }
  }
  // endregion

  /// The levels of ``requantizedReference(_:inputScale:outputScale:)``, computed by the C kernel.
  func requantized(_ sums: [Int32], inputScale: Float, outputScale: Float) -> [UInt8] {
    let multipliers = weights.scales.map { inputScale * $0 / outputScale }
    let offsets = bias.map { $0 / outputScale }
    let columns = weights.columns
    return [UInt8](unsafeUninitializedCapacity: sums.count) { levels, count in
      course_int8_requantize(sums, Int64(sums.count / columns), Int64(columns), multipliers, offsets, levels.baseAddress!)
      count = sums.count
    }
  }

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
    guard input.shape.count == 4 else {
      let (rows, levels, shape) = denseRows(input)
      return (weights.multiply(levels, rows: rows, kernel: kernel), rows, shape)
    }
    return convolutionSums(input, kernel: kernel.isAvailable ? kernel : .scalar)
  }

  // region: convolution-sums
  /// A convolution as im2col and an integer product, a few images at a time:
  /// their patch matrix (a few hundred kilobytes) is still in the cache when
  /// the kernel reads it. The two halves of the batch run on the two cores.
  private func convolutionSums(_ input: QuantizedActivations, kernel: Int8Kernel) -> (sums: [Int32], rows: Int, shape: [Int]) {
    let geometry = PatchGeometry(input: input.shape, kernelSize: kernelSize, paddedDepth: weights.paddedDepth)
    let (batch, columns, depth) = (input.shape[0], weights.columns, weights.paddedDepth)
    let rowsPerImage = geometry.outHeight * geometry.outWidth
    let imagesPerChunk = Swift.max(1, 256 * 1024 / Swift.max(rowsPerImage * depth, 1))
    let sums = [Int32](unsafeUninitializedCapacity: batch * rowsPerImage * columns) { output, count in
      input.levels.withUnsafeBufferPointer { levels in
        weights.packed.withUnsafeBufferPointer { packed in
          nonisolated(unsafe) let (levels, packed, output) = (levels.baseAddress!, packed.baseAddress!, output.baseAddress!)
          HelperThread.forEachHalf(of: batch, minimumCount: 2) { images in
            // Zeros once: the padding columns of every row stay zero.
            var patches = [UInt8](repeating: 0, count: imagesPerChunk * rowsPerImage * depth)
            patches.withUnsafeMutableBufferPointer { patches in
              for start in stride(from: images.lowerBound, to: images.upperBound, by: imagesPerChunk) {
                let end = Swift.min(start + imagesPerChunk, images.upperBound)
                geometry.fillPatches(of: levels, images: start..<end, into: patches.baseAddress!)
                course_int8_multiply(
                  kernel.rawValue, patches.baseAddress!, 0, Int64((end - start) * rowsPerImage), Int64(depth), packed,
                  Int64(columns), output + start * rowsPerImage * columns)
              }
            }
          }
        }
      }
      count = batch * rowsPerImage * columns
    }
    return (sums, batch * rowsPerImage, [batch, geometry.outHeight, geometry.outWidth, columns])
  }
  // endregion

  // region: quantized-layer
  /// The layer followed by ReLU (and, with `pooled`, 2×2 max pooling), as
  /// levels of scale `outputScale`.
  ///
  /// Pooling takes the largest int32 sum of each window before requantizing:
  /// requantization never decreases as a sum grows (its multiplier is
  /// positive), so this gives the levels of pooling after it, with a quarter
  /// of the outputs to requantize.
  public func callAsFunction(
    _ input: QuantizedActivations, outputScale: Float, pooled: Bool = false, kernel: Int8Kernel = .best
  ) -> QuantizedActivations {
    var (sums, _, shape) = sums(input, kernel: kernel)
    if pooled { (sums, shape) = Self.maxPooled(sums, shape: shape) }
    return QuantizedActivations(shape: shape, levels: requantized(sums, inputScale: input.scale, outputScale: outputScale), scale: outputScale)
  }
  // endregion

  /// 2×2 max pooling of NHWC int32 sums.
  static func maxPooled(_ sums: [Int32], shape: [Int]) -> ([Int32], [Int]) {
    check(shape.count == 4, "QuantizedLayer: pooling needs NHWC outputs, got shape \(shape)")
    let pooledShape = [shape[0], shape[1] / 2, shape[2] / 2, shape[3]]
    let pooled = [Int32](unsafeUninitializedCapacity: pooledShape.reduce(1, *)) { output, count in
      course_int32_max_pool(sums, Int64(shape[0]), Int64(shape[1]), Int64(shape[2]), Int64(shape[3]), output.baseAddress!)
      count = pooledShape.reduce(1, *)
    }
    return (pooled, pooledShape)
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

/// The sizes of a stride-1, unpadded convolution over NHWC levels.
struct PatchGeometry {
  let height, width, channels, kernelSize, paddedDepth, outHeight, outWidth: Int

  init(input shape: [Int], kernelSize: Int, paddedDepth: Int) {
    check(shape.count == 4, "QuantizedLayer: a convolution needs NHWC levels, got shape \(shape)")
    (height, width, channels) = (shape[1], shape[2], shape[3])
    check(
      kernelSize * kernelSize * channels <= paddedDepth && height >= kernelSize && width >= kernelSize,
      "QuantizedLayer: input \(shape) does not fit a \(kernelSize)×\(kernelSize) filter of depth \(paddedDepth)")
    (self.kernelSize, self.paddedDepth) = (kernelSize, paddedDepth)
    (outHeight, outWidth) = (height - kernelSize + 1, width - kernelSize + 1)
  }

  // region: byte-im2col
  /// The patch matrix of `images`, in levels: one row per output pixel, the
  /// `kernelSize`·`kernelSize`·channels levels of the window under it (the
  /// float im2col's order), then the row's padding, left as it was (zero).
  func fillPatches(of levels: UnsafePointer<UInt8>, images: Range<Int>, into patches: UnsafeMutablePointer<UInt8>) {
    let run = kernelSize * channels  // one kernel row of a window: contiguous in NHWC
    var row = patches
    for image in images {
      for outRow in 0..<outHeight {
        for outColumn in 0..<outWidth {
          for kernelRow in 0..<kernelSize {
            let source = levels + ((image * height + outRow + kernelRow) * width + outColumn) * channels
            (row + kernelRow * run).update(from: source, count: run)
          }
          row += paddedDepth
        }
      }
    }
  }
  // endregion
}
