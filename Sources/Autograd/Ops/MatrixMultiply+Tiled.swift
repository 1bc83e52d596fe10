// Products that OpenBLAS would have to copy before multiplying.
//
// sgemm first copies ("packs") panels of both operands into the order its
// kernel reads, then multiplies. For a square product that copy is paid
// once per n³ multiply-adds and disappears; for a layer's product it is
// not: a batch of activations [2048, 128] times a weight [128, 512] does
// only 512 multiply-adds per activation it copies, and the copy is a trip
// through memory for a tensor larger than the caches. In the Transformer's
// training step (W4) OpenBLAS spent about 10 % of its time copying.
//
// Here the small operand (a weight, at most `Thresholds.tiledProductShortSide`
// rows deep) is copied once into panels of 32 columns, which stay in the
// caches, and the large one is read where it lies: 8 rows of the result
// at a time, each kept in registers as two 16-wide sums while the loop runs
// over the inner dimension. The weight gradient Aᵀ·B, whose two operands
// (the activations and the output's gradient) are both as long as the batch, reads both where they lie, in chunks of the inner
// dimension that fit in the caches.
//
// Every element of the result is one fused multiply-add chain over the
// inner index in increasing order (then added to the output when it
// accumulates, and, for the weight gradient, chunk after chunk): the same
// arithmetic whichever tile, row count or vector width computes it, so the
// AVX2 and AVX-512 builds give the same bits.

// region: tiled-product
/// The columns of a panel and of a tile: two 16-wide vectors. The default
/// kernel choice and the split of a product in halves keep to whole panels.
let tiledPanelWidth = 32
/// The rows of a tile: 8 rows × 2 vectors are 16 sums, which with the
/// panel's row and a broadcast fit AVX-512's 32 vector registers. AVX2 has
/// 16 registers of half the width, so 2 rows (8 registers of sums); 3 or 4
/// spilled to memory (measured on a Zen 4 built for AVX2: 49 and 62 GFLOP/s
/// against 92–104 with 2 rows, and OpenBLAS's AVX2 kernels' 107).
#if COURSE_WIDE_VECTORS
private let tileRows = 8
#else
private let tileRows = 2
#endif
/// Rows of the large operand multiplied against every panel before the next
/// rows are read: 64 rows of at most 512 floats stay in the first two cache levels.
private let rowBlock = 64
/// The inner dimension of the weight gradient is cut into chunks this long,
/// so that a chunk of both operands stays in the second-level cache while
/// every tile of the result reads it.
private let innerChunk = 256

/// `output (+)= op(left) · op(right)` for row-major matrices, with op(A) = A
/// or Aᵀ as in sgemm: `rows × inner` times `inner × columns`, plus the row
/// `bias` on every row if given (not with `accumulate`, nor with Aᵀ). Not for both
/// operands transposed (``canMultiplyTiled(transposeLeft:transposeRight:)``).
///
/// - Complexity: rows·columns·inner multiply-adds, plus a copy of the right
///   operand (inner × columns) when the left is not transposed, unless B is
///   read in place (A·B of whole panels and at most 64 rows).
func multiplyTiled(
  transposeLeft: Bool, transposeRight: Bool, rows: Int, columns: Int, inner: Int,
  _ left: UnsafePointer<Float>, leftStride: Int, _ right: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, outputStride: Int, accumulate: Bool, addingRow bias: UnsafePointer<Float>? = nil
) {
  precondition(!(transposeLeft && transposeRight), "multiplyTiled: both operands transposed is not supported")
  precondition(bias == nil || !(accumulate || transposeLeft), "multiplyTiled: a bias row only on A·B or A·Bᵀ, not accumulating")
  if transposeLeft {
    multiplyTransposedLeft(
      rows: rows, columns: columns, inner: inner, left, leftStride: leftStride, right, rightStride: rightStride,
      into: output, outputStride: outputStride, accumulate: accumulate)
  } else {
    multiplyInPanels(
      transposeRight: transposeRight, rows: rows, columns: columns, inner: inner, left, leftStride: leftStride,
      right, rightStride: rightStride, into: output, outputStride: outputStride, accumulate: accumulate, bias: bias)
  }
}

/// Whether ``multiplyTiled`` computes this layout (not Aᵀ·Bᵀ, which no layer needs).
func canMultiplyTiled(transposeLeft: Bool, transposeRight: Bool) -> Bool { !(transposeLeft && transposeRight) }
// endregion

/// A·B or A·Bᵀ: op(B) copied into zero-padded panels of 32 columns (or, for one block of rows against whole
/// panels of B, read where it lies), A read in place.
private func multiplyInPanels(
  transposeRight: Bool, rows: Int, columns: Int, inner: Int,
  _ left: UnsafePointer<Float>, leftStride: Int, _ right: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, outputStride: Int, accumulate: Bool, bias: UnsafePointer<Float>?
) {
  let panelCount = (columns + tiledPanelWidth - 1) / tiledPanelWidth
  // B's own rows are already panels when they are whole: with one block of rows, each panel is read by that block
  // alone, and a copy would cost more than the contiguous reads it buys.
  if !transposeRight && columns % tiledPanelWidth == 0 && rows <= rowBlock {
    multiplyPanels(
      panelCount: panelCount, rows: rows, columns: columns, inner: inner, left, leftStride: leftStride,
      panel: { right + $0 * tiledPanelWidth }, panelStride: rightStride, into: output, outputStride: outputStride,
      accumulate: accumulate, bias: bias)
    return
  }
  let panels = allocateAligned(panelCount * inner * tiledPanelWidth)
  defer { panels.deallocate() }
  for panel in 0..<panelCount {
    let first = panel * tiledPanelWidth
    let width = min(tiledPanelWidth, columns - first)
    let destination = panels + panel * inner * tiledPanelWidth
    for k in 0..<inner {
      let row = destination + k * tiledPanelWidth
      // op(B)[k, first + j]: B[k, first + j], or B[first + j, k] when transposed.
      if transposeRight {
        for j in 0..<width { row[j] = right[(first + j) * rightStride + k] }
      } else {
        row.update(from: right + k * rightStride + first, count: width)
      }
      (row + width).update(repeating: 0, count: tiledPanelWidth - width)
    }
  }
  multiplyPanels(
    panelCount: panelCount, rows: rows, columns: columns, inner: inner, left, leftStride: leftStride,
    panel: { UnsafePointer(panels + $0 * inner * tiledPanelWidth) }, panelStride: tiledPanelWidth, into: output,
    outputStride: outputStride, accumulate: accumulate, bias: bias)
}

/// Rows of A against every panel, `rowBlock` rows at a time; panel `p` starts at `panel(p)`, its rows `panelStride` apart.
private func multiplyPanels(
  panelCount: Int, rows: Int, columns: Int, inner: Int, _ left: UnsafePointer<Float>, leftStride: Int,
  panel panelStart: (Int) -> UnsafePointer<Float>, panelStride: Int,
  into output: UnsafeMutablePointer<Float>, outputStride: Int, accumulate: Bool, bias: UnsafePointer<Float>?
) {
  for blockStart in stride(from: 0, to: rows, by: rowBlock) {
    let blockEnd = min(blockStart + rowBlock, rows)
    for panel in 0..<panelCount {
      let tile = Tile(
        columns: min(tiledPanelWidth, columns - panel * tiledPanelWidth), inner: inner,
        right: panelStart(panel), rightStride: panelStride, leftInnerStride: 1,
        bias: bias.map { $0 + panel * tiledPanelWidth })
      var row = blockStart
      while row < blockEnd {
        let height = min(tileRows, blockEnd - row)
        tile.multiply(
          height: height, left: left + row * leftStride, leftRowStride: leftStride,
          into: output + row * outputStride + panel * tiledPanelWidth, outputStride: outputStride, adding: accumulate)
        row += height
      }
    }
  }
}

/// Room for `count` floats on a cache line's boundary: a panel's rows are
/// read 64 bytes at a time, and a read across two lines costs two.
private func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Float> {
  UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
    .bindMemory(to: Float.self, capacity: count)
}

/// Aᵀ·B, the weight gradient: both operands read in place, the inner
/// dimension (the batch's rows) in chunks that stay in the caches.
private func multiplyTransposedLeft(
  rows: Int, columns: Int, inner: Int,
  _ left: UnsafePointer<Float>, leftStride: Int, _ right: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, outputStride: Int, accumulate: Bool
) {
  let fullPanels = columns / tiledPanelWidth
  let edgeWidth = columns - fullPanels * tiledPanelWidth
  // The last columns, fewer than 32, copied chunk by chunk into a zero-padded panel.
  let edge = allocateAligned(edgeWidth > 0 ? innerChunk * tiledPanelWidth : 0)
  defer { edge.deallocate() }
  if inner == 0 && !accumulate {
    for row in 0..<rows { (output + row * outputStride).update(repeating: 0, count: columns) }
  }
  for chunkStart in stride(from: 0, to: inner, by: innerChunk) {
    let depth = min(innerChunk, inner - chunkStart)
    let adding = accumulate || chunkStart > 0
    // Row i of op(A) = Aᵀ is column i of A: its inner index k steps by A's row stride.
    let chunkLeft = left + chunkStart * leftStride
    if edgeWidth > 0 {
      for k in 0..<depth {
        let destination = edge + k * tiledPanelWidth
        destination.update(from: right + (chunkStart + k) * rightStride + fullPanels * tiledPanelWidth, count: edgeWidth)
        (destination + edgeWidth).update(repeating: 0, count: tiledPanelWidth - edgeWidth)
      }
    }
    for rowStart in stride(from: 0, to: rows, by: tileRows) {
      let height = min(tileRows, rows - rowStart)
      for panel in 0...fullPanels where panel < fullPanels || edgeWidth > 0 {
        let isEdge = panel == fullPanels
        let tile = Tile(
          columns: isEdge ? edgeWidth : tiledPanelWidth, inner: depth,
          right: isEdge ? UnsafePointer(edge) : right + chunkStart * rightStride + panel * tiledPanelWidth,
          rightStride: isEdge ? tiledPanelWidth : rightStride, leftInnerStride: leftStride, bias: nil)
        tile.multiply(
          height: height, left: chunkLeft + rowStart, leftRowStride: 1,
          into: output + rowStart * outputStride + panel * tiledPanelWidth, outputStride: outputStride, adding: adding)
      }
    }
  }
}

/// One panel of op(B), up to 32 columns wide, against rows of op(A).
private struct Tile {
  /// The columns of the panel that belong to the result (the rest are zeros or past its edge).
  let columns: Int
  let inner: Int
  /// Row k of the panel: 32 floats at `right + k · rightStride`.
  let right: UnsafePointer<Float>
  let rightStride: Int
  /// How far op(A)'s inner index steps in memory: 1 for A, A's row stride for Aᵀ.
  let leftInnerStride: Int
  /// The bias's numbers for this panel's columns, added to each row's sums (when not adding to the output).
  let bias: UnsafePointer<Float>?

  /// Rows `0..<height` of the result's tile from op(A)'s rows at `left`, `leftRowStride` apart.
  @inline(__always)
  func multiply(
    height: Int, left: UnsafePointer<Float>, leftRowStride: Int,
    into output: UnsafeMutablePointer<Float>, outputStride: Int, adding: Bool
  ) {
    if height == tileRows && columns == tiledPanelWidth {
      // The full tile's stores written out here rather than through `store`: a loop of `store` calls kept the
      // sums in memory instead of registers (measured about 15 % slower on [2048, 128]·[128, 512]).
      let (low, high) = tileSums(rows: tileRows, left: left, leftRowStride: leftRowStride)
      var destination = UnsafeMutableRawPointer(output)
      let biasRow = bias.map { UnsafeRawPointer($0) }
      for row in 0..<tileRows {
        var (lowSum, highSum) = (low[row], high[row])
        // What is already there, or the bias, first and the sum second: the order of filling the bias in and adding.
        if adding {
          lowSum = destination.loadUnaligned(as: SIMD16<Float>.self) + lowSum
          highSum = destination.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self) + highSum
        } else if let biasRow {
          lowSum = biasRow.loadUnaligned(as: SIMD16<Float>.self) + lowSum
          highSum = biasRow.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self) + highSum
        }
        destination.storeBytes(of: lowSum, as: SIMD16<Float>.self)
        destination.storeBytes(of: highSum, toByteOffset: 64, as: SIMD16<Float>.self)
        destination += outputStride &* MemoryLayout<Float>.stride
      }
    } else if height == tileRows {
      let sums = tileSums(rows: tileRows, left: left, leftRowStride: leftRowStride)
      for row in 0..<tileRows {
        store(sums.low[row], sums.high[row], into: output + row * outputStride, adding: adding)
      }
    } else {
      for row in 0..<height {
        let sums = tileSums(rows: 1, left: left + row * leftRowStride, leftRowStride: leftRowStride)
        store(sums.low[0], sums.high[0], into: output + row * outputStride, adding: adding)
      }
    }
  }

  // region: tile-sums
  /// Each of `rows` rows' 32 sums over the inner index, as two 16-wide
  /// vectors kept in registers (`rows` is a constant where this is inlined).
  @inline(__always)
  private func tileSums(
    rows: Int, left: UnsafePointer<Float>, leftRowStride: Int
  ) -> (low: InlineArray<8, SIMD16<Float>>, high: InlineArray<8, SIMD16<Float>>) {
    var low = InlineArray<8, SIMD16<Float>>(repeating: .zero)
    var high = InlineArray<8, SIMD16<Float>>(repeating: .zero)
    // Pointers stepped, not indices multiplied: the loop carries no overflow checks.
    var panelRow = UnsafeRawPointer(right)
    var column = left
    for _ in 0..<inner {
      let right0 = panelRow.loadUnaligned(as: SIMD16<Float>.self)
      let right1 = panelRow.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
      var element = column
      for row in 0..<rows {
        let value = SIMD16<Float>(repeating: element.pointee)
        low[row].addProduct(value, right0)
        high[row].addProduct(value, right1)
        element += leftRowStride
      }
      panelRow += rightStride &* MemoryLayout<Float>.stride
      column += leftInnerStride
    }
    return (low, high)
  }
  // endregion

  /// Writes (or adds) one row's 32 sums, only the columns that belong to the result.
  @inline(__always)
  private func store(_ low: SIMD16<Float>, _ high: SIMD16<Float>, into output: UnsafeMutablePointer<Float>, adding: Bool) {
    if columns == tiledPanelWidth {
      let raw = UnsafeMutableRawPointer(output)
      if adding || bias != nil {
        let before = adding ? UnsafeRawPointer(raw) : UnsafeRawPointer(bias!)
        raw.storeBytes(of: before.loadUnaligned(as: SIMD16<Float>.self) + low, as: SIMD16<Float>.self)
        raw.storeBytes(
          of: before.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self) + high, toByteOffset: 64, as: SIMD16<Float>.self)
      } else {
        raw.storeBytes(of: low, as: SIMD16<Float>.self)
        raw.storeBytes(of: high, toByteOffset: 64, as: SIMD16<Float>.self)
      }
    } else {
      // The panel's padding columns are not the result's: copy out the first `columns` sums only.
      var sums = (low, high)
      withUnsafeBytes(of: &sums) { bytes in
        let sums = bytes.assumingMemoryBound(to: Float.self)
        for column in 0..<columns {
          output[column] = adding ? output[column] + sums[column] : bias.map { $0[column] + sums[column] } ?? sums[column]
        }
      }
    }
  }
}
