import Autograd
import Foundation

/// A small matrix of Doubles, stored row by row: just enough linear algebra
/// to write backpropagation by hand, in double precision, with nothing hidden.
///
/// Rows are examples and columns are features or units, as in the core's
/// `Linear` layer: a batch `x` of shape [m, n] times a weight of shape [n, k]
/// gives [m, k]. Biases are matrices of one row, added to every row.
struct Matrix: Equatable {
  let rows: Int
  let columns: Int
  var scalars: [Double]

  init(rows: Int, columns: Int, scalars: [Double]) {
    precondition(scalars.count == rows * columns, "Matrix: \(scalars.count) scalars for \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.scalars = scalars
  }

  init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.init(rows: rows, columns: columns, scalars: Array(repeating: value, count: rows * columns))
  }

  /// A matrix with entries drawn uniformly from [-scale, scale).
  static func uniform(rows: Int, columns: Int, scale: Double, using random: RandomGenerator) -> Matrix {
    Matrix(rows: rows, columns: columns, scalars: (0..<(rows * columns)).map { _ in
      scale * (2 * Double(random.nextUniform()) - 1)
    })
  }

  /// A matrix with entries drawn from a normal distribution of mean 0.
  static func normal(rows: Int, columns: Int, standardDeviation: Double, using random: RandomGenerator) -> Matrix {
    Matrix(rows: rows, columns: columns, scalars: (0..<(rows * columns)).map { _ in
      standardDeviation * Double(random.nextNormal())
    })
  }

  subscript(row: Int, column: Int) -> Double {
    get { scalars[row * columns + column] }
    set { scalars[row * columns + column] = newValue }
  }

  /// The matrix product self · other.
  func matmul(_ other: Matrix) -> Matrix {
    precondition(columns == other.rows, "Matrix: cannot multiply \(rows)×\(columns) by \(other.rows)×\(other.columns)")
    var product = Matrix(rows: rows, columns: other.columns)
    for i in 0..<rows {
      for k in 0..<columns {
        let left = self[i, k]
        for j in 0..<other.columns { product[i, j] += left * other[k, j] }
      }
    }
    return product
  }

  /// Rows become columns: the ᵀ of the formulas.
  var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for i in 0..<rows { for j in 0..<columns { result[j, i] = self[i, j] } }
    return result
  }

  /// Adds a one-row matrix (a bias) to every row.
  func addingToEachRow(_ row: Matrix) -> Matrix {
    precondition(row.rows == 1 && row.columns == columns, "Matrix: a bias of \(row.rows)×\(row.columns) for \(columns) columns")
    var result = self
    for i in 0..<rows { for j in 0..<columns { result[i, j] += row[0, j] } }
    return result
  }

  /// The sum of the rows, as one row: a bias's gradient sums over the batch.
  var columnSums: Matrix {
    var result = Matrix(rows: 1, columns: columns)
    for i in 0..<rows { for j in 0..<columns { result[0, j] += self[i, j] } }
    return result
  }

  /// The function applied to every entry.
  func map(_ transform: (Double) -> Double) -> Matrix {
    Matrix(rows: rows, columns: columns, scalars: scalars.map(transform))
  }

  /// The square root of the sum of squares (Frobenius norm).
  var norm: Double { scalars.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// Entry by entry: the ⊙ (Hadamard product) of the formulas.
  static func * (left: Matrix, right: Matrix) -> Matrix { left.combined(with: right, by: *) }
  static func + (left: Matrix, right: Matrix) -> Matrix { left.combined(with: right, by: +) }
  static func - (left: Matrix, right: Matrix) -> Matrix { left.combined(with: right, by: -) }
  static func * (scale: Double, matrix: Matrix) -> Matrix { matrix.map { scale * $0 } }

  private func combined(with other: Matrix, by operation: (Double, Double) -> Double) -> Matrix {
    precondition(rows == other.rows && columns == other.columns, "Matrix: \(rows)×\(columns) and \(other.rows)×\(other.columns) differ in shape")
    return Matrix(rows: rows, columns: columns, scalars: zip(scalars, other.scalars).map(operation))
  }

  /// The same numbers as a Float32 tensor of the core.
  var tensor: Tensor { Tensor(shape: [rows, columns], scalars: scalars.map(Float.init)) }
}

/// The logistic sigmoid, σ(z) = 1 / (1 + e^−z), in a form that never overflows.
func sigmoid(_ z: Double) -> Double {
  z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}
