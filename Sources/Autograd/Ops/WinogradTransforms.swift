// The small transforms of Winograd's F(2×2, 3×3), applied to every tile;
// see Tensor+Winograd.swift for the algorithm. A 2-D transform X ↦ P X Qᵀ
// is a 1-D transform of each column, then of each row. Each value here is
// eight channels at once (`Lanes`), so a tile of 4×4 pixels is 16 vectors.
// The 16 positions ξ of a transformed tile are stored as 16 planes, each a
// row-major matrix ready for one matrix product.

/// Eight consecutive channels of one pixel.
typealias Lanes = SIMD8<Float>

private func load(_ pointer: UnsafePointer<Float>) -> Lanes {
  UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
}

private func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes.self)
}

private func add(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
  store(load(pointer) + value, pointer)
}

// MARK: - The 1-D transforms and their transposes

// region: winograd-transforms
/// Bᵀ x for a column x of an input tile.
@inline(__always)
private func inputTransform(_ x: (Lanes, Lanes, Lanes, Lanes)) -> (Lanes, Lanes, Lanes, Lanes) {
  (x.0 - x.2, x.1 + x.2, x.2 - x.1, x.1 - x.3)
}

/// B x, the transpose of `inputTransform`, for the input's gradient.
@inline(__always)
private func inputTransformTransposed(_ x: (Lanes, Lanes, Lanes, Lanes)) -> (Lanes, Lanes, Lanes, Lanes) {
  (x.0, x.1 - x.2 + x.3, x.1 + x.2 - x.0, -x.3)
}

/// G x for a column x of a 3×3 filter.
@inline(__always)
private func filterTransform(_ x: (Lanes, Lanes, Lanes)) -> (Lanes, Lanes, Lanes, Lanes) {
  (x.0, 0.5 * (x.0 + x.1 + x.2), 0.5 * (x.0 - x.1 + x.2), x.2)
}

/// Gᵀ x, the transpose of `filterTransform`, for the filter's gradient.
@inline(__always)
private func filterTransformTransposed(_ x: (Lanes, Lanes, Lanes, Lanes)) -> (Lanes, Lanes, Lanes) {
  (x.0 + 0.5 * (x.1 + x.2), 0.5 * (x.1 - x.2), 0.5 * (x.1 + x.2) + x.3)
}

/// Aᵀ x for a column x of a tile of products.
@inline(__always)
private func outputTransform(_ x: (Lanes, Lanes, Lanes, Lanes)) -> (Lanes, Lanes) {
  (x.0 + x.1 + x.2, x.1 - x.2 - x.3)
}

/// A x, the transpose of `outputTransform`, for the output's gradient.
@inline(__always)
private func outputTransformTransposed(_ x: (Lanes, Lanes)) -> (Lanes, Lanes, Lanes, Lanes) {
  (x.0, x.0 + x.1, x.0 - x.1, -x.1)
}

// endregion

/// P X Pᵀ for a 4×4 X (row-major in `tile`), with P = `transform`, in place.
@inline(__always)
private func transformBothSides(
  _ tile: UnsafeMutablePointer<Lanes>, _ transform: ((Lanes, Lanes, Lanes, Lanes)) -> (Lanes, Lanes, Lanes, Lanes)
) {
  for column in 0..<4 {
    let result = transform((tile[column], tile[4 + column], tile[8 + column], tile[12 + column]))
    (tile[column], tile[4 + column], tile[8 + column], tile[12 + column]) = result
  }
  for row in 0..<4 {
    let first = row * 4
    let result = transform((tile[first], tile[first + 1], tile[first + 2], tile[first + 3]))
    (tile[first], tile[first + 1], tile[first + 2], tile[first + 3]) = result
  }
}

// MARK: - Forward

extension WinogradTiling {
  /// Writes V = Bᵀ d B for the input tiles d of `tiles` into `planes`
  /// (16 planes with one row of inChannels per tile).
  func transformInput(_ pixels: UnsafePointer<Float>, tiles: Range<Int>, into planes: TilePlanes) {
    let g = geometry
    let zeros = [Float](repeating: 0, count: g.inChannels)
    zeros.withUnsafeBufferPointer { zeros in
      withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 16) { window in
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { tile in
          forEachTile(in: tiles) { tileIndex, image, top, left in
            // The 16 pixels under the tile, or zeros where it lies in the padding.
            for position in 0..<16 {
              let (row, column) = (top + position / 4, left + position % 4)
              let inside = (0..<g.height).contains(row) && (0..<g.width).contains(column)
              window[position] = inside ? pixels + ((image * g.height + row) * g.width + column) * g.inChannels : zeros.baseAddress!
            }
            let destination = planes.row(of: tileIndex)
            for channel in stride(from: 0, to: g.inChannels, by: Lanes.scalarCount) {
              for position in 0..<16 { tile[position] = load(window[position] + channel) }
              transformBothSides(tile.baseAddress!, inputTransform)
              for position in 0..<16 { store(tile[position], destination + position * planes.planeSize + channel) }
            }
          }
        }
      }
    }
  }

  /// U: G g Gᵀ for every 3×3 filter g of `filter` [3, 3, channels, filters],
  /// as 16 planes of [channels, filters].
  static func transformedFilter(_ filter: Tensor, channels: Int, filters: Int) -> [Float] {
    let plane = channels * filters
    return [Float](unsafeUninitializedCapacity: 16 * plane) { planes, count in
      filter.withUnsafeScalars { weights in
        let weights = weights.baseAddress!
        for offset in stride(from: 0, to: plane, by: Lanes.scalarCount) {
          // The filter's element (row, column) of this channel and filter lies at (row·3 + column)·plane.
          func weight(_ row: Int, _ column: Int) -> Lanes { load(weights + (row * 3 + column) * plane + offset) }
          // G g: each of the 3 columns becomes 4 values; then each of the 4 rows.
          let (c0, c1, c2) = (
            filterTransform((weight(0, 0), weight(1, 0), weight(2, 0))),
            filterTransform((weight(0, 1), weight(1, 1), weight(2, 1))),
            filterTransform((weight(0, 2), weight(1, 2), weight(2, 2)))
          )
          func storeRow(_ row: Int, _ values: (Lanes, Lanes, Lanes, Lanes)) {
            let destination = planes.baseAddress! + row * 4 * plane + offset
            store(values.0, destination)
            store(values.1, destination + plane)
            store(values.2, destination + 2 * plane)
            store(values.3, destination + 3 * plane)
          }
          storeRow(0, filterTransform((c0.0, c1.0, c2.0)))
          storeRow(1, filterTransform((c0.1, c1.1, c2.1)))
          storeRow(2, filterTransform((c0.2, c1.2, c2.2)))
          storeRow(3, filterTransform((c0.3, c1.3, c2.3)))
        }
      }
      count = 16 * plane
    }
  }

  /// Writes Y = Aᵀ m A plus the bias for the tiles m of `tiles` in
  /// `products` (16 planes with one row of outChannels per tile) to the NHWC
  /// output; blocks hanging over its edge are cut.
  func writeOutput(from products: TilePlanes, tiles: Range<Int>, bias: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
    let g = geometry
    let plane = products.planeSize
    forEachTile(in: tiles) { tileIndex, image, top, left in
      let (outRow, outColumn) = (top + g.padding, left + g.padding)
      let tile = products.row(of: tileIndex)
      for channel in stride(from: 0, to: g.outChannels, by: Lanes.scalarCount) {
        func value(_ row: Int, _ column: Int) -> Lanes { load(tile + (row * 4 + column) * plane + channel) }
        let offset = load(bias + channel)
        // Aᵀ m: each of the 4 columns, 4 → 2; then each of the 2 rows, 4 → 2.
        let (c0, c1, c2, c3) = (
          outputTransform((value(0, 0), value(1, 0), value(2, 0), value(3, 0))),
          outputTransform((value(0, 1), value(1, 1), value(2, 1), value(3, 1))),
          outputTransform((value(0, 2), value(1, 2), value(2, 2), value(3, 2))),
          outputTransform((value(0, 3), value(1, 3), value(2, 3), value(3, 3)))
        )
        func storeRow(_ row: Int, _ values: (Lanes, Lanes)) {
          guard outRow + row < g.outHeight else { return }
          let start = output + ((image * g.outHeight + outRow + row) * g.outWidth + outColumn) * g.outChannels + channel
          store(values.0 + offset, start)
          if outColumn + 1 < g.outWidth { store(values.1 + offset, start + g.outChannels) }
        }
        storeRow(0, outputTransform((c0.0, c1.0, c2.0, c3.0)))
        storeRow(1, outputTransform((c0.1, c1.1, c2.1, c3.1)))
      }
    }
  }
}

// MARK: - Backward

extension WinogradTiling {
  /// Writes dM = A dY Aᵀ for the 2×2 blocks dY of the output's gradient
  /// (zero beyond its edge) under the tiles of `tiles` into `planes` (16
  /// planes with one row of outChannels per tile).
  func transformOutputGradient(_ gradient: UnsafePointer<Float>, tiles: Range<Int>, into planes: TilePlanes) {
    let g = geometry
    let plane = planes.planeSize
    let zeros = [Float](repeating: 0, count: g.outChannels)
    zeros.withUnsafeBufferPointer { zeros in
      forEachTile(in: tiles) { tileIndex, image, top, left in
        let (outRow, outColumn) = (top + g.padding, left + g.padding)
        // The block's 4 outputs, or zeros where it hangs over the output's edge.
        func pixel(_ row: Int, _ column: Int) -> UnsafePointer<Float> {
          guard outRow + row < g.outHeight && outColumn + column < g.outWidth else { return zeros.baseAddress! }
          return gradient + ((image * g.outHeight + outRow + row) * g.outWidth + outColumn + column) * g.outChannels
        }
        let (topLeft, topRight, bottomLeft, bottomRight) = (pixel(0, 0), pixel(0, 1), pixel(1, 0), pixel(1, 1))
        let destination = planes.row(of: tileIndex)
        for channel in stride(from: 0, to: g.outChannels, by: Lanes.scalarCount) {
          // A dY: each of the 2 columns becomes 4 values; then each of the 4 rows, 2 → 4.
          let left = outputTransformTransposed((load(topLeft + channel), load(bottomLeft + channel)))
          let right = outputTransformTransposed((load(topRight + channel), load(bottomRight + channel)))
          func storeRow(_ row: Int, _ values: (Lanes, Lanes, Lanes, Lanes)) {
            let start = destination + row * 4 * plane + channel
            store(values.0, start)
            store(values.1, start + plane)
            store(values.2, start + 2 * plane)
            store(values.3, start + 3 * plane)
          }
          storeRow(0, outputTransformTransposed((left.0, right.0)))
          storeRow(1, outputTransformTransposed((left.1, right.1)))
          storeRow(2, outputTransformTransposed((left.2, right.2)))
          storeRow(3, outputTransformTransposed((left.3, right.3)))
        }
      }
    }
  }

  /// Adds B dV Bᵀ, for the tiles of `tiles` in `tileGradients` (16 planes
  /// with one row of inChannels per tile), to the input pixels under each
  /// tile (tiles overlap by two pixels; values in the padding are dropped).
  func addInputGradient(from tileGradients: TilePlanes, tiles: Range<Int>, into pixels: UnsafeMutablePointer<Float>) {
    let g = geometry
    withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>?.self, capacity: 16) { window in
      withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { tile in
        forEachTile(in: tiles) { tileIndex, image, top, left in
          for position in 0..<16 {
            let (row, column) = (top + position / 4, left + position % 4)
            let inside = (0..<g.height).contains(row) && (0..<g.width).contains(column)
            window[position] = inside ? pixels + ((image * g.height + row) * g.width + column) * g.inChannels : nil
          }
          let source = tileGradients.row(of: tileIndex)
          for channel in stride(from: 0, to: g.inChannels, by: Lanes.scalarCount) {
            for position in 0..<16 { tile[position] = load(source + position * tileGradients.planeSize + channel) }
            transformBothSides(tile.baseAddress!, inputTransformTransposed)
            for position in 0..<16 {
              if let pixel = window[position] { add(tile[position], pixel + channel) }
            }
          }
        }
      }
    }
  }

  /// dFilter = Gᵀ dU G for every transformed filter gradient dU [16, channels, filters],
  /// as a [3, 3, channels, filters] tensor.
  static func filterGradient(fromTransformed transformed: [Float], channels: Int, filters: Int) -> Tensor {
    let plane = channels * filters
    return Tensor(shape: [3, 3, channels, filters]) { result in
      transformed.withUnsafeBufferPointer { transformed in
        for offset in stride(from: 0, to: plane, by: Lanes.scalarCount) {
          func value(_ row: Int, _ column: Int) -> Lanes { load(transformed.baseAddress! + (row * 4 + column) * plane + offset) }
          // Gᵀ dU: each of the 4 columns, 4 → 3; then each of the 3 rows, 4 → 3.
          let (c0, c1, c2, c3) = (
            filterTransformTransposed((value(0, 0), value(1, 0), value(2, 0), value(3, 0))),
            filterTransformTransposed((value(0, 1), value(1, 1), value(2, 1), value(3, 1))),
            filterTransformTransposed((value(0, 2), value(1, 2), value(2, 2), value(3, 2))),
            filterTransformTransposed((value(0, 3), value(1, 3), value(2, 3), value(3, 3)))
          )
          func storeRow(_ row: Int, _ values: (Lanes, Lanes, Lanes)) {
            let destination = result.baseAddress! + row * 3 * plane + offset
            store(values.0, destination)
            store(values.1, destination + plane)
            store(values.2, destination + 2 * plane)
          }
          storeRow(0, filterTransformTransposed((c0.0, c1.0, c2.0, c3.0)))
          storeRow(1, filterTransformTransposed((c0.1, c1.1, c2.1, c3.1)))
          storeRow(2, filterTransformTransposed((c0.2, c1.2, c2.2, c3.2)))
        }
      }
    }
  }
}
