// Reordering a tensor's axes: the general permutation and the matrix transpose.
//
// Unlike reshaping, a permutation changes the order of the elements in
// memory, so it copies them into a new contiguous buffer. The copy walks the
// output in order and reads the input through strides. Before copying, the
// permutation is simplified: axes of size 1 are dropped and output axes that
// stay adjacent in the input are merged. Swapping the last two axes of a
// [batch, heads, rows, columns] tensor thus becomes a plain batch of matrix
// transposes, and the kernel has only two cases to handle:
//
// - the last output axis is contiguous in the input: copy whole runs;
// - otherwise: transpose tiles of 32×32 elements, so that both the reads and
//   the writes of a tile stay in cache.

extension Tensor {
  /// This tensor with its axes reordered: axis `k` of the result is axis
  /// `axes[k]` of this tensor.
  ///
  ///     let x = Tensor.range(6).reshaped(to: [1, 2, 3])
  ///     x.permuted([2, 0, 1]).shape  // [3, 1, 2]
  ///
  /// The backward applies the inverse permutation to the gradient.
  ///
  /// - Parameter axes: A permutation of `0..<rank`; negative axes count from the end.
  /// - Returns: A new tensor with its own contiguous elements.
  /// - Complexity: O(n): every element is copied once.
  public func permuted(_ axes: [Int]) -> Tensor {
    let order = validatedPermutation(axes)
    if order == Array(0..<rank) { return self }
    let outputShape = order.map { shape[$0] }
    let inputStrides = contiguousStrides(of: shape)
    var result = Tensor(shape: outputShape) { output in
      withUnsafeScalars { input in
        copyPermuted(
          input, into: output, sizes: outputShape, sourceStrides: order.map { inputStrides[$0] })
      }
    }
    if Tensor.shouldRecord(self) {
      var inverse = [Int](repeating: 0, count: order.count)
      for (outputAxis, inputAxis) in order.enumerated() { inverse[inputAxis] = outputAxis }
      result.record("permute", inputs: [self]) { gradient in [gradient.permuted(inverse)] }
    }
    return result
  }

  /// This tensor with its last two axes swapped: the transpose of a matrix,
  /// or of each matrix in a batch.
  ///
  ///     Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).transposed()
  ///     // [[1, 4], [2, 5], [3, 6]]
  ///
  /// - Complexity: O(n), copying in cache-friendly tiles.
  public func transposed() -> Tensor {
    check(rank >= 2, "transpose: needs at least 2 axes, got shape \(shape)")
    return transposed(rank - 2, rank - 1)
  }

  /// This tensor with two of its axes swapped.
  ///
  /// - Parameters:
  ///   - first: One axis; negative axes count from the end.
  ///   - second: The other axis.
  /// - Complexity: O(n).
  public func transposed(_ first: Int, _ second: Int) -> Tensor {
    let a = normalizedAxis(first, operation: "transpose")
    let b = normalizedAxis(second, operation: "transpose")
    var order = Array(0..<rank)
    order.swapAt(a, b)
    return permuted(order)
  }

  /// `axes` resolved against this tensor's rank, after checking that they
  /// name every axis exactly once.
  private func validatedPermutation(_ axes: [Int]) -> [Int] {
    check(
      axes.count == rank,
      "permute: \(axes.count) axes \(axes) for a tensor of rank \(rank), shape \(shape)")
    let resolved = axes.map { $0 < 0 ? $0 + rank : $0 }
    check(
      resolved.sorted() == Array(0..<rank),
      "permute: axes \(axes) are not a permutation of 0..<\(rank) for shape \(shape)")
    return resolved
  }
}

/// The strides of a contiguous row-major tensor of this shape.
private func contiguousStrides(of shape: [Int]) -> [Int] {
  var strides = [Int](repeating: 1, count: shape.count)
  var stride = 1
  for axis in shape.indices.reversed() {
    strides[axis] = stride
    stride *= shape[axis]
  }
  return strides
}

/// Fills `output` (contiguous, of shape `sizes`) with the elements of `input`
/// found at `sourceStrides` along each output axis.
private func copyPermuted(
  _ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
  sizes: [Int], sourceStrides: [Int]
) {
  guard !output.isEmpty else { return }
  var (sizes, sourceStrides) = simplified(sizes: sizes, sourceStrides: sourceStrides)
  if sizes.isEmpty {  // Every axis had size 1: one element.
    output[0] = input[0]
    return
  }
  let source = input.baseAddress!
  let destination = output.baseAddress!
  let outputStrides = contiguousStrides(of: sizes)
  let last = sizes.count - 1

  if sourceStrides[last] == 1 {
    // The innermost axis is untouched: copy runs of `runLength` elements.
    let runLength = sizes[last]
    sizes.removeLast()
    sourceStrides.removeLast()
    forEachOffset(sizes: sizes, sourceStrides: sourceStrides, outputStrides: Array(outputStrides.dropLast())) {
      sourceOffset, outputOffset in
      (destination + outputOffset).update(from: source + sourceOffset, count: runLength)
    }
    return
  }

  // The axis that is contiguous in the input becomes the rows of a transpose
  // whose columns are the last output axis.
  let rowAxis = sourceStrides.firstIndex(of: 1)!
  let rows = sizes[rowAxis]
  let rowStride = outputStrides[rowAxis]
  let columns = sizes[last]
  let columnStride = sourceStrides[last]
  let batchAxes = sizes.indices.filter { $0 != rowAxis && $0 != last }
  forEachOffset(
    sizes: batchAxes.map { sizes[$0] }, sourceStrides: batchAxes.map { sourceStrides[$0] },
    outputStrides: batchAxes.map { outputStrides[$0] }
  ) { sourceOffset, outputOffset in
    transposeTiles(
      from: source + sourceOffset, columnStride: columnStride,
      to: destination + outputOffset, rowStride: rowStride, rows: rows, columns: columns)
  }
}

/// Writes `to[row * rowStride + column] = from[row + column * columnStride]`
/// for every row and column, one 32×32 tile at a time.
@inline(__always)
private func transposeTiles(
  from source: UnsafePointer<Float>, columnStride: Int,
  to destination: UnsafeMutablePointer<Float>, rowStride: Int, rows: Int, columns: Int
) {
  let tile = 32
  for rowStart in stride(from: 0, to: rows, by: tile) {
    let rowEnd = min(rowStart + tile, rows)
    for columnStart in stride(from: 0, to: columns, by: tile) {
      let columnEnd = min(columnStart + tile, columns)
      for row in rowStart..<rowEnd {
        let outputRow = destination + row * rowStride
        let sourceRow = source + row
        for column in columnStart..<columnEnd {
          outputRow[column] = sourceRow[column * columnStride]
        }
      }
    }
  }
}

/// The same copy with fewer axes: size-1 axes dropped, and neighbouring
/// output axes merged when they are also neighbours, in order, in the input.
private func simplified(sizes: [Int], sourceStrides: [Int]) -> (sizes: [Int], sourceStrides: [Int]) {
  var mergedSizes: [Int] = []
  var mergedStrides: [Int] = []
  for (size, stride) in zip(sizes, sourceStrides) where size != 1 {
    if let previousStride = mergedStrides.last, previousStride == stride * size {
      mergedSizes[mergedSizes.count - 1] *= size
      mergedStrides[mergedStrides.count - 1] = stride
    } else {
      mergedSizes.append(size)
      mergedStrides.append(stride)
    }
  }
  return (mergedSizes, mergedStrides)
}

/// Calls `body` with the source and output offsets of every combination of
/// indices over `sizes`, the last axis varying fastest, like an odometer.
@inline(__always)
private func forEachOffset(
  sizes: [Int], sourceStrides: [Int], outputStrides: [Int], _ body: (Int, Int) -> Void
) {
  var counter = [Int](repeating: 0, count: sizes.count)
  var sourceOffset = 0
  var outputOffset = 0
  while true {
    body(sourceOffset, outputOffset)
    var axis = sizes.count - 1
    while axis >= 0 {
      counter[axis] += 1
      sourceOffset += sourceStrides[axis]
      outputOffset += outputStrides[axis]
      if counter[axis] < sizes[axis] { break }
      sourceOffset -= sourceStrides[axis] * sizes[axis]
      outputOffset -= outputStrides[axis] * sizes[axis]
      counter[axis] = 0
      axis -= 1
    }
    if axis < 0 { return }
  }
}
