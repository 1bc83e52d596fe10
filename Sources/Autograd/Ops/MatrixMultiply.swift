import CBLAS
import Synchronization

// Every matrix product of the core goes through `multiplyMatrices`, which
// calls OpenBLAS's sgemm with a thread count suited to the product's size.
//
// Why choose per call: on two cores, OpenBLAS's second thread makes large
// products almost twice as fast, but makes the small, skinny products of a
// batch-32 MLP up to three times slower (measured for [32, 784]·[784, 64]:
// 37 µs on one thread, 56 µs on two). Below `parallelWorkThreshold`
// multiply-adds a product runs on one thread.

/// Products with at least this many multiply-adds (m·n·k) use every thread.
let parallelWorkThreshold = 8_000_000

/// The thread count for large products: 0 means OpenBLAS's own default
/// (OPENBLAS_NUM_THREADS, or the number of cores).
private let requestedThreadCount = Atomic<Int>(0)
/// The thread count OpenBLAS was last set to, 0 if never.
private let activeThreadCount = Atomic<Int>(0)
/// OpenBLAS's thread count before the core changed it.
private let defaultThreadCount = Int(openblas_get_num_threads())

/// Sets how many threads large matrix products use (small ones always use one).
public func setMatrixThreadCount(_ count: Int) {
  check(count >= 1, "setMatrixThreadCount: needs at least one thread, got \(count)")
  requestedThreadCount.store(count, ordering: .relaxed)
}

/// The number of threads large matrix products use.
public var matrixThreadCount: Int {
  let requested = requestedThreadCount.load(ordering: .relaxed)
  return requested > 0 ? requested : defaultThreadCount
}

/// C = op(A)·op(B) (+ C if `accumulate`), row-major, through sgemm.
///
/// - Parameters:
///   - rows, columns, inner: m, n and k of an m×k by k×n product.
///   - leftStride, rightStride, outputStride: The distance between rows of
///     each matrix as stored, so a matrix can be every n-th row of a larger one.
func multiplyMatrices(
  transposeLeft: Bool = false, transposeRight: Bool = false,
  rows: Int, columns: Int, inner: Int,
  _ left: UnsafePointer<Float>, leftStride: Int,
  _ right: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, outputStride: Int,
  accumulate: Bool = false
) {
  let threads = rows * columns * inner >= parallelWorkThreshold ? matrixThreadCount : 1
  if activeThreadCount.exchange(threads, ordering: .relaxed) != threads {
    openblas_set_num_threads(Int32(threads))
  }
  cblas_sgemm(
    CblasRowMajor, transposeLeft ? CblasTrans : CblasNoTrans, transposeRight ? CblasTrans : CblasNoTrans,
    Int32(rows), Int32(columns), Int32(inner),
    1, left, Int32(leftStride), right, Int32(rightStride),
    accumulate ? 1 : 0, output, Int32(outputStride))
}
