import Testing

@testable import Autograd

/// The tiled product kernel (Ops/MatrixMultiply+Tiled.swift) against its
/// definition: every element one fused multiply-add chain over the inner
/// index in increasing order, bit for bit, so that the AVX2 and AVX-512
/// builds (`make test-vector-paths`), whose tiles have 2 and 8 rows, agree.
@Suite("Tiled matrix products")
struct TiledProductTests {
  /// A product's layout and sizes: op(A) is rows × inner, op(B) inner × columns.
  struct Shape: CustomStringConvertible, Sendable {
    let transposeLeft, transposeRight: Bool
    let rows, columns, inner: Int
    var description: String {
      "\(transposeLeft ? "Aᵀ" : "A")·\(transposeRight ? "Bᵀ" : "B") [\(rows)×\(inner)]·[\(inner)×\(columns)]"
    }
  }

  /// Operands stored with rows longer than the matrix (a stride of width + 3), as a slice of a larger matrix is.
  struct Operands {
    let shape: Shape
    let left, right, before, bias: [Float]
    var leftStride: Int { (shape.transposeLeft ? shape.rows : shape.inner) + 3 }
    var rightStride: Int { (shape.transposeRight ? shape.inner : shape.columns) + 3 }
    var outputStride: Int { shape.columns + 3 }

    init(_ shape: Shape, seed: UInt64) {
      self.shape = shape
      let random = RandomGenerator(seed: seed)
      func values(_ count: Int) -> [Float] { Tensor.uniform(shape: [max(count, 1)], using: random).scalars }
      let leftRows = shape.transposeLeft ? shape.inner : shape.rows
      let rightRows = shape.transposeRight ? shape.columns : shape.inner
      left = values(leftRows * ((shape.transposeLeft ? shape.rows : shape.inner) + 3))
      right = values(rightRows * ((shape.transposeRight ? shape.inner : shape.columns) + 3))
      before = values(shape.rows * (shape.columns + 3))
      bias = values(shape.columns)
    }

    func a(_ row: Int, _ k: Int) -> Float {
      shape.transposeLeft ? left[k * leftStride + row] : left[row * leftStride + k]
    }
    func b(_ k: Int, _ column: Int) -> Float {
      shape.transposeRight ? right[column * rightStride + k] : right[k * rightStride + column]
    }

    /// The definition: one fma chain per element, over chunks of `chunk` inner indices added one after the
    /// other, onto the output when accumulating, onto the bias when there is one.
    func expected(accumulate: Bool, chunk: Int, addingBias: Bool = false) -> [Float] {
      var output = before
      for row in 0..<shape.rows {
        for column in 0..<shape.columns {
          var total = accumulate ? before[row * outputStride + column] : addingBias ? bias[column] : 0
          var first = !accumulate && !addingBias
          for start in stride(from: 0, to: shape.inner, by: chunk) {
            var sum: Float = 0
            for k in start..<min(start + chunk, shape.inner) { sum = sum.addingProduct(a(row, k), b(k, column)) }
            total = first ? sum : total + sum
            first = false
          }
          output[row * outputStride + column] = total
        }
      }
      return output
    }

    /// The output buffer after `compute` wrote into a copy of `before`.
    func computed(_ compute: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
      var output = before
      left.withUnsafeBufferPointer { left in
        right.withUnsafeBufferPointer { right in
          output.withUnsafeMutableBufferPointer { compute(left.baseAddress!, right.baseAddress!, $0.baseAddress!) }
        }
      }
      return output
    }
  }

  /// Full tiles, a last tile of fewer rows (a tile has 2 or 8), panels cut
  /// at 1, 18 and 31 columns, fewer columns than a panel, an inner
  /// dimension of 0, 1 and odd, and, for Aᵀ·B, several chunks of 256; A·B
  /// of whole panels both with one block of 64 rows or fewer (B read in
  /// place) and with more (B copied into panels).
  static let shapes: [Shape] = [(false, false), (false, true), (true, false)].flatMap { layout in
    [(16, 64, 8), (13, 33, 7), (9, 50, 1), (7, 31, 19), (1, 18, 5), (64, 96, 128), (21, 114, 600), (10, 40, 0), (70, 64, 9)]
      .map { Shape(transposeLeft: layout.0, transposeRight: layout.1, rows: $0.0, columns: $0.1, inner: $0.2) }
  }

  @Test(arguments: shapes)
  func everyElementIsOneFusedChainInOrder(shape: Shape) {
    let operands = Operands(shape, seed: UInt64(shape.rows * 1000 + shape.columns))
    // The weight gradient Aᵀ·B adds its inner dimension chunk after chunk; the others in one chain.
    let chunk = shape.transposeLeft ? 256 : max(shape.inner, 1)
    for accumulate in [false, true] {
      let result = operands.computed { left, right, output in
        multiplyTiled(
          transposeLeft: shape.transposeLeft, transposeRight: shape.transposeRight, rows: shape.rows,
          columns: shape.columns, inner: shape.inner, left, leftStride: operands.leftStride, right,
          rightStride: operands.rightStride, into: output, outputStride: operands.outputStride, accumulate: accumulate)
      }
      let expected = operands.expected(accumulate: accumulate, chunk: chunk)
      // Bit patterns, so that a different rounding fails too; the padding beyond each row must be left alone.
      let mismatches = zip(result, expected).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
      #expect(
        mismatches.isEmpty,
        "\(shape), accumulate \(accumulate): \(mismatches.count) elements differ, first at \(mismatches.first?.offset ?? -1)")
    }
  }

  /// A layer's bias added as the sums are stored: the same bits as the
  /// output filled with the bias and the product accumulated onto it.
  @Test(arguments: shapes.filter { !$0.transposeLeft })
  func theBiasIsAddedAsIfFilledIn(shape: Shape) {
    let operands = Operands(shape, seed: UInt64(shape.columns * 1000 + shape.inner))
    let result = operands.computed { left, right, output in
      operands.bias.withUnsafeBufferPointer { bias in
        multiplyTiled(
          transposeLeft: false, transposeRight: shape.transposeRight, rows: shape.rows, columns: shape.columns,
          inner: shape.inner, left, leftStride: operands.leftStride, right, rightStride: operands.rightStride,
          into: output, outputStride: operands.outputStride, accumulate: false, addingRow: bias.baseAddress!)
      }
    }
    let expected = operands.expected(accumulate: false, chunk: max(shape.inner, 1), addingBias: true)
    let mismatches = zip(result, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
    #expect(mismatches == 0, "\(shape): \(mismatches) elements differ")
  }

  /// Through `multiplyMatrices`, forced to the tiled kernel, on one thread
  /// and in halves: the same numbers as sgemm up to rounding.
  @Test(arguments: [(false, false), (false, true), (true, false)])
  func matchesSgemmUnderEveryThreading(transposeLeft: Bool, transposeRight: Bool) {
    // Halves of rows, and (more columns than rows) halves of columns cut between panels of 32.
    for (rows, columns, inner) in [(300, 100, 170), (100, 352, 120)] {
      let shape = Shape(
        transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner)
      #expect(rows * columns * inner >= ExecutionPolicy.Thresholds.splitProductWork)
      expectTiledMatchesSgemm(Operands(shape, seed: 7))
    }
  }

  func expectTiledMatchesSgemm(_ operands: Operands, sourceLocation: SourceLocation = #_sourceLocation) {
    let shape = operands.shape
    let (transposeLeft, transposeRight) = (shape.transposeLeft, shape.transposeRight)
    // Accumulating onto the output, and (not for Aᵀ·B, which no layer adds a bias to) adding a bias row.
    for addsBias in transposeLeft ? [false] : [false, true] {
      func product(_ kernel: ExecutionPolicy.ProductKernel, _ threading: ExecutionPolicy.Threading) -> [Float] {
        operands.computed { left, right, output in
          operands.bias.withUnsafeBufferPointer { bias in
            multiplyMatrices(
              transposeLeft: transposeLeft, transposeRight: transposeRight, rows: shape.rows, columns: shape.columns,
              inner: shape.inner, left, leftStride: operands.leftStride, right, rightStride: operands.rightStride,
              into: output, outputStride: operands.outputStride, accumulate: !addsBias,
              addingRow: addsBias ? bias.baseAddress! : nil, threading: threading, kernel: kernel)
          }
        }
      }
      let sgemm = product(.sgemm, .single)
      for threading in ExecutionPolicy.Threading.allCases {
        let (tiled, sgemmThreaded) = (product(.tiled, threading), product(.sgemm, threading))
        for (name, values) in [("tiled", tiled), ("sgemm", sgemmThreaded)] {
          let largest = zip(values, sgemm).map { abs($0 - $1) }.max() ?? 0
          #expect(
            largest < 1e-4, "\(shape), \(name), \(threading), bias \(addsBias): largest difference \(largest)",
            sourceLocation: sourceLocation)
        }
        // Split in halves or not, each element is the same chain: the same bits as on one thread.
        #expect(tiled == product(.tiled, .single), "\(shape), \(threading), bias \(addsBias)", sourceLocation: sourceLocation)
      }
    }
  }

  @Test func theKernelSettingDecidesWhichProductsAreTiled() {
    func tiled(
      _ kernel: ExecutionPolicy.ProductKernel, _ left: Bool, _ right: Bool, _ rows: Int, _ columns: Int, _ inner: Int,
      openBLASUsesAVX512: Bool = true
    ) -> Bool {
      ExecutionPolicy.usesTiledKernel(
        transposeLeft: left, transposeRight: right, rows: rows, columns: columns, inner: inner, kernel: kernel,
        openBLASUsesAVX512: openBLASUsesAVX512)
    }
    // Forced: every layout but Aᵀ·Bᵀ, whatever the size and OpenBLAS's kernels; sgemm: none.
    for wide in [true, false] {
      #expect(tiled(.tiled, false, false, 1, 1, 1, openBLASUsesAVX512: wide) && tiled(.tiled, true, false, 3, 5, 7, openBLASUsesAVX512: wide))
      #expect(!tiled(.tiled, true, true, 64, 64, 64, openBLASUsesAVX512: wide))
      #expect(!tiled(.sgemm, false, false, 2048, 512, 128, openBLASUsesAVX512: wide))
      #expect(!tiled(.sgemm, true, false, 128, 512, 2048, openBLASUsesAVX512: wide))
    }
    // Automatic beside OpenBLAS's AVX-512 kernels: W4's layer products where the build keeps 8 rows of sums in
    // registers, never otherwise; never a product with a short long side or a wide inner dimension, or columns that
    // are not whole panels of 32.
    let layerProducts = [
      tiled(.automatic, false, false, 2048, 512, 128), tiled(.automatic, false, true, 2048, 128, 512),
      tiled(.automatic, true, false, 128, 512, 2048),
    ]
    let isV4 = ExecutionPolicy.Thresholds.tiledProductIsFaster
    #expect(layerProducts == Array(repeating: isV4, count: 3))
    #expect(!tiled(.automatic, false, false, 64, 512, 128) && !tiled(.automatic, false, false, 2048, 512, 784))
    #expect(!tiled(.automatic, true, false, 128, 512, 64) && !tiled(.automatic, false, false, 2048, 16, 128))
    // Columns that leave a last panel partly padding (a readout over 114 bytes) stay on sgemm.
    #expect(!tiled(.automatic, false, false, 2048, 114, 128) && !tiled(.automatic, true, false, 128, 114, 2048))

    // Automatic beside OpenBLAS's AVX2 kernels: in a v4 build, every product of at least one panel of columns, of
    // any length, but A·Bᵀ of fewer than 64 rows; a readout of 10 columns stays on sgemm. Nothing in other builds.
    func narrow(_ left: Bool, _ right: Bool, _ rows: Int, _ columns: Int, _ inner: Int) -> Bool {
      tiled(.automatic, left, right, rows, columns, inner, openBLASUsesAVX512: false)
    }
    let everyLayout = [
      narrow(false, false, 32, 64, 784), narrow(false, false, 64, 512, 128), narrow(false, false, 2048, 114, 128),
      narrow(true, false, 784, 64, 32), narrow(true, false, 128, 114, 2048), narrow(false, true, 64, 784, 64),
      narrow(false, true, 2048, 128, 512), narrow(false, false, 1024, 1024, 1024),
    ]
    #expect(everyLayout == Array(repeating: isV4, count: everyLayout.count))
    #expect(!narrow(false, false, 32, 10, 64) && !narrow(true, false, 64, 10, 32) && !narrow(false, true, 2048, 31, 64))
    #expect(!narrow(false, true, 32, 784, 64) && !narrow(false, true, 63, 64, 64) && !narrow(true, true, 512, 512, 512))
  }
}
