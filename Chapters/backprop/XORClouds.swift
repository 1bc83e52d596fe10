import Autograd

/// Four noisy clouds of points around (±1, ±1), labelled by the XOR of the
/// signs: 1 where exactly one coordinate is negative. No straight line
/// separates the classes, so the network needs its hidden layer.
struct XORClouds {
  /// [count, 2].
  let x: Matrix
  /// [count, 1], 0 or 1.
  let y: Matrix

  init(count: Int, noise: Double, random: RandomGenerator) {
    var points: [Double] = []
    var labels: [Double] = []
    for index in 0..<count {
      let (first, second): (Double, Double) = [(-1, -1), (-1, 1), (1, -1), (1, 1)][index % 4]
      points += [first + noise * Double(random.nextNormal()), second + noise * Double(random.nextNormal())]
      labels.append(first * second < 0 ? 1 : 0)
    }
    x = Matrix(rows: count, columns: 2, scalars: points)
    y = Matrix(rows: count, columns: 1, scalars: labels)
  }

  var count: Int { x.rows }

  /// The examples at `indices`, in that order: one batch.
  func batch(_ indices: [Int]) -> (x: Matrix, y: Matrix) {
    (Matrix(rows: indices.count, columns: 2, scalars: indices.flatMap { [x[$0, 0], x[$0, 1]] }),
     Matrix(rows: indices.count, columns: 1, scalars: indices.map { y[$0, 0] }))
  }
}
