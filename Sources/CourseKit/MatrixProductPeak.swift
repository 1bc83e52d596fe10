import Autograd
import CBLAS
import Foundation

/// Square single-precision products through `cblas_sgemm` directly, on every
/// core OpenBLAS may use, and through the core's tiled kernel on two: the
/// machine's matrix-product peak, the limit every workload's achieved rate is
/// compared with.
///
/// Both kernels are timed because either can be the faster: OpenBLAS picks
/// its kernels for the processor or from `OPENBLAS_CORETYPE`, and where it
/// runs its AVX2 kernels on a processor with AVX-512, the tiled kernel of an
/// x86-64-v4 build does twice the multiply-adds per instruction (and, on a
/// core that runs them at full rate, per second).
public struct MatrixProductPeak {
  public let size: Int
  private let left: Tensor
  private let right: Tensor
  private var output: [Float]

  /// The kernels the peak is measured with.
  public enum Kernel: String, Sendable {
    /// OpenBLAS's `cblas_sgemm`, on ``MatrixProductPeak/threadCount`` threads.
    case sgemm
    /// The core's tiled kernel (`ExecutionPolicy.ProductKernel.tiled`), the product cut in halves on two threads.
    case tiled

    /// The kernels worth timing in this build: the tiled kernel only where the default product kernel uses it.
    public static var timed: [Kernel] { ExecutionPolicy.ProductKernel.automaticUsesTiled ? [.sgemm, .tiled] : [.sgemm] }

    /// The threads a product runs on.
    public var threadCount: Int { self == .sgemm ? Int(MatrixProductPeak.threadCount) : 2 }
  }

  /// The threads OpenBLAS runs on here: OPENBLAS_NUM_THREADS if the user set
  /// it, else every core.
  public static let threadCount: Int32 = Int32(
    ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) }.map { max($0, 1) }
      ?? ProcessInfo.processInfo.activeProcessorCount)

  /// Operands of `size`×`size` uniform random numbers.
  public init(size: Int) {
    self.size = size
    let random = RandomGenerator(seed: 1)
    left = Tensor.uniform(shape: [size, size], using: random)
    right = Tensor.uniform(shape: [size, size], using: random)
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
    left.scalars.withUnsafeBufferPointer { a in
      right.scalars.withUnsafeBufferPointer { b in
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

  /// One product through the core's tiled kernel, in halves on two threads, in seconds.
  public func timeOneTiledProduct() -> Double {
    let (kernel, threading) = (ExecutionPolicy.productKernel, ExecutionPolicy.threading)
    (ExecutionPolicy.productKernel, ExecutionPolicy.threading) = (.tiled, .halves)
    defer { (ExecutionPolicy.productKernel, ExecutionPolicy.threading) = (kernel, threading) }
    let start = DispatchTime.now().uptimeNanoseconds
    let product = left.matmul(right)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    precondition(product.scalars[0].isFinite)
    return seconds
  }

  /// The seconds of `count` products, after one to warm up.
  public mutating func times(count: Int, kernel: Kernel = .sgemm) -> [Double] {
    _ = timeOne(kernel)
    return (0..<count).map { _ in timeOne(kernel) }
  }

  /// One product through `kernel`, in seconds.
  private mutating func timeOne(_ kernel: Kernel) -> Double {
    kernel == .sgemm ? timeOneProduct() : timeOneTiledProduct()
  }
}
