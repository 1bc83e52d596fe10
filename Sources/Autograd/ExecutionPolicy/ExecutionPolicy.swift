import Foundation
import Synchronization

// The core computes every operation two ways: a reference path, written to be
// read (Tensor, the graph, backward, one operation at a time), and fast paths
// that give the same numbers up to rounding (matrix products split across
// cores or cut in pieces or in the core's own tiles, Winograd and direct
// convolutions, fused LSTM and attention kernels, a batch's two halves at
// once). Which fast path runs, and from which size on, is decided here and
// nowhere else: the settings below, the thresholds in
// ExecutionPolicy+Thresholds.swift, the convolution method in
// ExecutionPolicy+Convolution.swift and the product kernel in
// ExecutionPolicy+ProductKernel.swift.

/// How the core uses the machine: its threads, how matrix products are cut
/// and which kernel computes them, which convolution method runs, and the allocator.
///
/// Every setting is process-wide and may be changed at any time; operations
/// read it when they start. The defaults are what the chapters run with.
///
///     ExecutionPolicy.tuneAllocator()        // once, at the start of an executable
///     ExecutionPolicy.threading = .single    // everything on the calling thread
///     ExecutionPolicy.convolutionMethod = .im2col
public enum ExecutionPolicy {
  /// How work is spread over the machine's cores: matrix products, and the
  /// fast paths that run in two halves at once (a batch's forward and
  /// backward passes, Adam's update of a large parameter, GELU of a large
  /// tensor, the fused LSTM and attention kernels). `course bench` compares them.
  public enum Threading: Int, Sendable, CaseIterable {
    /// Everything on the calling thread: one core.
    case single
    /// Products of at least `Thresholds.openBLASThreadsWork` multiply-adds
    /// on OpenBLAS's own threads; the other fast paths in halves if more than
    /// one thread is allowed.
    case openBLAS
    /// Products of at least `Thresholds.splitProductWork` multiply-adds cut
    /// in two halves, one on the helper thread, and the other fast paths in
    /// halves too; OpenBLAS always single-threaded.
    case halves
  }

  /// How work uses the cores now: by default `.halves` when there are two
  /// or more cores, else `.single`.
  public static var threading: Threading {
    get {
      Threading(rawValue: requestedThreading.load(ordering: .relaxed))
        ?? (availableThreadCount > 1 ? .halves : .single)
    }
    set { requestedThreading.store(newValue.rawValue, ordering: .relaxed) }
  }

  /// Sets how many threads the core uses (a chapter's `--threads`): 1 keeps
  /// everything on the calling thread, 2 (the default on two or more cores)
  /// splits work in halves, and more hands large products to OpenBLAS's threads.
  public static func setThreadCount(_ count: Int) {
    check(count >= 1, "ExecutionPolicy.setThreadCount: needs at least one thread, got \(count)")
    switch count {
    case 1: threading = .single
    case 2: threading = .halves
    default:
      openBLASThreadCount.store(count, ordering: .relaxed)
      threading = .openBLAS
    }
  }

  /// The number of threads the core uses.
  public static var threadCount: Int {
    switch threading {
    case .single: 1
    case .halves: 2
    case .openBLAS: openBLASThreadCount.load(ordering: .relaxed)
    }
  }

  /// When skinny matrix products are computed in pieces small enough for
  /// OpenBLAS's small-matrix kernels (see `smallProductPieces`).
  public enum ProductPieces: Int, Sendable, CaseIterable {
    /// Where OpenBLAS has small-matrix kernels: it picks its kernel set when
    /// the program starts, from the processor or `OPENBLAS_CORETYPE`. The default.
    case automatic
    /// Always, whatever kernels OpenBLAS picked: slower where it has no
    /// small-matrix kernels, but runs the pieces code on any machine.
    case always
    /// Never: every product is one sgemm call (per half, when split across threads).
    case never

    /// Whether products are cut in pieces under this setting, on this machine.
    public var cutsProducts: Bool {
      switch self {
      case .automatic: openBLASUsesAVX512
      case .always: true
      case .never: false
      }
    }
  }

  /// Whether matrix products are cut in pieces for OpenBLAS's small-matrix
  /// kernels now: `.automatic` unless set.
  public static var productPieces: ProductPieces {
    get { ProductPieces(rawValue: requestedPieces.load(ordering: .relaxed)) ?? .automatic }
    set { requestedPieces.store(newValue.rawValue, ordering: .relaxed) }
  }
}

private let requestedThreading = Atomic<Int>(-1)
private let requestedPieces = Atomic<Int>(ExecutionPolicy.ProductPieces.automatic.rawValue)
/// How many threads OpenBLAS uses for large products under `.openBLAS`.
let openBLASThreadCount = Atomic<Int>(availableThreadCount)
/// The threads the core may use: OPENBLAS_NUM_THREADS if set, else the
/// machine's cores. Not OpenBLAS's current setting, which the core changes.
private let availableThreadCount =
  ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) }.map { Swift.max($0, 1) }
  ?? ProcessInfo.processInfo.activeProcessorCount
