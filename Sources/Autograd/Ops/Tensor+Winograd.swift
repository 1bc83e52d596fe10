// 3×3 convolutions with fewer multiplications: Winograd's minimal filtering
// algorithm F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2016).
//
// im2col computes each output pixel with 9 multiplications per input
// channel. Winograd computes a 2×2 block of outputs from the 4×4 input
// tile under it with 16 multiplications instead of 36, by working in a
// transformed space:
//
//     Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d Bᵀᵀ) ] A
//
// where d is the 4×4 input tile, g the 3×3 filter, ⊙ the elementwise
// product, and A, B, G small constant matrices whose entries are 0, ±1 and
// ±½, so the transforms are additions. Summed over input channels, the 16
// elementwise products become 16 matrix products, one per position ξ of
// the 4×4 transformed tile: M[ξ] = V[ξ]·U[ξ], tiles × inChannels times
// inChannels × outChannels, which BLAS computes. That is 2.25 times fewer
// multiply-adds than im2col's product (a little less when the output size
// is odd and the last tiles hang over the edge).
//
// The backward pass is the same computation read backward: every step is
// linear, so each transform's gradient is its transpose, and the gradients
// of the 16 products are 32 products of the same sizes. Its results equal
// im2col's up to rounding (the tests compare them).

/// The tiling of one 3×3, stride-1 convolution into 2×2 output blocks.
struct WinogradTiling {
  let geometry: ConvolutionGeometry
  /// Output blocks per image along each side: ⌈out/2⌉.
  let tileRows, tileColumns: Int
  /// Tiles in the whole batch: the rows of each of the 16 products.
  var tileCount: Int { geometry.batch * tileRows * tileColumns }

  init(_ geometry: ConvolutionGeometry) {
    self.geometry = geometry
    tileRows = (geometry.outHeight + 1) / 2
    tileColumns = (geometry.outWidth + 1) / 2
  }

  /// Whether Winograd pays off: a 3×3 kernel at stride 1, with enough
  /// channels that the 16 products are worth their setup (W2's conv1, with
  /// one input channel, stays with im2col: a version for one channel that
  /// kept each tile in registers measured a third faster forward but a
  /// quarter slower backward), and an output large enough
  /// that the tiles hanging over its edge waste little: at most 0.6 of
  /// im2col's multiplications. W2's conv2 (11×11 outputs, 36 tiles) needs
  /// 0.53 of them; its conv3 (3×3 outputs, 4 tiles) 0.79, and measured
  /// slower than im2col (300 against 230 µs forward, one thread).
  static func applies(to geometry: ConvolutionGeometry) -> Bool {
    guard
      geometry.kernelHeight == 3 && geometry.kernelWidth == 3 && geometry.stride == 1
        && geometry.inChannels >= 16 && geometry.outChannels >= 16 && geometry.patchCount > 0
        // The transforms handle eight channels at a time.
        && geometry.inChannels % Lanes.scalarCount == 0 && geometry.outChannels % Lanes.scalarCount == 0
    else { return false }
    let tiling = WinogradTiling(geometry)
    return Double(tiling.tileCount * 16) <= 0.6 * Double(geometry.patchCount * 9)
  }

  /// Calls `body` for every tile with its index and the top-left input
  /// position of its 4×4 window (which may lie in the padding).
  func forEachTile(_ body: (_ tile: Int, _ image: Int, _ top: Int, _ left: Int) -> Void) {
    var tile = 0
    for image in 0..<geometry.batch {
      for tileRow in 0..<tileRows {
        for tileColumn in 0..<tileColumns {
          body(tile, image, 2 * tileRow - geometry.padding, 2 * tileColumn - geometry.padding)
          tile += 1
        }
      }
    }
  }
}

extension Tensor {
  /// `conv2d` of a 3×3, stride-1 filter by Winograd's F(2×2, 3×3). Same
  /// result, gradients included, as the im2col path up to rounding.
  func winogradConv2d(_ filter: Tensor, addingBias bias: Tensor?, _ geometry: ConvolutionGeometry) -> Tensor {
    let tiling = WinogradTiling(geometry)
    let (channels, filters) = (geometry.inChannels, geometry.outChannels)
    let filterTiles = WinogradTiling.transformedFilter(filter, channels: channels, filters: filters)  // U: [16, channels, filters]
    let inputTiles = tiling.transformedInput(self)  // V: [16, tiles, channels]
    // M[ξ] = V[ξ] · U[ξ]: [tiles, channels] · [channels, filters], for each of the 16 positions ξ.
    let products = WinogradTiling.productsByPosition(
      rows: tiling.tileCount, columns: filters, inner: channels,
      inputTiles, filterTiles)
    var result = tiling.outputFromProducts(products, bias: bias)

    let inputs = [self, filter] + (bias.map { [$0] } ?? [])
    if Tensor.shouldRecord(inputs) {
      let needs = (input: requiresGradient, filter: filter.requiresGradient, bias: bias?.requiresGradient ?? false)
      let savedInputTiles = needs.filter ? inputTiles : []
      let savedFilterTiles = needs.input ? filterTiles : []
      result.record("conv2d", inputs: inputs) { gradient in
        // dM[ξ] = (A dY Aᵀ)[ξ] for each tile: [16, tiles, filters].
        let productGradients = tiling.productGradients(gradient)
        var inputGradient: Tensor?
        if needs.input {
          // dV[ξ] = dM[ξ] · U[ξ]ᵀ: [tiles, filters] · [filters, channels].
          let tileGradients = WinogradTiling.productsByPosition(
            rows: tiling.tileCount, columns: channels, inner: filters,
            productGradients, savedFilterTiles, transposeRight: true)
          inputGradient = tiling.inputGradient(fromTileGradients: tileGradients)
        }
        var filterGradient: Tensor?
        if needs.filter {
          // dU[ξ] = V[ξ]ᵀ · dM[ξ]: [channels, tiles] · [tiles, filters].
          let transformedGradients = WinogradTiling.productsByPosition(
            rows: channels, columns: filters, inner: tiling.tileCount,
            savedInputTiles, transposeLeft: true, productGradients)
          filterGradient = WinogradTiling.filterGradient(fromTransformed: transformedGradients, channels: channels, filters: filters)
        }
        return [inputGradient, filterGradient]
          + (bias == nil ? [] : [needs.bias ? gradient.reshaped(to: [-1, filters]).sum(alongAxis: 0) : nil])
      }
    }
    return result
  }
}

extension WinogradTiling {
  /// The 16 products `op(left[ξ]) · op(right[ξ])`, each [rows, columns]:
  /// every operand and the result is [16, rows, columns] as stored, one
  /// contiguous matrix per position ξ.
  ///
  /// (A tile-major [tiles, 16, channels] layout, which keeps each tile's
  /// values together for the transforms, made W2's conv2 forward 30% slower:
  /// the products then read rows of 32 floats 2 KB apart.)
  static func productsByPosition(
    rows: Int, columns: Int, inner: Int,
    _ left: [Float], transposeLeft: Bool = false, _ right: [Float], transposeRight: Bool = false
  ) -> [Float] {
    let (leftSize, rightSize, outputSize) = (rows * inner, inner * columns, rows * columns)
    return [Float](unsafeUninitializedCapacity: 16 * outputSize) { output, count in
      left.withUnsafeBufferPointer { left in
        right.withUnsafeBufferPointer { right in
          for position in 0..<16 {
            multiplyMatrices(
              transposeLeft: transposeLeft, transposeRight: transposeRight,
              rows: rows, columns: columns, inner: inner,
              left.baseAddress! + position * leftSize, leftStride: transposeLeft ? rows : inner,
              right.baseAddress! + position * rightSize, rightStride: transposeRight ? inner : columns,
              into: output.baseAddress! + position * outputSize, outputStride: columns)
          }
        }
      }
      count = 16 * outputSize
    }
  }
}

/// How `conv2d` computes 3×3, stride-1 convolutions with 16 or more channels.
enum ConvolutionMethod: Sendable {
  /// One product of the patch matrix with the filter.
  case im2col
  /// Winograd's F(2×2, 3×3): 16 smaller products.
  case winograd
}

extension Tensor {
  /// The method in force on this task or thread; tests compare the two.
  @TaskLocal static var convolutionMethod = ConvolutionMethod.winograd
}
