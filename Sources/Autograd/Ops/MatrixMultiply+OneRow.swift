// Products of one row by a matrix, y = x·op(B), without sgemm.
//
// Generating text one byte at a time, every dense layer multiplies a single
// row by its weight: W4's step makes thirteen such products and sixteen more in
// attention over the cache, the LSTM's step one for its recurrence. Such a
// product reads each weight once for one multiply-add, so its time is the
// time to read the weights; the loop below reads them in rows of 512
// contiguous bytes, into eight independent accumulator chains. Measured on a
// Zen 4 (one thread, CPU time, load 8): W4's cached generation of 500 bytes
// 0.0220 s with sgemm, 0.0203 s with these loops; the LSTM's 0.0035 against
// 0.0031 s. (Four chains of 64 columns instead of eight of 128: W4's
// thirteen products 29.5 against 26.0 µs.)
//
// Every output element is the same chain of fused multiply-adds in the same
// order, whichever loop computes it (128, 16 or 1 columns at a time), so the
// result does not depend on the vector width the machine has.

/// One row times a matrix, on this thread whatever the threading: in two
/// halves on two cores (each core keeping half of W4's 1.6 MB of weights in
/// its own 1 MB L2) the same generation took 0.025 s instead of 0.0205 s,
/// the hand-over costing more than the cache saved (Zen 4, 2 cores, load 8).
func multiplyRow(
  _ row: UnsafePointer<Float>, by matrix: UnsafePointer<Float>, transposed: Bool, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, inner: Int, columns: Int, accumulate: Bool
) {
  if transposed {
    multiplyRowByTransposedMatrix(
      row, matrix, rightStride: rightStride, into: output, inner: inner, columns: columns, accumulate: accumulate)
  } else {
    multiplyRowByMatrix(
      row, matrix, rightStride: rightStride, into: output, inner: inner, columns: columns, accumulate: accumulate)
  }
}

/// y = x·B (+ y if `accumulate`) for a row x of `inner` floats and B
/// [inner, columns] stored with rows `rightStride` apart: for each column,
/// y = fma(x[k], B[k, column], y) for k = 0, 1, … in order.
func multiplyRowByMatrix(
  _ row: UnsafePointer<Float>, _ matrix: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, inner: Int, columns: Int, accumulate: Bool
) {
  let (weights, result) = (UnsafeRawPointer(matrix), UnsafeMutableRawPointer(output))
  func start(_ column: Int) -> SIMD16<Float> {
    accumulate ? UnsafeRawPointer(output).loadUnaligned(fromByteOffset: column * 4, as: SIMD16<Float>.self) : .zero
  }
  var column = 0
  // Eight vectors at a time: eight independent chains keep the multiply-add
  // units busy, and each row of B is read as 512 contiguous bytes.
  while column + 128 <= columns {
    var accumulators = (
      start(column), start(column + 16), start(column + 32), start(column + 48),
      start(column + 64), start(column + 80), start(column + 96), start(column + 112))
    for index in 0..<inner {
      let factor = SIMD16<Float>(repeating: row[index])
      let offset = (index * rightStride + column) * 4
      func load(_ vector: Int) -> SIMD16<Float> {
        weights.loadUnaligned(fromByteOffset: offset + vector * 64, as: SIMD16<Float>.self)
      }
      accumulators.0.addProduct(factor, load(0))
      accumulators.1.addProduct(factor, load(1))
      accumulators.2.addProduct(factor, load(2))
      accumulators.3.addProduct(factor, load(3))
      accumulators.4.addProduct(factor, load(4))
      accumulators.5.addProduct(factor, load(5))
      accumulators.6.addProduct(factor, load(6))
      accumulators.7.addProduct(factor, load(7))
    }
    func store(_ vector: SIMD16<Float>, _ index: Int) {
      result.storeBytes(of: vector, toByteOffset: (column + index * 16) * 4, as: SIMD16<Float>.self)
    }
    store(accumulators.0, 0); store(accumulators.1, 1); store(accumulators.2, 2); store(accumulators.3, 3)
    store(accumulators.4, 4); store(accumulators.5, 5); store(accumulators.6, 6); store(accumulators.7, 7)
    column += 128
  }
  while column + 16 <= columns {
    var a = start(column)
    for index in 0..<inner {
      let offset = (index * rightStride + column) * 4
      a.addProduct(SIMD16(repeating: row[index]), weights.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self))
    }
    result.storeBytes(of: a, toByteOffset: column * 4, as: SIMD16<Float>.self)
    column += 16
  }
  while column < columns {
    var total: Float = accumulate ? output[column] : 0
    for index in 0..<inner { total.addProduct(row[index], matrix[index * rightStride + column]) }
    output[column] = total
    column += 1
  }
}

/// y = x·Bᵀ (+ y if `accumulate`) for a row x of `inner` floats and B
/// [columns, inner] stored with rows `rightStride` apart: one dot product
/// of x with each row of B, summed 16 lanes at a time and the lanes then
/// added in a fixed order (halves, then quarters, …).
func multiplyRowByTransposedMatrix(
  _ row: UnsafePointer<Float>, _ matrix: UnsafePointer<Float>, rightStride: Int,
  into output: UnsafeMutablePointer<Float>, inner: Int, columns: Int, accumulate: Bool
) {
  let (rowBytes, weights) = (UnsafeRawPointer(row), UnsafeRawPointer(matrix))
  let vectorEnd = inner - inner % 16
  for column in 0..<columns {
    let base = column * rightStride * 4
    var partial = SIMD16<Float>()
    for index in stride(from: 0, to: vectorEnd, by: 16) {
      partial.addProduct(
        rowBytes.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self),
        weights.loadUnaligned(fromByteOffset: base + index * 4, as: SIMD16<Float>.self))
    }
    let eight = partial.lowHalf + partial.highHalf
    let four = eight.lowHalf + eight.highHalf
    let two = four.lowHalf + four.highHalf
    var total = two[0] + two[1]
    for index in vectorEnd..<inner { total.addProduct(row[index], matrix[column * rightStride + index]) }
    output[column] = accumulate ? output[column] + total : total
  }
}
