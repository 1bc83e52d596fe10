import _Int8Kernels

/// A weight matrix [depth, columns] quantized to signed bytes, one scale per
/// column (per output channel): w ≈ scale[j] · q[k][j], q in −127…127.
///
/// Each column gets its own scale, its largest magnitude over 127, so that a
/// column of small weights keeps as many levels as a column of large ones.
/// The bytes are also kept packed in the layout the kernels read (see
/// `Int8Kernels.h`): depth padded to a multiple of 4, columns to blocks of 16.
///
///     let weights = QuantizedWeights(quantizing: layer.weight.value)   // [576, 64]
///     weights.scales.count           // 64
///     weights.dequantized()          // close to layer.weight.value
public struct QuantizedWeights: Sendable {
  /// Rows of the matrix: the length of an input row (a patch, or a dense layer's input).
  public let depth: Int
  /// Columns: output channels.
  public let columns: Int
  /// The levels, row-major [depth][columns].
  public let levels: [Int8]
  /// One scale per column.
  public let scales: [Float]
  /// `depth` rounded up to a multiple of 4: the row length activations are multiplied with.
  public var paddedDepth: Int { (depth + 3) / 4 * 4 }
  /// The levels in the kernels' layout.
  let packed: [Int8]

  /// Quantizes `weights` [depth, columns] symmetrically, per column.
  public init(quantizing weights: Tensor) {
    check(weights.rank == 2, "QuantizedWeights: weights of shape \(weights.shape) must be a matrix [depth, columns]")
    let (depth, columns) = (weights.shape[0], weights.shape[1])
    let values = weights.scalars
    let scales = (0..<columns).map { column in
      let largest = (0..<depth).reduce(Float(0)) { Swift.max($0, abs(values[$1 * columns + column])) }
      return largest > 0 ? largest / Float(largestWeightLevel) : 1  // an all-zero column: any scale gives levels 0
    }
    let levels = values.indices.map { index in quantizedWeight(values[index], scale: scales[index % columns]) }
    self.init(levels: levels, scales: scales, depth: depth, columns: columns)
  }

  /// Weights already quantized (read from a file, say): `levels` row-major [depth][columns].
  public init(levels: [Int8], scales: [Float], depth: Int, columns: Int) {
    check(
      levels.count == depth * columns && scales.count == columns && depth > 0 && columns > 0,
      "QuantizedWeights: \(levels.count) levels and \(scales.count) scales do not make a [\(depth), \(columns)] matrix")
    check(
      levels.allSatisfy { $0 >= -largestWeightLevel },
      "QuantizedWeights: levels must lie in −\(largestWeightLevel)…\(largestWeightLevel)")
    (self.levels, self.scales, self.depth, self.columns) = (levels, scales, depth, columns)
    packed = Self.pack(levels, depth: depth, columns: columns)
  }

  /// The weights the levels stand for: scale[j] · q[k][j], as a [depth, columns] tensor.
  public func dequantized() -> Tensor {
    Tensor(shape: [depth, columns], scalars: levels.indices.map { Float(levels[$0]) * scales[$0 % columns] })
  }

  // region: packing
  /// The layout the kernels read: for each block of 16 columns, for each group
  /// of 4 rows, 16 columns × the 4 rows' bytes. Zeros pad the last block and group.
  static func pack(_ levels: [Int8], depth: Int, columns: Int) -> [Int8] {
    let (block, group) = (Int(COURSE_INT8_BLOCK_COLUMNS), Int(COURSE_INT8_GROUP))
    let groups = (depth + group - 1) / group
    let blocks = (columns + block - 1) / block
    var packed = [Int8](repeating: 0, count: blocks * groups * block * group)
    for row in 0..<depth {
      for column in 0..<columns {
        let (blockIndex, lane) = column.quotientAndRemainder(dividingBy: block)
        let (groupIndex, byte) = row.quotientAndRemainder(dividingBy: group)
        packed[((blockIndex * groups + groupIndex) * block + lane) * group + byte] = levels[row * columns + column]
      }
    }
    return packed
  }
  // endregion

  /// The exact integer products of `activations` (`rows` rows of
  /// ``paddedDepth`` levels, at most ``largestActivationLevel`` each) with
  /// the levels: `rows` rows of ``columns`` sums. Large products run in two
  /// halves of the rows, one per core, as the core's float products do.
  public func multiply(_ activations: [UInt8], rows: Int, kernel: Int8Kernel = .best) -> [Int32] {
    check(
      activations.count == rows * paddedDepth,
      "QuantizedWeights.multiply: \(activations.count) activation levels are not \(rows) rows of \(paddedDepth)")
    let kernel = kernel.isAvailable ? kernel : .scalar
    let (depth, columns) = (paddedDepth, self.columns)
    return [Int32](unsafeUninitializedCapacity: rows * columns) { sums, count in
      activations.withUnsafeBufferPointer { a in
        packed.withUnsafeBufferPointer { b in
          nonisolated(unsafe) let (a, b, c) = (a.baseAddress!, b.baseAddress!, sums.baseAddress!)
          // About 100,000 multiply-adds per half before a second thread pays.
          HelperThread.forEachHalf(of: rows, minimumCount: Swift.max(2, 100_000 / Swift.max(depth * columns, 1))) { range in
            course_int8_multiply(kernel.rawValue, a, Int64(range.lowerBound), Int64(range.upperBound), Int64(depth), b, Int64(columns), c)
          }
        }
      }
      count = rows * columns
    }
  }
}

/// `value` / `scale` rounded to the nearest level (ties to even), within ±127.
func quantizedWeight(_ value: Float, scale: Float) -> Int8 {
  let level = (value / scale).rounded(.toNearestOrEven)
  return Int8(Swift.min(Swift.max(level, -Float(largestWeightLevel)), Float(largestWeightLevel)))
}
