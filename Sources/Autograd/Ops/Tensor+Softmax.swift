import Foundation

// Softmax, log-softmax and the fused cross-entropy loss.
//
// All three subtract each row's maximum before exponentiating: softmax is
// unchanged by a shift, and afterwards the largest exponent is e⁰ = 1, so
// nothing overflows even for logits of ±10⁴.
//
// The kernels view the tensor as [outer, length, inner] around the softmax
// axis. The last axis (inner == 1) is the common case, with contiguous rows;
// any other axis walks `inner` interleaved rows side by side, so the
// innermost loop still runs over contiguous memory.

/// A tensor viewed as [outer, length, inner] around one axis.
struct AxisView {
  let outer: Int
  let length: Int
  let inner: Int

  init(_ shape: [Int], axis: Int) {
    outer = shape[..<axis].elementCount
    length = shape[axis]
    inner = shape[(axis + 1)...].elementCount
  }
}

extension Tensor {
  /// The softmax along an axis: exp(x) / Σ exp(x), so that the values along
  /// the axis are positive and sum to 1.
  ///
  ///     Tensor(shape: [1, 2], scalars: [0, log(3)]).softmax()  // [[0.25, 0.75]]
  ///
  /// - Parameter axis: The axis to normalize; negative axes count from the end.
  /// - Returns: A tensor of the same shape.
  /// - Complexity: O(n), one exponential per element.
  public func softmax(alongAxis axis: Int = -1) -> Tensor {
    let view = AxisView(shape, axis: normalizedAxis(axis, operation: "softmax"))
    var result = Tensor(shape: shape) { output in
      withUnsafeScalars { input in Tensor.softmaxKernel(input, into: output, view, logarithm: false) }
    }
    if Tensor.shouldRecord(self) {
      let probabilities = result.detached()
      result.record("softmax", inputs: [self]) { gradient in
        // dx = y ⊙ (g − Σ g ⊙ y), the sum along the axis.
        [Tensor.softmaxBackward(gradient, probabilities, view, logarithm: false)]
      }
    }
    return result
  }

  /// The logarithm of the softmax along an axis, x − log Σ exp(x), computed
  /// without forming the softmax (so without underflowing to log 0).
  ///
  /// - Parameter axis: The axis to normalize; negative axes count from the end.
  /// - Returns: A tensor of the same shape.
  /// - Complexity: O(n), one exponential per element.
  public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
    let view = AxisView(shape, axis: normalizedAxis(axis, operation: "logSoftmax"))
    var result = Tensor(shape: shape) { output in
      withUnsafeScalars { input in Tensor.softmaxKernel(input, into: output, view, logarithm: true) }
    }
    if Tensor.shouldRecord(self) {
      let logProbabilities = result.detached()
      result.record("logSoftmax", inputs: [self]) { gradient in
        // dx = g − softmax ⊙ Σ g, the sum along the axis.
        [Tensor.softmaxBackward(gradient, logProbabilities, view, logarithm: true)]
      }
    }
    return result
  }
}

// MARK: - Kernels

extension Tensor {
  /// Writes softmax (or log-softmax) of `input` along the view's axis.
  static func softmaxKernel(
    _ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
    _ view: AxisView, logarithm: Bool
  ) {
    guard !output.isEmpty, view.length > 0 else { return }
    let (length, inner) = (view.length, view.inner)
    if inner == 1 {
      for row in 0..<view.outer {
        let source = input.baseAddress! + row * length
        let destination = output.baseAddress! + row * length
        let maximum = RowKernel.maximum(source, count: length)
        let total = RowKernel.shiftedExponentials(source, minus: maximum, into: destination, count: length)
        if logarithm {
          // (x − max) − log Σ: subtracting the large maximum first keeps the
          // small log Σ from being rounded away.
          let logTotal = logf(total)
          for index in 0..<length { destination[index] = (source[index] - maximum) - logTotal }
        } else {
          let scale = 1 / total
          for index in 0..<length { destination[index] *= scale }
        }
      }
      return
    }
    // Interleaved rows: `inner` maxima and totals, updated one slice at a time.
    var maxima = [Float](repeating: 0, count: inner)
    var totals = [Float](repeating: 0, count: inner)
    for block in 0..<view.outer {
      let source = input.baseAddress! + block * length * inner
      let destination = output.baseAddress! + block * length * inner
      for column in 0..<inner { maxima[column] = source[column] }
      for position in 1..<length {
        let slice = source + position * inner
        for column in 0..<inner where slice[column] > maxima[column] { maxima[column] = slice[column] }
      }
      for column in 0..<inner { totals[column] = 0 }
      for position in 0..<length {
        let offset = position * inner
        for column in 0..<inner {
          let value = fastExponential(source[offset + column] - maxima[column])
          destination[offset + column] = value
          totals[column] += value
        }
      }
      for column in 0..<inner {
        totals[column] = logarithm ? logf(totals[column]) : 1 / totals[column]
      }
      for position in 0..<length {
        let offset = position * inner
        for column in 0..<inner {
          destination[offset + column] = logarithm
            ? (source[offset + column] - maxima[column]) - totals[column]
            : destination[offset + column] * totals[column]
        }
      }
    }
  }

  /// The input gradient of softmax (from its output y: y ⊙ (g − Σ g ⊙ y)) or
  /// of log-softmax (from its output z: g − exp(z) ⊙ Σ g).
  static func softmaxBackward(_ gradient: Tensor, _ output: Tensor, _ view: AxisView, logarithm: Bool) -> Tensor {
    Tensor(shape: output.shape) { result in
      gradient.withUnsafeScalars { gradient in
        output.withUnsafeScalars { output in
          guard !result.isEmpty else { return }
          let (length, inner) = (view.length, view.inner)
          if inner == 1 {
            for row in 0..<view.outer {
              let g = gradient.baseAddress! + row * length
              let y = output.baseAddress! + row * length
              let dx = result.baseAddress! + row * length
              if logarithm {
                // exp(y) is the softmax; y ≤ 0 as a log-probability.
                RowKernel.exponentials(y, minus: 0, times: -RowKernel.sum(g, count: length), into: dx, count: length)
                for index in 0..<length { dx[index] += g[index] }
              } else {
                let total = RowKernel.sumOfProducts(g, y, count: length)
                for index in 0..<length { dx[index] = y[index] * (g[index] - total) }
              }
            }
            return
          }
          var totals = [Float](repeating: 0, count: inner)
          for block in 0..<view.outer {
            let base = block * length * inner
            for column in 0..<inner { totals[column] = 0 }
            for position in 0..<length {
              let offset = base + position * inner
              for column in 0..<inner {
                totals[column] += logarithm ? gradient[offset + column] : gradient[offset + column] * output[offset + column]
              }
            }
            for position in 0..<length {
              let offset = base + position * inner
              for column in 0..<inner {
                let (g, y) = (gradient[offset + column], output[offset + column])
                result[offset + column] = logarithm ? g - fastExponential(y) * totals[column] : y * (g - totals[column])
              }
            }
          }
        }
      }
    }
  }
}

// MARK: - Cross-entropy

extension Tensor {
  /// The mean cross-entropy between the softmax of these logits and the
  /// target classes: the mean over rows of −log softmax(row)[target].
  ///
  ///     let logits = Tensor(shape: [2, 3], scalars: [2, 0, 0, 0, 0, 0])
  ///     logits.crossEntropy(targets: [0, 2])  // (0.2395 + 1.0986) / 2
  ///
  /// One fused pass per row computes log Σ exp (after subtracting the row's
  /// maximum, so logits of ±10⁴ give a finite loss); the backward is
  /// (softmax − one-hot) / rows, again one pass, from each row's saved
  /// maximum and Σ exp.
  ///
  /// - Parameter targets: The class index of each row. The logits are
  ///   [rows, classes], or [..., classes] with the leading axes read as rows.
  /// - Returns: A rank-0 tensor, the mean loss.
  /// - Complexity: O(n), one exponential per logit in each direction.
  public func crossEntropy(targets: [Int]) -> Tensor {
    check(rank >= 1, "crossEntropy: logits need a class axis, got shape \(shape)")
    let classes = shape[rank - 1]
    let rows = classes == 0 ? 0 : scalarCount / classes
    check(
      targets.count == rows && rows > 0,
      "crossEntropy: logits of shape \(shape) have \(rows) rows of \(classes) classes, but \(targets.count) targets were given")
    for (row, target) in targets.enumerated() {
      check(
        (0..<classes).contains(target),
        "crossEntropy: target \(target) of row \(row) is out of range for \(classes) classes (logits of shape \(shape))")
    }
    // Each row's maximum and 1 / Σ exp(x − maximum), kept for the backward pass.
    var maxima = [Float](repeating: 0, count: rows)
    var inverseTotals = [Float](repeating: 0, count: rows)
    var totalLoss: Double = 0
    withUnsafeScalars { logits in
      // Scratch space for one row's exponentials.
      withUnsafeTemporaryAllocation(of: Float.self, capacity: classes) { exponentials in
        for row in 0..<rows {
          let source = logits.baseAddress! + row * classes
          let maximum = RowKernel.maximum(source, count: classes)
          let total = RowKernel.shiftedExponentials(
            source, minus: maximum, into: exponentials.baseAddress!, count: classes)
          // −log softmax[target] = log Σ exp(x − max) − (x[target] − max).
          let logTotal = logf(total)
          maxima[row] = maximum
          inverseTotals[row] = 1 / total
          totalLoss += Double(logTotal - (source[targets[row]] - maximum))
        }
      }
    }
    var result = Tensor(Float(totalLoss / Double(rows)))
    if Tensor.shouldRecord(self) {
      let logits = self.detached()
      let (maxima, inverseTotals) = (maxima, inverseTotals)
      result.record("crossEntropy", inputs: [self]) { gradient in
        let scale = gradient.scalar / Float(rows)
        let logitsGradient = Tensor(shape: logits.shape) { result in
          logits.withUnsafeScalars { logits in
            for row in 0..<rows {
              let source = logits.baseAddress! + row * classes
              let destination = result.baseAddress! + row * classes
              // softmax = exp(x − max) / Σ exp(x − max).
              RowKernel.exponentials(
                source, minus: maxima[row], times: scale * inverseTotals[row], into: destination, count: classes)
              destination[targets[row]] -= scale
            }
          }
        }
        return [logitsGradient]
      }
    }
    return result
  }
}
