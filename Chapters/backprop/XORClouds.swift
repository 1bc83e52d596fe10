import Autograd
import Foundation

/// Four noisy clouds of points around (±1, ±1), labelled by the XOR of the
/// signs of their cloud's centre: 1 where exactly one of its coordinates is negative. No straight line
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

  /// The accuracy of the best possible classifier on clouds of this noise.
  ///
  /// Each class's density is a sum of two Gaussians, and by symmetry the
  /// posterior favours class 1 exactly where the coordinates' signs differ: the
  /// Bayes rule is the sign rule. A point is misclassified when exactly one of
  /// its coordinates crosses zero, each with probability q = Φ(−1/noise), so
  /// the best accuracy is 1 − 2q(1 − q).
  static func bayesAccuracy(noise: Double) -> Double {
    let q = 0.5 * erfc(1 / (noise * 2.0.squareRoot()))  // Φ(−1/noise)
    return 1 - 2 * q * (1 - q)
  }

  /// The fraction of these points that the Bayes rule, "class 1 where the
  /// signs differ", labels correctly: the best rule's score on this sample.
  var signRuleAccuracy: Double {
    let correct = (0..<count).filter { index in (x[index, 0] * x[index, 1] < 0 ? 1 : 0) == y[index, 0] }.count
    return Double(correct) / Double(count)
  }

  /// The examples at `indices`, in that order: one batch.
  func batch(_ indices: [Int]) -> (x: Matrix, y: Matrix) {
    (Matrix(rows: indices.count, columns: 2, scalars: indices.flatMap { [x[$0, 0], x[$0, 1]] }),
     Matrix(rows: indices.count, columns: 1, scalars: indices.map { y[$0, 0] }))
  }
}
