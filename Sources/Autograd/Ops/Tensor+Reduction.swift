// Sums, means and maxima over axes.
//
// Every reduction views the tensor as [outer, reduced, inner], where
// `reduced` is one run of adjacent axes; several separate runs are reduced
// one after another. The kernels then need no index arithmetic beyond three
// nested loops, and the innermost one runs over contiguous memory.

extension Tensor {
  /// The sizes (outer, reduced, inner) of this tensor viewed around the axes
  /// `first...last`.
  func split(around axes: ClosedRange<Int>) -> (outer: Int, reduced: Int, inner: Int) {
    (shape[..<axes.lowerBound].elementCount, shape[axes].elementCount, shape[(axes.upperBound + 1)...].elementCount)
  }

  /// Validated, sorted, distinct axes, grouped into runs of adjacent axes.
  func axisRuns(_ axes: [Int], operation: String) -> [ClosedRange<Int>] {
    let sorted = Set(axes.map { normalizedAxis($0, operation: operation) }).sorted()
    var runs: [ClosedRange<Int>] = []
    for axis in sorted {
      if let last = runs.last, last.upperBound == axis - 1 {
        runs[runs.count - 1] = last.lowerBound...axis
      } else {
        runs.append(axis...axis)
      }
    }
    return runs
  }

  /// This shape with `axes` set to 1 (kept) or removed.
  func reducedShape(_ axes: ClosedRange<Int>, keepingDimensions: Bool) -> [Int] {
    var result = shape
    if keepingDimensions {
      for axis in axes { result[axis] = 1 }
    } else {
      result.removeSubrange(axes)
    }
    return result
  }
}

// MARK: - Sum and mean

extension Tensor {
  /// The sum of all elements, as a rank-0 tensor.
  public func sum() -> Tensor {
    sum(alongAxes: Array(0..<rank))
  }

  /// The sums over the given axes.
  ///
  ///     let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
  ///     x.sum(alongAxes: [0])                            // [5, 7, 9]
  ///     x.sum(alongAxes: [1], keepingDimensions: true)   // [[6], [15]]
  ///
  /// - Parameters:
  ///   - axes: The axes to sum over; negative axes count from the end.
  ///   - keepingDimensions: Whether the summed axes stay, with size 1.
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    var result = self
    // Reduce the last run first so the earlier runs' axis numbers stay valid.
    for run in axisRuns(axes, operation: "sum").reversed() {
      result = result.sum(alongRun: run, keepingDimensions: keepingDimensions)
    }
    return result
  }

  /// The sum over one axis.
  public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    sum(alongAxes: [axis], keepingDimensions: keepingDimensions)
  }

  private func sum(alongRun axes: ClosedRange<Int>, keepingDimensions: Bool) -> Tensor {
    let (outer, reduced, inner) = split(around: axes)
    var result = Tensor(shape: reducedShape(axes, keepingDimensions: keepingDimensions)) { output in
      output.initialize(repeating: 0)
      withUnsafeScalars { input in
        for o in 0..<outer {
          let row = output.baseAddress! + o * inner
          for r in 0..<reduced {
            let source = input.baseAddress! + (o * reduced + r) * inner
            for i in 0..<inner { row[i] += source[i] }
          }
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      let keptShape = reducedShape(axes, keepingDimensions: true)
      result.record("sum", inputs: [self]) { gradient in
        [gradient.reshaped(to: keptShape).expanded(to: inputShape)]
      }
    }
    return result
  }

  /// The mean of all elements, as a rank-0 tensor.
  public func mean() -> Tensor {
    mean(alongAxes: Array(0..<rank))
  }

  /// The means over the given axes.
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let count = axisRuns(axes, operation: "mean").reduce(1) { $0 * shape[$1].elementCount }
    return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(count))
  }

  /// The mean over one axis.
  public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    mean(alongAxes: [axis], keepingDimensions: keepingDimensions)
  }
}

// MARK: - Maximum

extension Tensor {
  /// The largest element, as a rank-0 tensor.
  public func max() -> Tensor {
    max(alongAxes: Array(0..<rank))
  }

  /// The maxima over the given axes. The gradient flows to the first
  /// position that holds each maximum.
  public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    var result = self
    for run in axisRuns(axes, operation: "max").reversed() {
      result = result.max(alongRun: run, keepingDimensions: keepingDimensions)
    }
    return result
  }

  /// The maxima over one axis.
  public func max(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    max(alongAxes: [axis], keepingDimensions: keepingDimensions)
  }

  private func max(alongRun axes: ClosedRange<Int>, keepingDimensions: Bool) -> Tensor {
    let (outer, reduced, inner) = split(around: axes)
    check(reduced > 0, "max: cannot reduce empty axes \(axes) of shape \(shape)")
    // For each output element, the flat input index of its maximum.
    var winners = [Int](repeating: 0, count: outer * inner)
    var result = Tensor(shape: reducedShape(axes, keepingDimensions: keepingDimensions)) { output in
      withUnsafeScalars { input in
        for o in 0..<outer {
          for i in 0..<inner {
            var best = o * reduced * inner + i
            for r in 1..<reduced {
              let candidate = (o * reduced + r) * inner + i
              if input[candidate] > input[best] || input[best].isNaN { best = candidate }
            }
            output[o * inner + i] = input[best]
            winners[o * inner + i] = best
          }
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      result.record("max", inputs: [self]) { gradient in
        var inputGradient = Tensor.zeros(inputShape)
        inputGradient.withUnsafeMutableScalars { slot in
          gradient.withUnsafeScalars { g in
            for (index, winner) in winners.enumerated() { slot[winner] = g[index] }
          }
        }
        return [inputGradient]
      }
    }
    return result
  }

  /// The index of the largest element along the last axis, for each row:
  /// the predicted class of each row of logits. Not differentiable.
  public func argmaxLastAxis() -> [Int] {
    check(rank >= 1 && shape[rank - 1] > 0, "argmax: needs a non-empty last axis, got shape \(shape)")
    let columns = shape[rank - 1]
    return withUnsafeScalars { values in
      (0..<(scalarCount / columns)).map { row in
        var best = 0
        for column in 1..<columns where values[row * columns + column] > values[row * columns + best] {
          best = column
        }
        return best
      }
    }
  }
}
