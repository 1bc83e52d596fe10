import Synchronization

// Which code multiplies two matrices: OpenBLAS's sgemm, the reference for
// every product, or the core's tiled kernel (Ops/MatrixMultiply+Tiled.swift),
// which reads the large operand where it lies instead of copying it first.
// Both give the same numbers up to rounding.

extension ExecutionPolicy {
  /// Which code computes a matrix product.
  public enum ProductKernel: Int, Sendable, CaseIterable {
    /// In builds for x86-64-v4 (AVX-512), the tiled kernel for products
    /// shaped like a layer's over many positions (``Thresholds``
    /// `tiledProduct…`, set from W4's and chapter 4's products measured on
    /// one core), sgemm for the rest and for the products that OpenBLAS's own
    /// threads take under `.openBLAS`; sgemm for every product in other
    /// builds. The default.
    case automatic
    /// OpenBLAS's sgemm for every product.
    case sgemm
    /// The tiled kernel for every product it can compute: all but Aᵀ·Bᵀ.
    case tiled

    /// Whether `.automatic` sends any product to the tiled kernel in this
    /// build: in builds for x86-64-v4 only (see ``Thresholds``).
    public static var automaticUsesTiled: Bool { Thresholds.tiledProductIsFaster }
  }

  /// The kernel for products now: `.automatic` unless set.
  public static var productKernel: ProductKernel {
    get { ProductKernel(rawValue: requestedProductKernel.load(ordering: .relaxed)) ?? .automatic }
    set { requestedProductKernel.store(newValue.rawValue, ordering: .relaxed) }
  }

  /// Whether `productKernel` sends a product of this layout and shape
  /// (op(A) rows × inner, op(B) inner × columns) to the tiled kernel.
  static func usesTiledKernel(
    transposeLeft: Bool, transposeRight: Bool, rows: Int, columns: Int, inner: Int,
    kernel: ProductKernel = productKernel
  ) -> Bool {
    guard canMultiplyTiled(transposeLeft: transposeLeft, transposeRight: transposeRight) else { return false }
    switch kernel {
    case .sgemm: return false
    case .tiled: return true
    case .automatic:
      guard Thresholds.tiledProductIsFaster && columns % tiledPanelWidth == 0 else { return false }
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
