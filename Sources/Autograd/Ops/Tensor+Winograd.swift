// 3×3 convolutions with fewer multiplications: Winograd's minimal filtering
// algorithm F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2016).
//
// im2col computes each output pixel with 9 multiplications per input
// channel. Winograd computes a 2×2 block of outputs from the 4×4 input
// tile under it with 16 multiplications instead of 36, by working in a
// transformed space:
//
//     Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
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

  /// The tiles in groups small enough that a group's 16 planes of products
  /// (16 · tiles · outChannels floats, 256 KiB) stay in the core's cache
  /// between the products that write them and the transform that reads
  /// them. The products are then small too: OpenBLAS's small-matrix
  /// kernels take them without packing (see `smallProductPieces`).
  let blocks: [Range<Int>]
  /// The number of tiles in a block (the last may have fewer).
  let blockSize: Int

  init(_ geometry: ConvolutionGeometry) {
    self.geometry = geometry
    tileRows = (geometry.outHeight + 1) / 2
    tileColumns = (geometry.outWidth + 1) / 2
    blockSize = Swift.max(1, 4096 / Swift.max(geometry.outChannels, geometry.inChannels))
    let (size, count) = (blockSize, geometry.batch * tileRows * tileColumns)
    blocks = stride(from: 0, to: count, by: size).map { $0..<Swift.min($0 + size, count) }
  }

  /// Whether Winograd can compute this convolution: a 3×3 kernel at stride
  /// 1, a non-empty output, and channels in multiples of eight (the
  /// transforms handle eight at a time). Where it also pays off is the
  /// execution policy's decision (`ExecutionPolicy.winogradPaysOff`).
  static func canCompute(_ geometry: ConvolutionGeometry) -> Bool {
    geometry.kernelHeight == 3 && geometry.kernelWidth == 3 && geometry.stride == 1 && geometry.patchCount > 0
      && geometry.inChannels % Lanes.scalarCount == 0 && geometry.outChannels % Lanes.scalarCount == 0
  }

  /// Calls `body` for every tile of `tiles` with its index and the top-left
  /// input position of its 4×4 window (which may lie in the padding).
  func forEachTile(in tiles: Range<Int>, _ body: (_ tile: Int, _ image: Int, _ top: Int, _ left: Int) -> Void) {
    let tilesPerImage = tileRows * tileColumns
    for tile in tiles {
      let (image, place) = tile.quotientAndRemainder(dividingBy: tilesPerImage)
      let (tileRow, tileColumn) = place.quotientAndRemainder(dividingBy: tileColumns)
      body(tile, image, 2 * tileRow - geometry.padding, 2 * tileColumn - geometry.padding)
    }
  }
}

/// 16 matrices ("planes"), one per position ξ of a transformed tile, each
/// with one row of `columns` floats per tile of a range of tiles.
struct TilePlanes {
  let base: UnsafeMutablePointer<Float>
  /// The first tile of the range, whose row is row 0 of each plane.
  let firstTile: Int
  let tileCount: Int
  let columns: Int

  var planeSize: Int { tileCount * columns }

  /// The row of `tile` in the plane of position 0; position ξ is ξ·`planeSize` further.
  func row(of tile: Int) -> UnsafeMutablePointer<Float> { base + (tile - firstTile) * columns }

  /// The matrix of position ξ.
  func plane(_ position: Int) -> UnsafeMutablePointer<Float> { base + position * planeSize }
}

extension Tensor {
  /// `conv2d` of a 3×3, stride-1 filter by Winograd's F(2×2, 3×3). Same
  /// result, gradients included, as the im2col path up to rounding.
  ///
  /// The tiles are processed a block at a time (`WinogradTiling.blocks`):
  /// transform the block's input tiles, 16 products, transform back.
  func winogradConv2d(_ filter: Tensor, addingBias bias: Tensor?, _ geometry: ConvolutionGeometry) -> Tensor {
    ExecutionPolicy.recordConvolutionMethod(.winograd)
    let tiling = WinogradTiling(geometry)
    let (channels, filters, tileCount) = (geometry.inChannels, geometry.outChannels, tiling.tileCount)
    let filterTiles = WinogradTiling.transformedFilter(filter, channels: channels, filters: filters)  // U: [16, channels, filters]
    let biasValues = bias?.scalars ?? [Float](repeating: 0, count: filters)
    // V of every tile, [16, tiles, channels]: the filter's gradient needs them all.
    var inputTiles = uninitializedFloats(16 * tileCount * channels)
    var products = uninitializedFloats(16 * tiling.blockSize * filters)
    var result = Tensor(shape: geometry.outputShape) { output in
      withUnsafeScalars { pixels in
        inputTiles.withUnsafeMutableBufferPointer { inputTiles in
          products.withUnsafeMutableBufferPointer { products in
            filterTiles.withUnsafeBufferPointer { filterTiles in
              biasValues.withUnsafeBufferPointer { biasValues in
                let allTiles = TilePlanes(base: inputTiles.baseAddress!, firstTile: 0, tileCount: tileCount, columns: channels)
                for block in tiling.blocks {
                  tiling.transformInput(pixels.baseAddress!, tiles: block, into: allTiles)
                  // M[ξ] = V[ξ] · U[ξ]: [block, channels] · [channels, filters].
                  let blockProducts = TilePlanes(
                    base: products.baseAddress!, firstTile: block.lowerBound, tileCount: block.count, columns: filters)
                  for position in 0..<16 {
                    multiplyMatrices(
                      rows: block.count, columns: filters, inner: channels,
                      allTiles.row(of: block.lowerBound) + position * allTiles.planeSize, leftStride: channels,
                      filterTiles.baseAddress! + position * channels * filters, rightStride: filters,
                      into: blockProducts.plane(position), outputStride: filters)
                  }
                  tiling.writeOutput(from: blockProducts, tiles: block, bias: biasValues.baseAddress!, into: output.baseAddress!)
                }
              }
            }
          }
        }
      }
    }

    let inputs = [self, filter] + (bias.map { [$0] } ?? [])
    if Tensor.shouldRecord(inputs) {
      let needs = (input: requiresGradient, filter: filter.requiresGradient, bias: bias?.requiresGradient ?? false)
      let savedInputTiles = needs.filter ? inputTiles : []
      let inputShape = shape
      result.record("conv2d", inputs: inputs) { gradient in
        let gradients = tiling.winogradGradients(
          gradient, inputTiles: savedInputTiles, filterTiles: filterTiles, inputShape: inputShape,
          needsInput: needs.input, needsFilter: needs.filter)
        return [gradients.input, gradients.filter]
          + (bias == nil ? [] : [needs.bias ? gradient.reshaped(to: [-1, filters]).sum(alongAxis: 0) : nil])
      }
    }
    return result
  }
}

extension WinogradTiling {
  /// The gradients of the input and of the filter, a block of tiles at a time:
  ///
  ///     dM[ξ] = (A dY Aᵀ)[ξ]            for each tile
  ///     dV[ξ] = dM[ξ] · U[ξ]ᵀ           [block, filters] · [filters, channels]
  ///     dInput += B dV Bᵀ               under each tile
  ///     dU[ξ] += V[ξ]ᵀ · dM[ξ]          [channels, block] · [block, filters]
  ///     dFilter = Gᵀ dU G
  func winogradGradients(
    _ gradient: Tensor, inputTiles: [Float], filterTiles: [Float], inputShape: [Int], needsInput: Bool, needsFilter: Bool
  ) -> (input: Tensor?, filter: Tensor?) {
    let (channels, filters) = (geometry.inChannels, geometry.outChannels)
    var productGradients = uninitializedFloats(16 * blockSize * filters)
    var tileGradients = uninitializedFloats(needsInput ? 16 * blockSize * channels : 0)
    var inputGradient = needsInput ? Tensor.zeros(inputShape) : nil
    var transformedFilterGradient = [Float](repeating: 0, count: needsFilter ? 16 * channels * filters : 0)
    gradient.withUnsafeScalars { gradient in
      productGradients.withUnsafeMutableBufferPointer { productGradients in
        tileGradients.withUnsafeMutableBufferPointer { tileGradients in
          inputTiles.withUnsafeBufferPointer { inputTiles in
            filterTiles.withUnsafeBufferPointer { filterTiles in
              transformedFilterGradient.withUnsafeMutableBufferPointer { filterSums in
                for block in blocks {
                  let blockGradients = TilePlanes(
                    base: productGradients.baseAddress!, firstTile: block.lowerBound, tileCount: block.count, columns: filters)
                  transformOutputGradient(gradient.baseAddress!, tiles: block, into: blockGradients)
                  if needsInput {
                    let blockTileGradients = TilePlanes(
                      base: tileGradients.baseAddress!, firstTile: block.lowerBound, tileCount: block.count, columns: channels)
                    for position in 0..<16 {
                      multiplyMatrices(
                        transposeRight: true, rows: block.count, columns: channels, inner: filters,
                        blockGradients.plane(position), leftStride: filters,
                        filterTiles.baseAddress! + position * channels * filters, rightStride: filters,
                        into: blockTileGradients.plane(position), outputStride: channels)
                    }
                    inputGradient!.withUnsafeMutableScalars { pixels in
                      addInputGradient(from: blockTileGradients, tiles: block, into: pixels.baseAddress!)
                    }
                  }
                  if needsFilter {
                    for position in 0..<16 {
                      multiplyMatrices(
                        transposeLeft: true, rows: channels, columns: filters, inner: block.count,
                        inputTiles.baseAddress! + (position * tileCount + block.lowerBound) * channels, leftStride: channels,
                        blockGradients.plane(position), rightStride: filters,
                        into: filterSums.baseAddress! + position * channels * filters, outputStride: filters,
                        accumulate: block.lowerBound > 0)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    let filterGradient = needsFilter
      ? WinogradTiling.filterGradient(fromTransformed: transformedFilterGradient, channels: channels, filters: filters) : nil
    return (inputGradient, filterGradient)
  }
}

/// A buffer for `count` floats that the caller writes before reading.
private func uninitializedFloats(_ count: Int) -> [Float] {
  [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
