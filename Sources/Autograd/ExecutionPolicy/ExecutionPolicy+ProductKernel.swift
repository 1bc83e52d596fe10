import CBLAS
import Synchronization

// Which code multiplies two matrices: OpenBLAS's sgemm, the reference for
// every product, or the core's tiled kernel (Ops/MatrixMultiply+Tiled.swift),
// which reads the large operand where it lies instead of copying it first.
// Both give the same numbers up to rounding.

extension ExecutionPolicy {
  /// Which code computes a matrix product.
  public enum ProductKernel: Int, Sendable, CaseIterable {
    /// In builds for x86-64-v4 (AVX-512), the tiled kernel where it measured
    /// faster than OpenBLAS's sgemm, and sgemm for the rest and for the
    /// products that OpenBLAS's own threads take under `.openBLAS`; which
    /// products those are depends on the kernels OpenBLAS picked (see
    /// `usesTiledKernel` and ``automaticTilesMostProducts``).
    /// sgemm for every product in other builds. The default.
    case automatic
    /// OpenBLAS's sgemm for every product.
    case sgemm
    /// The tiled kernel for every product it can compute: all but Aᵀ·Bᵀ.
    case tiled

    /// Whether `.automatic` sends any product to the tiled kernel in this
    /// build: in builds for x86-64-v4 only (see ``Thresholds``).
    public static var automaticUsesTiled: Bool { Thresholds.tiledProductIsFaster }

    /// Whether `.automatic` sends most products to the tiled kernel here
    /// (every one of at least 32 columns but an A·Bᵀ of fewer than 64 rows),
    /// not only a layer's products over many positions: in builds for
    /// x86-64-v4 where OpenBLAS runs kernels that are not AVX-512 ones (its
    /// AVX2 Haswell kernels under `OPENBLAS_CORETYPE=Haswell`, say).
    public static var automaticTilesMostProducts: Bool {
      Thresholds.tiledProductIsFaster && !openBLASUsesAVX512
    }
  }

  /// The kernel set OpenBLAS picked when the program started, as it names it ("Haswell", "Cooperlake"): from
  /// the processor, or from `OPENBLAS_CORETYPE` where that is set.
  public static var openBLASKernelSet: String { String(cString: openblas_get_corename()) }

  /// The kernel for products now: `.automatic` unless set.
  public static var productKernel: ProductKernel {
    get { ProductKernel(rawValue: requestedProductKernel.load(ordering: .relaxed)) ?? .automatic }
    set { requestedProductKernel.store(newValue.rawValue, ordering: .relaxed) }
  }

  /// Whether `productKernel` sends a product of this layout and shape
  /// (op(A) rows × inner, op(B) inner × columns) to the tiled kernel.
  ///
  /// Under `.automatic`, in builds for x86-64-v4, the rule depends on the
  /// kernels OpenBLAS runs. Its AVX-512 kernels pack both operands but match
  /// the tiled kernel's arithmetic rate, so the tiled kernel takes only the
  /// products where not copying the large operand pays: a layer's over many
  /// positions (``Thresholds`` `tiledProduct…`). Its other kernels (AVX2
  /// ones, or older) do half as many multiply-adds an instruction or fewer,
  /// and where the core runs 512-bit multiply-adds at full rate, as a Zen 5
  /// does, the tiled kernel took about half of their time: it takes every
  /// product of at least one panel of columns but the A·Bᵀ of few rows, whose
  /// transposed copy of B costs about what the rows gain. (A core that splits
  /// 512-bit multiply-adds in two, as a Zen 4 does, gains less: see
  /// ``Thresholds`` `tiledTransposedProductRows`.)
  ///
  /// - Parameter openBLASUsesAVX512: Whether OpenBLAS picked AVX-512 kernels;
  ///   the machine's answer unless a test asks for the other rule.
  static func usesTiledKernel(
    transposeLeft: Bool, transposeRight: Bool, rows: Int, columns: Int, inner: Int,
    kernel: ProductKernel = productKernel, openBLASUsesAVX512: Bool = Autograd.openBLASUsesAVX512
  ) -> Bool {
    guard canMultiplyTiled(transposeLeft: transposeLeft, transposeRight: transposeRight) else { return false }
    switch kernel {
    case .sgemm: return false
    case .tiled: return true
    case .automatic:
      guard Thresholds.tiledProductIsFaster else { return false }
      guard openBLASUsesAVX512 else {
        return columns >= tiledPanelWidth
          && (transposeLeft || !transposeRight || rows >= Thresholds.tiledTransposedProductRows)
      }
      guard columns % tiledPanelWidth == 0 else { return false }
      if transposeLeft {
        // Aᵀ·B, a weight gradient: a long inner dimension (the batch) into a weight-sized result.
        return inner >= Thresholds.tiledProductLongSide && rows <= Thresholds.tiledProductShortSide
          && columns <= Thresholds.tiledProductShortSide
      }
      // A·B or A·Bᵀ, a layer's forward or input gradient: many rows against a weight-sized op(B).
      return rows >= Thresholds.tiledProductLongSide && inner <= Thresholds.tiledProductShortSide
        && columns <= Thresholds.tiledProductShortSide
    }
  }
}

private let requestedProductKernel = Atomic<Int>(ExecutionPolicy.ProductKernel.automatic.rawValue)
