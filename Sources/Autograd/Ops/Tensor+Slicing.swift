// Cutting a tensor into pieces along one axis, and gluing pieces back.
//
// Both operations view a tensor as [outer, axis, inner]: everything before
// the axis, the axis, everything after it. A slice of the axis is then
// `outer` contiguous runs of `count × inner` elements, so copying it takes
// `outer` memory copies and no index arithmetic per element.

extension Tensor {
  /// The elements whose index along `axis` lies in `range`, as a new tensor.
  ///
  ///     let x = Tensor(shape: [2, 4], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
  ///     x.sliced(alongAxis: 1, 1..<3)  // [[1, 2], [5, 6]]
  ///
  /// The backward places the gradient into zeros of this tensor's shape.
  ///
  /// - Parameters:
  ///   - axis: The axis to cut; negative axes count from the end.
  ///   - range: The indices to keep, within `0...shape[axis]`.
  /// - Returns: A copy of the slice; its `axis` has `range.count` elements.
  /// - Complexity: O(size of the slice).
  public func sliced(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
    let axis = normalizedAxis(axis, operation: "slice")
    check(rank >= 1, "slice: cannot slice a tensor of rank 0")
    check(
      range.lowerBound >= 0 && range.upperBound <= shape[axis],
      "slice: range \(range) is out of bounds for axis \(axis) of size \(shape[axis]) in shape \(shape)")
    if range.count == shape[axis] { return self }
    let (outer, axisSize, inner) = split(around: axis...axis)
    var outputShape = shape
    outputShape[axis] = range.count
    let runLength = range.count * inner
    var result = Tensor(shape: outputShape) { output in
      guard runLength > 0 else { return }
      withUnsafeScalars { input in
        for block in 0..<outer {
          (output.baseAddress! + block * runLength).update(
            from: input.baseAddress! + (block * axisSize + range.lowerBound) * inner, count: runLength)
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      result.record("slice", inputs: [self]) { gradient in
        [gradient.placed(intoZerosOfShape: inputShape, alongAxis: axis, at: range.lowerBound)]
      }
    }
    return result
  }

  /// This tensor split into `parts` equal slices along `axis`: the four
  /// gates of an LSTM from one [batch, 4 × hidden] product, for instance.
  ///
  ///     Tensor.range(6).chunked(into: 3, alongAxis: 0)  // [[0, 1], [2, 3], [4, 5]]
  ///
  /// - Parameters:
  ///   - parts: The number of slices; it must divide `shape[axis]`.
  ///   - axis: The axis to split; negative axes count from the end.
  /// - Returns: The slices, in order.
  /// - Complexity: O(n).
  public func chunked(into parts: Int, alongAxis axis: Int) -> [Tensor] {
    let axis = normalizedAxis(axis, operation: "chunk")
    check(
      parts > 0 && rank >= 1 && shape[axis] % parts == 0,
      "chunk: cannot split axis \(axis) of shape \(shape) into \(parts) equal parts")
    let size = shape[axis] / parts
    return (0..<parts).map { part in sliced(alongAxis: axis, part * size..<(part + 1) * size) }
  }

  /// Tensors joined end to end along `axis`; their shapes must agree on
  /// every other axis.
  ///
  ///     let a = Tensor(shape: [2, 1], scalars: [1, 2])
  ///     let b = Tensor(shape: [2, 2], scalars: [3, 4, 5, 6])
  ///     Tensor.concatenated([a, b], alongAxis: 1)  // [[1, 3, 4], [2, 5, 6]]
  ///
  /// The backward slices the gradient back into one piece per input.
  ///
  /// - Parameters:
  ///   - tensors: At least one tensor, all of the same rank.
  ///   - axis: The axis to join along; negative axes count from the end.
  /// - Complexity: O(size of the result).
  public static func concatenated(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
    check(!tensors.isEmpty, "concat: needs at least one tensor")
    let first = tensors[0]
    let axis = first.normalizedAxis(axis, operation: "concat")
    check(first.rank >= 1, "concat: cannot concatenate tensors of rank 0")
    for tensor in tensors.dropFirst() {
      var expected = first.shape
      var actual = tensor.shape
      if expected.count == actual.count {
        expected[axis] = 0
        actual[axis] = 0
      }
      check(
        expected == actual,
        "concat: shapes \(first.shape) and \(tensor.shape) must agree on every axis but axis \(axis)")
    }
    if tensors.count == 1 { return first }

    let sizes = tensors.map { $0.shape[axis] }
    var outputShape = first.shape
    outputShape[axis] = sizes.reduce(0, +)
    let (outer, _, inner) = first.split(around: axis...axis)
    let outputRunLength = outputShape[axis] * inner
    var result = Tensor(shape: outputShape) { output in
      var offset = 0  // Where, within an output run, the current input's run goes.
      for (tensor, size) in zip(tensors, sizes) {
        let runLength = size * inner
        if runLength > 0 {
          tensor.withUnsafeScalars { input in
            for block in 0..<outer {
              (output.baseAddress! + block * outputRunLength + offset).update(
                from: input.baseAddress! + block * runLength, count: runLength)
            }
          }
        }
        offset += runLength
      }
    }
    if shouldRecord(tensors) {
      let needsGradient = tensors.map(\.requiresGradient)
      result.record("concat", inputs: tensors) { gradient in
        var start = 0
        return zip(sizes, needsGradient).map { size, needed in
          defer { start += size }
          return needed ? gradient.sliced(alongAxis: axis, start..<start + size) : nil
        }
      }
    }
    return result
  }

  /// A tensor of `shape`, zero except for this tensor, which fills the
  /// indices `start..<start + self.shape[axis]` along `axis`: the inverse of
  /// a slice, used by its backward.
  func placed(intoZerosOfShape shape: [Int], alongAxis axis: Int, at start: Int) -> Tensor {
    var result = Tensor.zeros(shape)
    let (outer, axisSize, inner) = result.split(around: axis...axis)
    let runLength = self.shape[axis] * inner
    guard runLength > 0 else { return result }
    result.withUnsafeMutableScalars { output in
      withUnsafeScalars { input in
        for block in 0..<outer {
          (output.baseAddress! + (block * axisSize + start) * inner).update(
            from: input.baseAddress! + block * runLength, count: runLength)
        }
      }
    }
    return result
  }
}
