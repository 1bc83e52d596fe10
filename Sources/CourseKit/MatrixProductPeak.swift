import Autograd
import CBLAS
import Foundation

/// Square single-precision products through `cblas_sgemm` directly, on every
/// core OpenBLAS may use: the machine's matrix-product peak, the limit every
/// workload's achieved rate is compared with.
public struct MatrixProductPeak {
  public let size: Int
  private let left: [Float]
  private let right: [Float]
  private var output: [Float]

  /// The threads OpenBLAS runs on here: OPENBLAS_NUM_THREADS if the user set
  /// it, else every core.
  public static let threadCount: Int32 = Int32(
    ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) }.map { max($0, 1) }
      ?? ProcessInfo.processInfo.activeProcessorCount)

  /// Operands of `size`×`size` uniform random numbers.
  public init(size: Int) {
    self.size = size
    let random = RandomGenerator(seed: 1)
    left = Tensor.uniform(shape: [size, size], using: random).scalars
    right = Tensor.uniform(shape: [size, size], using: random).scalars
    output = [Float](repeating: 0, count: size * size)
  }

  /// Floating-point operations of one product: size³ multiply-adds.
  public var flops: Double { 2 * pow(Double(size), 3) }

  /// One product on ``threadCount`` threads, in seconds; OpenBLAS is then set
  /// back to the thread count the core's own products last set it to.
  public mutating func timeOneProduct() -> Double {
    let size = Int32(self.size)
    let previousThreadCount = openblas_get_num_threads()
    openblas_set_num_threads(Self.threadCount)
    defer { openblas_set_num_threads(previousThreadCount) }
    let start = DispatchTime.now().uptimeNanoseconds
    left.withUnsafeBufferPointer { a in
      right.withUnsafeBufferPointer { b in
        output.withUnsafeMutableBufferPointer { c in
          cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size,
            1, a.baseAddress, size, b.baseAddress, size, 0, c.baseAddress, size)
        }
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    precondition(output[0].isFinite)
    return seconds
  }

  /// The seconds of `count` products, after one to warm up.
  public mutating func times(count: Int) -> [Double] {
    _ = timeOneProduct()
    return (0..<count).map { _ in timeOneProduct() }
  }
}
