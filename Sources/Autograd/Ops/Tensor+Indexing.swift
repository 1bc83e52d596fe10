// Choosing elements by index or by condition: selecting rows (the embedding
// lookup), masking (hiding future positions from attention), and choosing
// between two tensors element by element.

// MARK: - Selecting by index

extension Tensor {
  /// The slices of this tensor at `indices` along `axis`, in that order;
  /// an index may repeat.
  ///
  ///     let x = Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
  ///     x.indexSelect(alongAxis: 0, indices: [2, 0, 2])  // [[20, 21], [0, 1], [20, 21]]
  ///
  /// The backward adds each slice of the gradient into the slice it was
  /// read from, so a repeated index collects the sum of its gradients.
  ///
  /// - Parameters:
  ///   - axis: The axis to index; negative axes count from the end.
  ///   - indices: Positions in `0..<shape[axis]`.
  /// - Returns: A tensor whose `axis` has `indices.count` elements.
  /// - Complexity: O(size of the result).
  public func indexSelect(alongAxis axis: Int, indices: [Int]) -> Tensor {
    indexSelect(alongAxis: axis, indices: indices, operation: "indexSelect")
  }

  func indexSelect(alongAxis axis: Int, indices: [Int], operation: String) -> Tensor {
    let axis = normalizedAxis(axis, operation: operation)
    check(rank >= 1, "\(operation): cannot index a tensor of rank 0")
    let (outer, axisSize, inner) = split(around: axis...axis)
    for index in indices {
      check(
        (0..<axisSize).contains(index),
        "\(operation): index \(index) is out of range for axis \(axis) of size \(axisSize) in shape \(shape)")
    }
    var outputShape = shape
    outputShape[axis] = indices.count
    var result = Tensor(shape: outputShape) { output in
      guard inner > 0 else { return }
      withUnsafeScalars { input in
        var destination = output.baseAddress!
        for block in 0..<outer {
          for index in indices {
            destination.update(from: input.baseAddress! + (block * axisSize + index) * inner, count: inner)
            destination += inner
          }
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      result.record(operation, inputs: [self]) { gradient in
        var inputGradient = Tensor.zeros(inputShape)
        guard inner > 0 else { return [inputGradient] }
        inputGradient.withUnsafeMutableScalars { slots in
          gradient.withUnsafeScalars { pieces in
            var piece = pieces.baseAddress!
            for block in 0..<outer {
              for index in indices {
                let slot = slots.baseAddress! + (block * axisSize + index) * inner
                for element in 0..<inner { slot[element] += piece[element] }
                piece += inner
              }
            }
          }
        }
        return [inputGradient]
      }
    }
    return result
  }

  /// The rows of this [vocabulary, dimension] table at `indices`, shaped
  /// `indexShape + [dimension]`: an embedding lookup.
  ///
  ///     let table = Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
  ///     table.gatherRows([2, 0, 1, 1], shape: [2, 2]).shape  // [2, 2, 2]
  ///
  /// - Parameters:
  ///   - indices: Row numbers in `0..<vocabulary`, in row-major order of `indexShape`.
  ///   - indexShape: The shape of the indices, e.g. [batch, time].
  /// - Complexity: O(indices.count × dimension).
  public func gatherRows(_ indices: [Int], shape indexShape: [Int]) -> Tensor {
    check(rank == 2, "gatherRows: the table must have shape [vocabulary, dimension], got \(shape)")
    check(
      indices.count == indexShape.elementCount,
      "gatherRows: \(indices.count) indices for index shape \(indexShape) (\(indexShape.elementCount) elements)")
    return indexSelect(alongAxis: 0, indices: indices, operation: "gatherRows")
      .reshaped(to: indexShape + [shape[1]])
  }
}

// MARK: - Selecting by condition

extension Tensor {
  /// This tensor with `value` wherever `mask` is not zero: a masked fill.
  ///
  ///     let scores = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
  ///     scores.masked(where: Tensor.causalMask(size: 2), with: -.infinity)
  ///     // [[1, -inf], [3, 4]]
  ///
  /// No gradient flows into the filled elements, and none into the mask.
  /// The fill may be infinite: the backward selects, it never multiplies.
  ///
  /// - Parameters:
  ///   - mask: A tensor that broadcasts to this tensor's shape, e.g. a
  ///     [time, time] mask for [batch, heads, time, time] attention scores.
  ///   - value: The value of the masked elements.
  /// - Complexity: O(n).
  public func masked(where mask: Tensor, with value: Float) -> Tensor {
    check(
      commonBroadcastShape([shape, mask.shape]) == shape,
      "masked: mask of shape \(mask.shape) does not broadcast to shape \(shape)")
    var result = Tensor.combine(self, mask, operation: "masked") { element, hidden in
      hidden != 0 ? value : element
    }
    if Tensor.shouldRecord(self) {
      let mask = mask.detached()
      result.record("masked", inputs: [self]) { gradient in
        [Tensor.combine(gradient, mask, operation: "masked") { element, hidden in hidden != 0 ? 0 : element }]
      }
    }
    return result
  }

  /// Elements of `whenTrue` where `condition` is not zero, of `otherwise`
  /// elsewhere, with the three tensors broadcast together (NumPy's `where`).
  ///
  ///     let condition = Tensor(shape: [3], scalars: [1, 0, 1])
  ///     Tensor.selecting(where: condition, Tensor.range(3), Tensor(-1))  // [0, -1, 2]
  ///
  /// The gradient goes to `whenTrue` where the condition holds and to
  /// `otherwise` elsewhere, each summed back to its own shape.
  ///
  /// - Complexity: O(size of the result).
  public static func selecting(where condition: Tensor, _ whenTrue: Tensor, _ otherwise: Tensor) -> Tensor {
    let shapes = [condition.shape, whenTrue.shape, otherwise.shape]
    let broadcast = commonBroadcastShape(shapes)
    check(
      broadcast != nil,
      "selecting: shapes \(condition.shape) (condition), \(whenTrue.shape) and \(otherwise.shape) "
        + "cannot be broadcast together")
    let outputShape = broadcast!
    var result = Tensor(shape: outputShape) { output in
      condition.withUnsafeScalars { conditionValues in
        whenTrue.withUnsafeScalars { trueValues in
          otherwise.withUnsafeScalars { otherValues in
            select(
              conditionValues, condition.shape, trueValues, whenTrue.shape, otherValues, otherwise.shape,
              into: output, shape: outputShape)
          }
        }
      }
    }
    if shouldRecord(whenTrue, otherwise) {
      let condition = condition.detached()
      let (trueShape, otherShape) = (whenTrue.shape, otherwise.shape)
      let (needsTrue, needsOther) = (whenTrue.requiresGradient, otherwise.requiresGradient)
      result.record("selecting", inputs: [whenTrue, otherwise]) { gradient in
        [
          needsTrue
            ? combine(gradient, condition, operation: "selecting") { element, holds in holds != 0 ? element : 0 }
              .reduced(toShape: trueShape) : nil,
          needsOther
            ? combine(gradient, condition, operation: "selecting") { element, holds in holds != 0 ? 0 : element }
              .reduced(toShape: otherShape) : nil,
        ]
      }
    }
    return result
  }

  /// A [size, size] mask with 1 above the diagonal and 0 elsewhere: row `t`
  /// hides the positions after `t`, which causal attention must not see.
  ///
  ///     Tensor.causalMask(size: 3)  // [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
  public static func causalMask(size: Int) -> Tensor {
    check(size >= 0, "causalMask: negative size \(size)")
    return Tensor(shape: [size, size]) { output in
      for row in 0..<size {
        for column in 0..<size { output[row * size + column] = column > row ? 1 : 0 }
      }
    }
  }
}

// MARK: - Kernels

/// The shape all of `shapes` broadcast to, or `nil` if they do not.
private func commonBroadcastShape(_ shapes: [[Int]]) -> [Int]? {
  let rank = shapes.map(\.count).max() ?? 0
  var result = [Int](repeating: 1, count: rank)
  for shape in shapes {
    let padded = [Int](repeating: 1, count: rank - shape.count) + shape
    for axis in 0..<rank where padded[axis] != 1 {
      guard result[axis] == 1 || result[axis] == padded[axis] else { return nil }
      result[axis] = padded[axis]
    }
  }
  return result
}

/// Writes `condition ? whenTrue : otherwise` for each element of `output`,
/// reading each operand through its broadcast strides, row by row.
private func select(
  _ condition: UnsafeBufferPointer<Float>, _ conditionShape: [Int],
  _ whenTrue: UnsafeBufferPointer<Float>, _ trueShape: [Int],
  _ otherwise: UnsafeBufferPointer<Float>, _ otherShape: [Int],
  into output: UnsafeMutableBufferPointer<Float>, shape: [Int]
) {
  guard !output.isEmpty else { return }
  if conditionShape == shape && trueShape == shape && otherShape == shape {
    for index in output.indices { output[index] = condition[index] != 0 ? whenTrue[index] : otherwise[index] }
    return
  }
  // A rank-0 result is one row of one element.
  let shape = shape.isEmpty ? [1] : shape
  let rank = shape.count
  let strides = [conditionShape, trueShape, otherShape].map { broadcastStrides(of: $0, to: shape) }
  let (conditionStride, trueStride, otherStride) = (strides[0][rank - 1], strides[1][rank - 1], strides[2][rank - 1])
  let rowLength = shape[rank - 1]
  var counter = [Int](repeating: 0, count: rank)
  var offsets = (condition: 0, whenTrue: 0, otherwise: 0)
  var outputIndex = 0
  while outputIndex < output.count {
    for column in 0..<rowLength {
      output[outputIndex + column] =
        condition[offsets.condition + column * conditionStride] != 0
        ? whenTrue[offsets.whenTrue + column * trueStride]
        : otherwise[offsets.otherwise + column * otherStride]
    }
    outputIndex += rowLength
    // Advance the counter over every dimension but the last, like an odometer.
    var axis = rank - 2
    while axis >= 0 {
      counter[axis] += 1
      offsets.condition += strides[0][axis]
      offsets.whenTrue += strides[1][axis]
      offsets.otherwise += strides[2][axis]
      if counter[axis] < shape[axis] { break }
      offsets.condition -= strides[0][axis] * shape[axis]
      offsets.whenTrue -= strides[1][axis] * shape[axis]
      offsets.otherwise -= strides[2][axis] * shape[axis]
      counter[axis] = 0
      axis -= 1
    }
  }
}
