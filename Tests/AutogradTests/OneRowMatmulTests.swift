import Testing

@testable import Autograd

/// Products of one row by a matrix, which `multiplyMatrices` computes with
/// its own loops instead of sgemm (MatrixMultiply+OneRow.swift), checked
/// against the definition summed in double precision, on shapes that reach
/// every loop: blocks of 128 columns, of 16, and single columns, with
/// matrices stored inside wider ones, with and without a bias accumulated.
/// (The suite's name ends in
/// `MatmulTests` so that `make test-vector-paths` runs it on both vector widths.)
@Suite("Products of one row")
struct OneRowMatmulTests {
  /// (inner, columns): 300 = two blocks of 128, two of 16 and 12 single
  /// columns; 129 and 270 reach a block and a tail; 15 and 17 no block.
  static let shapes = [(1, 1), (7, 15), (37, 17), (130, 129), (19, 300), (3, 270)]

  @Test(arguments: [false, true])
  func productsMatchTheDefinition(transposed: Bool) {
    for (inner, columns) in Self.shapes {
      // B inside a wider matrix: its rows lie `stride` floats apart.
      let stride = (transposed ? inner : columns) + 5
      let storedRows = transposed ? columns : inner
      let (row, stored, bias) = (
        randomTensors([inner])[0].scalars, randomTensors([storedRows, stride], seed: 2)[0].scalars,
        randomTensors([columns], seed: 3)[0].scalars
      )
      func element(_ index: Int, _ column: Int) -> Double {
        Double(transposed ? stored[column * stride + index] : stored[index * stride + column])
      }
      let definition = (0..<columns).map { column in (0..<inner).reduce(0.0) { $0 + Double(row[$1]) * element($1, column) } }
      for accumulate in [false, true] {
        // NaN where nothing is accumulated onto: an element left unwritten shows.
        var output = accumulate ? bias : [Float](repeating: .nan, count: columns)
        row.withUnsafeBufferPointer { row in
          stored.withUnsafeBufferPointer { matrix in
            output.withUnsafeMutableBufferPointer { output in
              multiplyMatrices(
                transposeRight: transposed, rows: 1, columns: columns, inner: inner, row.baseAddress!,
                leftStride: inner, matrix.baseAddress!, rightStride: stride, into: output.baseAddress!,
                outputStride: columns, accumulate: accumulate)
            }
          }
        }
        for column in 0..<columns {
          let expected = definition[column] + (accumulate ? Double(bias[column]) : 0)
          #expect(
            abs(Double(output[column]) - expected) <= 1e-5 * (1 + abs(expected)),
            "[1, \(inner)]·[\(inner), \(columns)] (transposed: \(transposed), accumulate: \(accumulate)): column \(column) is \(output[column]), not \(expected)")
        }
      }
    }
  }

  /// A layer applied to one row gives the row of the same layer applied to
  /// many rows (sgemm's path), and the same gradients.
  @Test func linearOfOneRowMatchesManyRows() {
    let random = RandomGenerator(seed: 5)
    let layer = Linear(inputSize: 45, outputSize: 150, biasInitializer: .glorotUniform, random: random)
    let rows = Tensor.uniform(shape: [3, 45], in: -1...1, using: random)
    let many = layer(rows)
    for index in 0..<3 {
      let one = layer(rows.sliced(alongAxis: 0, index..<(index + 1)))
      expectTensor(one, shape: [1, 150], Array(many.scalars[(index * 150)..<((index + 1) * 150)]), tolerance: 1e-5)
    }
    expectGradients(at: [rows.sliced(alongAxis: 0, 0..<1), layer.weight.value]) { $0[0].matmul($0[1]) }
  }
}
