
// Two-dimensional convolution as one matrix product (im2col).
//
// Each output pixel is a dot product between the filter and the patch of
// input under it. Copying every patch into a row of a matrix ("image to
// columns") turns the whole convolution, for the whole batch, into a single
// product of that patch matrix with the filter seen as a matrix, which BLAS
// computes near the processor's peak speed. The copy costs memory (each
// input pixel appears in up to kernelHeight·kernelWidth rows), but far less
// time than a direct convolution loop would.
//
// Layout is NHWC, as in Keras: channels last, so a patch row of one kernel
// line is a contiguous run of the input, and the product's output is NHWC.

/// The sizes of one convolution, checked once.
struct ConvolutionGeometry {
  let batch, height, width, inChannels: Int
  let kernelHeight, kernelWidth, outChannels: Int
  let stride, padding: Int
  let outHeight, outWidth: Int

  /// Rows of the patch matrix: one per output pixel of every image.
  var patchCount: Int { batch * outHeight * outWidth }
  /// Columns of the patch matrix: one per filter weight of an output channel.
  var patchLength: Int { kernelHeight * kernelWidth * inChannels }
  var outputShape: [Int] { [batch, outHeight, outWidth, outChannels] }

  init(input: [Int], filter: [Int], stride: Int, padding: Int) {
    let shapes = "input \(input) and filter \(filter)"
    check(
      input.count == 4 && filter.count == 4,
      "conv2d: \(shapes) must both have rank 4: input [batch, height, width, channels], "
        + "filter [kernelHeight, kernelWidth, inChannels, outChannels]")
    check(stride >= 1 && padding >= 0, "conv2d: stride \(stride) must be ≥ 1 and padding \(padding) ≥ 0 (\(shapes))")
    check(
      input[3] == filter[2],
      "conv2d: \(shapes) do not match: the input has \(input[3]) channels but the filter expects \(filter[2])")
    check(filter.allSatisfy { $0 > 0 }, "conv2d: \(shapes): the filter has an empty dimension")
    check(
      filter[0] <= input[1] + 2 * padding && filter[1] <= input[2] + 2 * padding,
      "conv2d: \(shapes): the \(filter[0])×\(filter[1]) kernel is larger than the "
        + "\(input[1] + 2 * padding)×\(input[2] + 2 * padding) padded input")
    (batch, height, width, inChannels) = (input[0], input[1], input[2], input[3])
    (kernelHeight, kernelWidth, outChannels) = (filter[0], filter[1], filter[3])
    (self.stride, self.padding) = (stride, padding)
    outHeight = (height + 2 * padding - kernelHeight) / stride + 1
    outWidth = (width + 2 * padding - kernelWidth) / stride + 1
  }

  /// The convolution's shapes, for messages.
  var shapes: String {
    "input \([batch, height, width, inChannels]) and filter \([kernelHeight, kernelWidth, inChannels, outChannels]) "
      + "at stride \(stride), padding \(padding)"
  }

  /// Whether the patch matrix is the input itself: a 1×1 kernel that visits every pixel.
  var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }
}

extension Tensor {
  /// The 2-D convolution (cross-correlation, as in every deep-learning
  /// library) of this batch of images with a filter bank.
  ///
  ///     let images = Tensor.zeros([32, 28, 28, 1])
  ///     let filter = Tensor.zeros([3, 3, 1, 32])
  ///     images.conv2d(filter).shape              // [32, 26, 26, 32]
  ///     images.conv2d(filter, padding: 1).shape  // [32, 28, 28, 32]
  ///
  /// - Parameters:
  ///   - filter: [kernelHeight, kernelWidth, inChannels, outChannels] (Keras' layout).
  ///   - bias: An optional [outChannels] added to every output pixel. Equal to
  ///     `conv2d(filter) + bias`, gradients included, but the output is written
  ///     once: the bias is copied in first and the product added onto it.
  ///   - stride: The step between neighboring windows, in both directions.
  ///   - padding: Zeros added on every side of each image.
  ///   - method: How to compute it (see ``ExecutionPolicy/ConvolutionMethod``);
  ///     `nil` for ``ExecutionPolicy/convolutionMethod``, by default `.automatic`.
  ///     Every method gives the same result up to rounding.
  /// - Returns: [batch, outHeight, outWidth, outChannels], where
  ///   outHeight = (height + 2·padding − kernelHeight) / stride + 1, and the same for the width.
  /// - Complexity: 2·batch·outHeight·outWidth·kernelHeight·kernelWidth·inChannels·outChannels
  ///   floating-point operations, in one matrix product (im2col); the patch matrix holds
  ///   batch·outHeight·outWidth·kernelHeight·kernelWidth·inChannels floats.
  public func conv2d(
    _ filter: Tensor, addingBias bias: Tensor? = nil, stride: Int = 1, padding: Int = 0,
    method: ExecutionPolicy.ConvolutionMethod? = nil
  ) -> Tensor {
    let geometry = ConvolutionGeometry(input: shape, filter: filter.shape, stride: stride, padding: padding)
    if let bias {
      check(
        bias.shape == [geometry.outChannels],
        "conv2d: bias \(bias.shape) should be [\(geometry.outChannels)], one value per output channel of filter \(filter.shape)")
    }
    switch ExecutionPolicy.convolutionMethod(for: geometry, requested: method) {
    case .winograd: return winogradConv2d(filter, addingBias: bias, geometry)
    case .direct: return directSingleChannelConv2d(filter, addingBias: bias, geometry)
    case .im2col, .automatic: ExecutionPolicy.recordConvolutionMethod(.im2col)
    }
    let patches = geometry.isPointwise ? scalars : im2col(geometry)
    var result = Tensor(shape: geometry.outputShape) { output in
      guard !output.isEmpty else { return }
      bias?.withUnsafeScalars { bias in
        for pixel in 0..<geometry.patchCount {
          (output.baseAddress! + pixel * geometry.outChannels).update(from: bias.baseAddress!, count: bias.count)
        }
      }
      patches.withUnsafeBufferPointer { patches in
        filter.withUnsafeScalars { weights in
          // [patchCount, patchLength] · [patchLength, outChannels]
          multiplyMatrices(
            rows: geometry.patchCount, columns: geometry.outChannels, inner: geometry.patchLength,
            patches.baseAddress!, leftStride: geometry.patchLength,
            weights.baseAddress!, rightStride: geometry.outChannels,
            into: output.baseAddress!, outputStride: geometry.outChannels, accumulate: bias != nil)
        }
      }
    }
    let inputs = [self, filter] + (bias.map { [$0] } ?? [])
    if Tensor.shouldRecord(inputs) {
      let needs = (input: requiresGradient, filter: filter.requiresGradient, bias: bias?.requiresGradient ?? false)
      let weights = filter.detached()
      // The patches are only needed for the filter's gradient.
      let savedPatches = needs.filter ? patches : []
      result.record("conv2d", inputs: inputs) { gradient in
        [
          needs.input ? Tensor.convolutionInputGradient(gradient, weights, geometry) : nil,
          needs.filter ? Tensor.convolutionFilterGradient(gradient, savedPatches, geometry) : nil,
        ] + (bias == nil ? [] : [needs.bias ? gradient.reshaped(to: [-1, geometry.outChannels]).sum(alongAxis: 0) : nil])
      }
    }
    return result
  }

  /// dFilter = patchesᵀ · dOutput: [patchLength, patchCount] · [patchCount, outChannels].
  static func convolutionFilterGradient(
    _ gradient: Tensor, _ patches: [Float], _ geometry: ConvolutionGeometry
  ) -> Tensor {
    let filterShape = [geometry.kernelHeight, geometry.kernelWidth, geometry.inChannels, geometry.outChannels]
    guard geometry.patchCount > 0 else { return Tensor.zeros(filterShape) }
    return Tensor(shape: filterShape) { result in
      patches.withUnsafeBufferPointer { patches in
        gradient.withUnsafeScalars { gradient in
          multiplyMatrices(
            transposeLeft: true,
            rows: geometry.patchLength, columns: geometry.outChannels, inner: geometry.patchCount,
            patches.baseAddress!, leftStride: geometry.patchLength,
            gradient.baseAddress!, rightStride: geometry.outChannels,
            into: result.baseAddress!, outputStride: geometry.outChannels)
        }
      }
    }
  }

  /// dInput = col2im(dOutput · filterᵀ): the gradient of every patch, added
  /// back to the pixels it was copied from.
  static func convolutionInputGradient(
    _ gradient: Tensor, _ filter: Tensor, _ geometry: ConvolutionGeometry
  ) -> Tensor {
    let inputShape = [geometry.batch, geometry.height, geometry.width, geometry.inChannels]
    guard geometry.patchCount > 0 else { return Tensor.zeros(inputShape) }
    let patchGradients = [Float](unsafeUninitializedCapacity: geometry.patchCount * geometry.patchLength) {
      buffer, count in
      gradient.withUnsafeScalars { gradient in
        filter.withUnsafeScalars { weights in
          // [patchCount, outChannels] · [patchLength, outChannels]ᵀ
          multiplyMatrices(
            transposeRight: true,
            rows: geometry.patchCount, columns: geometry.patchLength, inner: geometry.outChannels,
            gradient.baseAddress!, leftStride: geometry.outChannels,
            weights.baseAddress!, rightStride: geometry.outChannels,
            into: buffer.baseAddress!, outputStride: geometry.patchLength)
        }
      }
      count = geometry.patchCount * geometry.patchLength
    }
    if geometry.isPointwise { return Tensor(shape: inputShape, scalars: patchGradients) }
    return Tensor.col2im(patchGradients, geometry)
  }
}

// MARK: - Patches

extension Tensor {
  // region: im2col
  /// The patch matrix of this NHWC batch: one row per output pixel, holding
  /// the input values under the kernel at that pixel in (kernelRow,
  /// kernelColumn, channel) order — the order of the filter's elements, so
  /// that the filter reshaped to [patchLength, outChannels] multiplies it.
  /// Positions in the padding read as 0.
  ///
  /// - Returns: [patchCount, patchLength] floats, row-major.
  func im2col(_ geometry: ConvolutionGeometry) -> [Float] {
    let g = geometry
    // One kernel row of a patch is kernelWidth·inChannels floats, contiguous
    // both in the input (channels last) and in the patch row.
    let runLength = g.kernelWidth * g.inChannels
    // Empty images (all padding) give patches of zeros.
    guard scalarCount > 0 else { return [Float](repeating: 0, count: g.patchCount * g.patchLength) }
    return [Float](unsafeUninitializedCapacity: g.patchCount * g.patchLength) { patches, count in
      withUnsafeScalars { input in
        var patch = patches.baseAddress!
        for image in 0..<g.batch {
          let imageStart = input.baseAddress! + image * g.height * g.width * g.inChannels
          for outRow in 0..<g.outHeight {
            for outColumn in 0..<g.outWidth {
              let firstColumn = outColumn * g.stride - g.padding
              let columnsInside = firstColumn >= 0 && firstColumn + g.kernelWidth <= g.width
              for kernelRow in 0..<g.kernelHeight {
                let inputRow = outRow * g.stride - g.padding + kernelRow
                if inputRow < 0 || inputRow >= g.height {
                  patch.update(repeating: 0, count: runLength)
                } else if columnsInside {
                  patch.update(from: imageStart + (inputRow * g.width + firstColumn) * g.inChannels, count: runLength)
                } else {
                  // The window hangs over the left or right padding.
                  for kernelColumn in 0..<g.kernelWidth {
                    let inputColumn = firstColumn + kernelColumn
                    let destination = patch + kernelColumn * g.inChannels
                    if inputColumn < 0 || inputColumn >= g.width {
                      destination.update(repeating: 0, count: g.inChannels)
                    } else {
                      destination.update(
                        from: imageStart + (inputRow * g.width + inputColumn) * g.inChannels, count: g.inChannels)
                    }
                  }
                }
                patch += runLength
              }
            }
          }
        }
      }
      count = g.patchCount * g.patchLength
    }
  }
  // endregion

  /// The inverse walk of ``im2col(_:)``: adds each patch-matrix entry to the
  /// input pixel it was copied from (entries from the padding are dropped).
  /// A pixel under several windows collects the sum of their gradients.
  ///
  /// - Returns: An NHWC tensor of the convolution's input shape.
  static func col2im(_ patches: [Float], _ geometry: ConvolutionGeometry) -> Tensor {
    let g = geometry
    let runLength = g.kernelWidth * g.inChannels
    var image = Tensor.zeros([g.batch, g.height, g.width, g.inChannels])
    image.withUnsafeMutableScalars { pixels in
      patches.withUnsafeBufferPointer { patches in
        var patch = patches.baseAddress!
        for imageIndex in 0..<g.batch {
          let imageStart = pixels.baseAddress! + imageIndex * g.height * g.width * g.inChannels
          for outRow in 0..<g.outHeight {
            for outColumn in 0..<g.outWidth {
              let firstColumn = outColumn * g.stride - g.padding
              for kernelRow in 0..<g.kernelHeight {
                let inputRow = outRow * g.stride - g.padding + kernelRow
                if inputRow >= 0 && inputRow < g.height {
                  for kernelColumn in 0..<g.kernelWidth {
                    let inputColumn = firstColumn + kernelColumn
                    guard inputColumn >= 0 && inputColumn < g.width else { continue }
                    let destination = imageStart + (inputRow * g.width + inputColumn) * g.inChannels
                    let source = patch + kernelColumn * g.inChannels
                    for channel in 0..<g.inChannels { destination[channel] += source[channel] }
                  }
                }
                patch += runLength
              }
            }
          }
        }
      }
    }
    return image
  }
}
