// Matrix products, through OpenBLAS's sgemm (one-row products through a
// loop of the core's own, equal to rounding: see `multiplyMatrices`).
//
// sgemm reads either operand transposed for free (its TransA/TransB flags),
// so neither the forward pass nor the backward pass ever copies a matrix to
// transpose it: the backward of C = A·B is dA = dC·Bᵀ and dB = Aᵀ·dC, which
// are the same call with different flags.

extension Tensor {
  /// The matrix product of the last two dimensions, batched over the others.
  ///
  ///     let a = Tensor.ones([2, 3])
  ///     let b = Tensor.ones([3, 4])
  ///     a.matmul(b).shape                       // [2, 4]
  ///     a.matmul(a, transposeOther: true).shape // [2, 2]: a·aᵀ
  ///
  /// Shapes: `self` is [..., m, k] and `other` is [..., k, n] (each read
  /// transposed if its flag is set). The batch dimensions must be equal, or
  /// `other` may be a plain matrix shared by every batch element (a layer's
  /// weight), which becomes one large product.
  ///
  /// Either operand may be a vector, as in PyTorch: a [k] vector on the left
  /// is one row [1, k], on the right one column [k, 1], and that dimension is
  /// dropped from the result ([k]·[k, n] → [n], [m, k]·[k] → [m], [k]·[k] → []).
  /// A vector reads the same whether its transpose flag is set or not.
  ///
  /// - Complexity: 2·batch·m·k·n floating-point operations.
  public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
    let product = MatrixProduct(self.shape, other.shape, transposeLeft: transposeSelf, transposeRight: transposeOther)
    var result = Tensor(shape: product.resultShape) { output in
      withUnsafeScalars { left in
        other.withUnsafeScalars { right in product.compute(left, right, into: output) }
      }
    }
    if Tensor.shouldRecord(self, other) {
      // The backward works on matrices: a vector as its row or column, the result with that dimension back.
      let left = self.detached().reshaped(to: product.leftMatrixShape)
      let right = other.detached().reshaped(to: product.rightMatrixShape)
      let (leftShape, rightShape) = (shape, other.shape)
      let (needsLeft, needsRight) = (requiresGradient, other.requiresGradient)
      result.record("matmul", inputs: [self, other]) { gradient in
        let gradient = gradient.reshaped(to: product.matrixResultShape)
        return [
          needsLeft ? Tensor.leftGradient(gradient, left, right, transposeSelf, transposeOther).reshaped(to: leftShape) : nil,
          needsRight ? Tensor.rightGradient(gradient, left, right, transposeSelf, transposeOther).reshaped(to: rightShape) : nil,
        ]
      }
    }
    return result
  }

  // C = op(A)·op(B). If A is not transposed, dA = dC·op(B)ᵀ; if it is, dA = op(B)·dCᵀ.
  private static func leftGradient(
    _ gradient: Tensor, _ left: Tensor, _ right: Tensor, _ transposeLeft: Bool, _ transposeRight: Bool
  ) -> Tensor {
    if transposeLeft {
      let batchedRight = right.rank == 2 && gradient.rank > 2
        ? right.expanded(to: Array(gradient.shape.dropLast(2)) + right.shape) : right
      return batchedRight.matmul(gradient, transposeSelf: transposeRight, transposeOther: true)
    }
    return gradient.matmul(right, transposeOther: !transposeRight)
  }

  // If B is not transposed, dB = op(A)ᵀ·dC; if it is, dB = dCᵀ·op(A).
  private static func rightGradient(
    _ gradient: Tensor, _ left: Tensor, _ right: Tensor, _ transposeLeft: Bool, _ transposeRight: Bool
  ) -> Tensor {
    if right.rank == 2 && left.rank > 2 {
      // A weight shared across the batch: its gradient sums over the batch.
      if !transposeLeft {
        // Merging the batch into the rows makes the sum part of one product.
        let rows = left.reshaped(to: [-1, left.shape[left.rank - 1]])
        let gradientRows = gradient.reshaped(to: [-1, gradient.shape[gradient.rank - 1]])
        return rightGradient(gradientRows, rows, right, false, transposeRight)
      }
      let perBatch = rightGradient(gradient, left, right.expanded(to: Array(left.shape.dropLast(2)) + right.shape), true, transposeRight)
      return perBatch.sum(alongAxes: Array(0..<(left.rank - 2)))
    }
    if transposeRight {
      return gradient.matmul(left, transposeSelf: true, transposeOther: transposeLeft)
    }
    return left.matmul(gradient, transposeSelf: !transposeLeft)
  }
}

/// The sizes of one (possibly batched) matrix product, checked once.
struct MatrixProduct {
  let batch: Int
  let rows: Int  // m
  let inner: Int  // k
  let columns: Int  // n
  let transposeLeft: Bool
  let transposeRight: Bool
  let rightIsShared: Bool
  /// The operands as matrices: a vector on the left is the row op(A) = [1, k],
  /// on the right the column op(B) = [k, 1], stored as the vector is.
  let leftMatrixShape: [Int]
  let rightMatrixShape: [Int]
  /// [..., m, n], before the dimension of a vector operand is dropped.
  let matrixResultShape: [Int]
  let resultShape: [Int]

  init(_ leftShape: [Int], _ rightShape: [Int], transposeLeft: Bool, transposeRight: Bool) {
    func describe() -> String {
      "matmul: shapes \(leftShape)\(transposeLeft ? "ᵀ" : "") and \(rightShape)\(transposeRight ? "ᵀ" : "")"
    }
    check(leftShape.count >= 1 && rightShape.count >= 1, "\(describe()) need at least one dimension each")
    let left = leftShape.count > 1 ? leftShape : transposeLeft ? [leftShape[0], 1] : [1, leftShape[0]]
    let right = rightShape.count > 1 ? rightShape : transposeRight ? [1, rightShape[0]] : [rightShape[0], 1]
    let leftBatch = Array(left.dropLast(2))
    let rightBatch = Array(right.dropLast(2))
    check(
      rightBatch.isEmpty || leftBatch == rightBatch,
      "\(describe()) have different batch dimensions \(leftBatch) and \(rightBatch)")
    let (m, leftInner) = transposeLeft ? (left[left.count - 1], left[left.count - 2]) : (left[left.count - 2], left[left.count - 1])
    let (rightInner, n) = transposeRight ? (right[right.count - 1], right[right.count - 2]) : (right[right.count - 2], right[right.count - 1])
    check(leftInner == rightInner, "\(describe()) do not match: inner sizes \(leftInner) and \(rightInner)")
    self.batch = leftBatch.elementCount
    self.rows = m
    self.inner = leftInner
    self.columns = n
    self.transposeLeft = transposeLeft
    self.transposeRight = transposeRight
    self.rightIsShared = rightBatch.isEmpty
    self.leftMatrixShape = left
    self.rightMatrixShape = right
    self.matrixResultShape = leftBatch + [m, n]
    self.resultShape = leftBatch + (leftShape.count > 1 ? [m] : []) + (rightShape.count > 1 ? [n] : [])
  }

  func compute(
    _ left: UnsafeBufferPointer<Float>, _ right: UnsafeBufferPointer<Float>,
    into output: UnsafeMutableBufferPointer<Float>
  ) {
    guard !output.isEmpty else { return }
    guard inner > 0 else {
      output.initialize(repeating: 0)
      return
    }
    if rightIsShared && !transposeLeft {
      // [batch, m, k]·[k, n] is one [batch·m, k]·[k, n] product.
      gemm(left.baseAddress!, right.baseAddress!, output.baseAddress!, rows: batch * rows)
      return
    }
    for index in 0..<batch {
      gemm(
        left.baseAddress! + index * rows * inner,
        right.baseAddress! + (rightIsShared ? 0 : index * inner * columns),
        output.baseAddress! + index * rows * columns,
        rows: rows)
    }
  }

  private func gemm(
    _ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
    rows: Int
  ) {
    multiplyMatrices(
      transposeLeft: transposeLeft, transposeRight: transposeRight, rows: rows, columns: columns, inner: inner,
      left, leftStride: transposeLeft ? rows : inner, right, rightStride: transposeRight ? inner : columns,
      into: output, outputStride: columns)
  }
}
