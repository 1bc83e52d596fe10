// A direct 3×3 convolution of single-channel images (grey pixels: the first
// layer of every network on Fashion-MNIST).
//
// With one input channel a patch holds only 9 values, so im2col's product is
// [pixels, 9] · [9, filters]: nine multiply-adds per output, too few for BLAS
// to win back copying the patches out, packing them, and reading and
// writing the output once more to add the products onto the bias. Here the
// filter of eight output channels sits in nine SIMD registers and each output
// pixel is computed where it is written: per pixel, nine broadcast pixels
// and nine fused multiply-adds per eight channels, and one store.

extension ConvolutionGeometry {
  /// Whether the direct single-channel kernels compute this convolution:
  /// one input channel, a 3×3 kernel, stride 1, no padding, and output
  /// channels in groups of eight.
  var isDirectSingleChannel: Bool {
    inChannels == 1 && kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding == 0
      && outChannels.isMultiple(of: 8)
  }
}

extension Tensor {
  /// `conv2d` of single-channel images by a direct loop. Same result,
  /// gradients included, as the im2col path up to rounding.
  func directSingleChannelConv2d(_ filter: Tensor, addingBias bias: Tensor?, _ geometry: ConvolutionGeometry) -> Tensor {
    ExecutionPolicy.recordConvolutionMethod(.direct)
    let biasValues = bias?.scalars ?? [Float](repeating: 0, count: geometry.outChannels)
    var result = Tensor(shape: geometry.outputShape) { output in
      withUnsafeScalars { pixels in
        filter.withUnsafeScalars { weights in
          biasValues.withUnsafeBufferPointer { biasValues in
            DirectConvolutionKernel.forward(
              pixels.baseAddress!, weights.baseAddress!, bias: biasValues.baseAddress!, geometry,
              into: output.baseAddress!)
          }
        }
      }
    }
    let inputs = [self, filter] + (bias.map { [$0] } ?? [])
    if Tensor.shouldRecord(inputs) {
      let needs = (input: requiresGradient, filter: filter.requiresGradient, bias: bias?.requiresGradient ?? false)
      // Kept without copying: a tensor's scalars are shared until one side writes.
      let (weights, images) = (filter.detached(), detached())
      result.record("conv2d", inputs: inputs) { gradient in
        let parameters = needs.filter || needs.bias ? DirectConvolutionKernel.gradients(images, gradient, geometry) : nil
        return [
          needs.input ? Tensor.convolutionInputGradient(gradient, weights, geometry) : nil,
          needs.filter ? parameters!.filter : nil,
        ] + (bias == nil ? [] : [needs.bias ? parameters!.bias : nil])
      }
    }
    return result
  }
}

/// The loops of the direct single-channel convolution, eight output channels at a time.
enum DirectConvolutionKernel {
  private typealias Lanes = SIMD8<Float>

  /// The nine filter taps of output channels `group..<group + 8`: [3, 3, 1, filters].
  @inline(__always)
  private static func taps(_ weights: UnsafePointer<Float>, group: Int, filters: Int) -> [Lanes] {
    (0..<9).map { UnsafeRawPointer(weights + $0 * filters + group).loadUnaligned(as: Lanes.self) }
  }

  /// Writes `bias + Σ taps · pixels` for every output pixel and channel.
  ///
  /// - Complexity: 9 multiply-adds per output value; the input and the
  ///   output are each read or written once per eight channels, a row at a time.
  static func forward(
    _ pixels: UnsafePointer<Float>, _ weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    _ geometry: ConvolutionGeometry, into output: UnsafeMutablePointer<Float>
  ) {
    let (width, filters) = (geometry.width, geometry.outChannels)
    for group in stride(from: 0, to: filters, by: 8) {
      let w = taps(weights, group: group, filters: filters)
      let (w0, w1, w2, w3, w4, w5, w6, w7, w8) = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8])
      let start = UnsafeRawPointer(bias + group).loadUnaligned(as: Lanes.self)
      for image in 0..<geometry.batch {
        for row in 0..<geometry.outHeight {
          let top = pixels + (image * geometry.height + row) * width
          let (middle, bottom) = (top + width, top + 2 * width)
          var out = output + ((image * geometry.outHeight + row) * geometry.outWidth) * filters + group
          // region: direct-convolution
          for column in 0..<geometry.outWidth {
            var sum = start
            sum.addProduct(Lanes(repeating: top[column]), w0)
            sum.addProduct(Lanes(repeating: top[column + 1]), w1)
            sum.addProduct(Lanes(repeating: top[column + 2]), w2)
            sum.addProduct(Lanes(repeating: middle[column]), w3)
            sum.addProduct(Lanes(repeating: middle[column + 1]), w4)
            sum.addProduct(Lanes(repeating: middle[column + 2]), w5)
            sum.addProduct(Lanes(repeating: bottom[column]), w6)
            sum.addProduct(Lanes(repeating: bottom[column + 1]), w7)
            sum.addProduct(Lanes(repeating: bottom[column + 2]), w8)
            UnsafeMutableRawPointer(out).storeBytes(of: sum, as: Lanes.self)
            out += filters
          }
          // endregion
        }
      }
    }
  }

  /// The gradients of the filter, Σ pixels · dOutput over every output
  /// pixel, and of the bias, Σ dOutput.
  ///
  /// Each image's sums are kept in registers (ten vectors per eight
  /// channels) and added to the totals once per image: the output gradient
  /// of one image stays in cache while its channel groups go by, and the
  /// totals are sums of a few dozen partial sums instead of one long chain.
  static func gradients(
    _ images: Tensor, _ outputGradient: Tensor, _ geometry: ConvolutionGeometry
  ) -> (filter: Tensor, bias: Tensor) {
    let (width, filters) = (geometry.width, geometry.outChannels)
    var filterSums = [Float](repeating: 0, count: 9 * filters)
    var biasSums = [Float](repeating: 0, count: filters)
    images.withUnsafeScalars { pixels in
      outputGradient.withUnsafeScalars { gradient in
        for image in 0..<geometry.batch {
          for group in stride(from: 0, to: filters, by: 8) {
            var (s0, s1, s2, s3, s4, s5, s6, s7, s8) = (Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes())
            var biasSum = Lanes()
            for row in 0..<geometry.outHeight {
              let top = pixels.baseAddress! + (image * geometry.height + row) * width
              let (middle, bottom) = (top + width, top + 2 * width)
              var incoming = gradient.baseAddress! + ((image * geometry.outHeight + row) * geometry.outWidth) * filters + group
              for column in 0..<geometry.outWidth {
                let g = UnsafeRawPointer(incoming).loadUnaligned(as: Lanes.self)
                biasSum += g
                s0.addProduct(Lanes(repeating: top[column]), g)
                s1.addProduct(Lanes(repeating: top[column + 1]), g)
                s2.addProduct(Lanes(repeating: top[column + 2]), g)
                s3.addProduct(Lanes(repeating: middle[column]), g)
                s4.addProduct(Lanes(repeating: middle[column + 1]), g)
                s5.addProduct(Lanes(repeating: middle[column + 2]), g)
                s6.addProduct(Lanes(repeating: bottom[column]), g)
                s7.addProduct(Lanes(repeating: bottom[column + 1]), g)
                s8.addProduct(Lanes(repeating: bottom[column + 2]), g)
                incoming += filters
              }
            }
            for (tap, sum) in [s0, s1, s2, s3, s4, s5, s6, s7, s8].enumerated() {
              add(sum, to: &filterSums, at: tap * filters + group)
            }
            add(biasSum, to: &biasSums, at: group)
          }
        }
      }
    }
    return (Tensor(shape: [3, 3, 1, filters], scalars: filterSums), Tensor(shape: [filters], scalars: biasSums))
  }

  private static func add(_ value: Lanes, to sums: inout [Float], at index: Int) {
    for lane in 0..<8 { sums[index + lane] += value[lane] }
  }
}
