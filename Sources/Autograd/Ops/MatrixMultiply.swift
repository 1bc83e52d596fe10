import CBLAS
import Foundation
import Synchronization

// Every matrix product of the core goes through `multiplyMatrices`, which
// calls OpenBLAS's sgemm and decides how to use the machine's cores; a
// product of one row by a matrix, as in generation one position at a time,
// runs in a loop of its own instead (MatrixMultiply+OneRow.swift), and in
// builds for x86-64-v4 a layer's products over many positions (almost every
// product, where OpenBLAS runs kernels that are not AVX-512 ones) run in the
// core's tiled kernel (MatrixMultiply+Tiled.swift; the rule is
// `ExecutionPolicy.usesTiledKernel`).
//
// Why not leave threading to OpenBLAS: on two cores its second thread makes
// large products almost twice as fast, but the small, skinny products of a
// batch-32 network up to three times slower (measured for [32, 784]·[784, 64]:
// 37 µs on one thread, 56 µs on two), because it wakes its workers through
// the kernel. Splitting a product into two halves, one on a spinning
// ``HelperThread``, each a single-threaded sgemm, costs a fraction of a
// microsecond instead.

private typealias Thresholds = ExecutionPolicy.Thresholds

/// C = op(A)·op(B) (+ C if `accumulate`, + the row `bias` on every row if given), row-major.
///
/// - Parameters:
///   - rows, columns, inner: m, n and k of an m×k by k×n product.
///   - bias: `columns` numbers added to every row of the product (a layer's
///     bias), as if the output had been filled with them and accumulated
///     onto: the same arithmetic, without the pass that fills. Not with `accumulate`.
///   - leftStride, rightStride, outputStride: The distance between rows of
///     each matrix as stored, so a matrix can be every n-th row of a larger one.
///   - threading, pieces: How to compute it; the core's current settings
///     unless a test asks for others (the settings are global, tests run at once).
func multiplyMatrices(
  transposeLeft: Bool = false, transposeRight: Bool = false,
  rows: Int, columns: Int, inner: Int,
  _ left: UnsafePointer<Float>, leftStride: Int,
  _ right: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, outputStride: Int,
  accumulate: Bool = false, addingRow bias: UnsafePointer<Float>? = nil,
  threading: ExecutionPolicy.Threading = ExecutionPolicy.threading,
  pieces: ExecutionPolicy.ProductPieces = ExecutionPolicy.productPieces,
  kernel: ExecutionPolicy.ProductKernel = ExecutionPolicy.productKernel
) {
  precondition(!(accumulate && bias != nil), "multiplyMatrices: a bias row and accumulate both asked for")
  let work = rows * columns * inner
  // OpenBLAS's own threads, where they are asked for, take the products they would take, unless the tiled kernel is forced.
  let openBLASThreads = threading == .openBLAS && work >= Thresholds.openBLASThreadsWork
  let product = SgemmCall(
    transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner,
    left: left, leftStride: leftStride, right: right, rightStride: rightStride, output: output,
    outputStride: outputStride, accumulate: accumulate, bias: bias, cutsInPieces: pieces.cutsProducts,
    isTiled: ExecutionPolicy.usesTiledKernel(
      transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner,
      kernel: openBLASThreads && kernel == .automatic ? .sgemm : kernel))
  if rows == 1 && !transposeLeft {
    // One row, as in generation one position at a time: see MatrixMultiply+OneRow.swift.
    if let bias { output.update(from: bias, count: columns) }
    return multiplyRow(
      left, by: right, transposed: transposeRight, rightStride: rightStride, into: output, inner: inner,
      columns: columns, accumulate: accumulate || bias != nil)
  }
  switch threading {
  case .halves where work >= Thresholds.splitProductWork && max(rows, columns) >= Thresholds.splitProductSide:
    useOpenBLASThreads(1)
    let (first, second) = product.halves()
    HelperThread.shared.run({ first.compute() }, alongside: { second.compute() })
  case .openBLAS where openBLASThreads && !product.isTiled:
    useOpenBLASThreads(openBLASThreadCount.load(ordering: .relaxed))
    product.fillingBias().computeWhole()  // pieces would each run on one thread
  default:
    useOpenBLASThreads(1)
    product.compute()
  }
}

/// How many pieces to compute a product in, one after the other, where
/// pieces are on (``ExecutionPolicy/ExecutionPolicy.ProductPieces``): 1 for the whole product at once, or
/// enough that each piece is small enough for OpenBLAS's small-matrix kernels.
///
/// OpenBLAS (0.3.16 and later, with its AVX-512 kernel sets such as
/// "Cooperlake", which it picks on a Zen 4) multiplies products of at most 100³ multiply-adds
/// with kernels that read the operands where they are, and larger ones by
/// first copying panels of both operands into a packed order. For skinny
/// products, with one side of 64 or less, the copying costs more than it
/// saves. Measured with one thread: [32, 784]·[784, 64] 42 µs whole, 29 µs
/// in two pieces; [784, 32]ᵀ-shaped weight gradients 40 against 33 µs;
/// [1936, 288]·[288, 64] 822 against 651 µs; [144, 64]·[64, 576] 124
/// against 105 µs; but a square 300³ product 554 against 790 µs. Pieces
/// split the longest of the three dimensions; pieces of the inner one add
/// up into the output, so each element's sum is taken in another order.
// region: small-product-pieces
func smallProductPieces(rows: Int, columns: Int, inner: Int) -> Int {
  let work = rows * columns * inner
  let limit = Thresholds.smallProductWork
  guard work > limit, Swift.min(rows, columns, inner) <= Thresholds.skinnyProductSide else { return 1 }
  return (work + limit - 1) / limit
}
// endregion

/// Whether OpenBLAS chose, for this processor, its AVX-512 kernel set, the
/// one with small-matrix kernels (in OpenBLAS 0.3.21): what `.automatic`
/// pieces and `.automatic` products follow. No test may depend on it: the
/// same machine gives another answer under `OPENBLAS_CORETYPE=Haswell`.
let openBLASUsesAVX512: Bool = {
  let core = String(cString: openblas_get_corename()).lowercased()
  return ["skylakex", "cooperlake", "sapphirerapids"].contains(core)
}()

/// The thread count OpenBLAS was last set to, 0 if never.
private let activeThreadCount = Atomic<Int>(0)

/// Sets OpenBLAS's thread count, if it is not that already.
func useOpenBLASThreads(_ count: Int) {
  if activeThreadCount.exchange(count, ordering: .relaxed) != count {
    openblas_set_num_threads(Int32(count))
  }
}

/// One sgemm call's operands. The pointers may cross to the helper thread:
/// the caller waits for it, so they stay valid.
private struct SgemmCall: @unchecked Sendable {
  let transposeLeft, transposeRight: Bool
  let rows, columns, inner: Int
  let left: UnsafePointer<Float>
  let leftStride: Int
  let right: UnsafePointer<Float>
  let rightStride: Int
  let output: UnsafeMutablePointer<Float>
  let outputStride: Int
  let accumulate: Bool
  /// The row added to every row of the product, or nil.
  let bias: UnsafePointer<Float>?
  /// Whether `compute` may cut the product in pieces: decided once by
  /// `multiplyMatrices`, so both halves of a split product follow the setting it was given.
  let cutsInPieces: Bool
  /// Whether `compute` runs the tiled kernel instead of sgemm (MatrixMultiply+Tiled.swift), decided as `cutsInPieces` is.
  let isTiled: Bool

  /// Computes the product on this thread: with the tiled kernel, or with
  /// sgemm in pieces small enough for OpenBLAS's small-matrix kernels if
  /// pieces are on (see `smallProductPieces`).
  func compute() {
    if isTiled {
      return multiplyTiled(
        transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner,
        left, leftStride: leftStride, right, rightStride: rightStride, into: output, outputStride: outputStride,
        accumulate: accumulate, addingRow: bias)
    }
    if bias != nil { return fillingBias().compute() }
    let pieces = cutsInPieces ? smallProductPieces(rows: rows, columns: columns, inner: inner) : 1
    guard pieces > 1 else { return computeWhole() }
    // The longest dimension: measured fastest (W1's [32, 784]·[784, 64]:
    // 29 µs in two inner pieces, 32 µs in two column pieces).
    if rows >= columns && rows >= inner {
      let step = (rows + pieces - 1) / pieces
      for start in stride(from: 0, to: rows, by: step) {
        rowRange(start..<Swift.min(start + step, rows)).computeWhole()
      }
    } else if columns >= inner {
      let step = (columns + pieces - 1) / pieces
      for start in stride(from: 0, to: columns, by: step) {
        columnRange(start..<Swift.min(start + step, columns)).computeWhole()
      }
    } else {
      // Pieces of the inner dimension add up into the output: all but the first accumulate.
      let step = (inner + pieces - 1) / pieces
      for start in stride(from: 0, to: inner, by: step) {
        innerRange(start..<Swift.min(start + step, inner), accumulate: accumulate || start > 0).computeWhole()
      }
    }
  }

  /// The same product onto an output whose rows now hold the bias: sgemm
  /// adds a product onto its output (beta = 1) but cannot add a row.
  func fillingBias() -> SgemmCall {
    guard let bias else { return self }
    for row in 0..<rows { (output + row * outputStride).update(from: bias, count: columns) }
    return SgemmCall(
      transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner,
      left: left, leftStride: leftStride, right: right, rightStride: rightStride, output: output,
      outputStride: outputStride, accumulate: true, bias: nil, cutsInPieces: cutsInPieces, isTiled: isTiled)
  }

  /// Computes the product in one sgemm call.
  func computeWhole() {
    cblas_sgemm(
      CblasRowMajor, transposeLeft ? CblasTrans : CblasNoTrans, transposeRight ? CblasTrans : CblasNoTrans,
      Int32(rows), Int32(columns), Int32(inner),
      1, left, Int32(leftStride), right, Int32(rightStride),
      accumulate ? 1 : 0, output, Int32(outputStride))
  }

  /// The product restricted to rows `range` of op(A) and of the output.
  private func rowRange(_ range: Range<Int>) -> SgemmCall {
    // Rows of op(A): rows of A, or columns of a transposed A.
    let start = transposeLeft ? left + range.lowerBound : left + range.lowerBound * leftStride
    return resized(
      rows: range.count, columns: columns, left: start, right: right, output: output + range.lowerBound * outputStride,
      bias: bias)
  }

  /// The product restricted to columns `range` of op(B) and of the output.
  private func columnRange(_ range: Range<Int>) -> SgemmCall {
    // Columns of op(B): columns of B, or rows of a transposed B.
    let start = transposeRight ? right + range.lowerBound * rightStride : right + range.lowerBound
    return resized(
      rows: rows, columns: range.count, left: left, right: start, output: output + range.lowerBound,
      bias: bias.map { $0 + range.lowerBound })
  }

  /// The part of the product that sums over inner indices `range` only.
  private func innerRange(_ range: Range<Int>, accumulate: Bool) -> SgemmCall {
    // Inner indices are columns of op(A) and rows of op(B).
    let leftStart = transposeLeft ? left + range.lowerBound * leftStride : left + range.lowerBound
    let rightStart = transposeRight ? right + range.lowerBound : right + range.lowerBound * rightStride
    return SgemmCall(
      transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: range.count,
      left: leftStart, leftStride: leftStride, right: rightStart, rightStride: rightStride, output: output,
      // Pieces are cut after the bias was filled in (`compute`).
      outputStride: outputStride, accumulate: accumulate, bias: nil, cutsInPieces: cutsInPieces, isTiled: isTiled)
  }

  /// Two products that together write this one's output: its rows or its
  /// columns, whichever are more, cut in two. Each output element is still
  /// one sgemm's sum over the same `inner` terms; only the last bits can
  /// differ, where OpenBLAS picks another kernel for the edge of a half.
  /// A tiled product's columns are cut only between panels of 32 (a half of
  /// 16 would be a panel half of padding), or else its rows: with the tiled
  /// kernel each element's sum is the same either way.
  func halves() -> (SgemmCall, SgemmCall) {
    let panels = columns / tiledPanelWidth
    let cutsColumns = rows < columns && (!isTiled || panels >= 2)
    guard cutsColumns else { return (rowRange(0..<rows / 2), rowRange(rows / 2..<rows)) }
    let middle = isTiled ? panels / 2 * tiledPanelWidth : columns / 2
    return (columnRange(0..<middle), columnRange(middle..<columns))
  }

  private func resized(
    rows: Int, columns: Int, left: UnsafePointer<Float>, right: UnsafePointer<Float>,
    output: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?
  ) -> SgemmCall {
    SgemmCall(
      transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner,
      left: left, leftStride: leftStride, right: right, rightStride: rightStride, output: output,
      outputStride: outputStride, accumulate: accumulate, bias: bias, cutsInPieces: cutsInPieces, isTiled: isTiled)
  }
}
