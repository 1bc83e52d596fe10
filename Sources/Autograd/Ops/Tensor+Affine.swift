// x·W + b as one operation, what a dense layer computes (PyTorch's addmm).
//
// Written as `x.matmul(W) + b` it takes two operations: a product, then a
// broadcast addition that reads and writes the whole result again and
// records a second node. Here the product is handed the bias: sgemm gets
// the result's rows filled with it and adds the product onto them (its
// beta = 1), the tiled kernel adds it to its sums as it stores them; the
// backward is the matmul's plus a column sum for b.

extension Tensor {
  /// `self·weight + bias` in one pass: [..., k]·[k, n] + [n] → [..., n].
  ///
  /// A vector [k] gives a vector [n], as ``matmul(_:transposeSelf:transposeOther:)`` does.
  ///
  ///     let x = Tensor.ones([2, 3])
  ///     x.matmul(Tensor.ones([3, 4]), addingBias: Tensor.ones([4]))  // every element 4
  ///
  /// Equal to `matmul(weight) + bias`, gradients included.
  ///
  /// - Complexity: 2·rows·k·n floating-point operations, one result buffer.
  public func matmul(_ weight: Tensor, addingBias bias: Tensor) -> Tensor {
    check(
      rank >= 1 && weight.rank == 2 && shape[rank - 1] == weight.shape[0] && bias.shape == [weight.shape[1]],
      "affine: input \(shape), weight \(weight.shape) and bias \(bias.shape) should be [..., k], [k, n] and [n]")
    let (inner, columns) = (weight.shape[0], weight.shape[1])
    // Not scalarCount / k: with k = 0 that is 0 rows, and the result's rows would be left unwritten.
    let rows = shape.dropLast().elementCount
    var result = Tensor(shape: Array(shape.dropLast()) + [columns]) { output in
      guard !output.isEmpty else { return }
      bias.withUnsafeScalars { bias in
        guard inner > 0 else {
          // No product to add: every row is the bias.
          for row in 0..<rows { (output.baseAddress! + row * columns).update(from: bias.baseAddress!, count: columns) }
          return
        }
        withUnsafeScalars { input in
          weight.withUnsafeScalars { weight in
            multiplyMatrices(
              rows: rows, columns: columns, inner: inner, input.baseAddress!, leftStride: inner,
              weight.baseAddress!, rightStride: columns, into: output.baseAddress!, outputStride: columns,
              addingRow: bias.baseAddress!)
          }
        }
      }
    }
    if Tensor.shouldRecord([self, weight, bias]) {
      let (input, savedWeight, inputShape) = (self.detached(), weight.detached(), shape)
      let needs = (requiresGradient, weight.requiresGradient, bias.requiresGradient)
      result.record("affine", inputs: [self, weight, bias]) { gradient in
        let gradientRows = gradient.reshaped(to: [rows, columns])
        return [
          needs.0 ? gradientRows.matmul(savedWeight, transposeOther: true).reshaped(to: inputShape) : nil,
          needs.1 ? input.reshaped(to: [rows, inner]).matmul(gradientRows, transposeSelf: true) : nil,
          needs.2 ? gradientRows.sum(alongAxis: 0) : nil,
        ]
      }
    }
    return result
  }
}
