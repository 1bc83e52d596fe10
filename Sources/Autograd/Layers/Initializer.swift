import Foundation

/// How a layer fills a parameter when it is created.
///
/// The defaults of the layers follow Keras, the framework of the articles
/// the course mirrors: Glorot-uniform weights and zero biases for dense and
/// convolution layers, uniform ±0.05 embeddings, orthogonal recurrent weights
/// and a forget-gate bias of one in LSTMs. ``pytorchLinear(fanIn:)`` reproduces
/// PyTorch's default for `nn.Linear` and `nn.Conv2d` instead.
public enum Initializer {
  /// Every element zero.
  case zeros
  /// Every element one.
  case ones
  /// Uniform in ±√(6 / (fanIn + fanOut)) (Glorot & Bengio 2010), Keras's default.
  case glorotUniform
  /// Uniform in ±√(6 / fanIn) (He et al. 2015), suited to ReLU layers.
  case heUniform
  /// Uniform in ±1/√fanIn: what PyTorch's `kaiming_uniform_(a=√5)` amounts
  /// to for weights, and its rule for biases too.
  case pytorchLinear(fanIn: Int)
  /// Uniform in ±limit.
  case uniform(limit: Float)
  /// Normal with mean 0 and the given standard deviation.
  case normal(standardDeviation: Float)
  /// A random orthogonal matrix (Saxe et al. 2014), Keras's default for
  /// recurrent weights: the shape is read as [rows, columns].
  case orthogonal

  /// A tensor of `shape` filled by this rule.
  ///
  /// - Parameters:
  ///   - fanIn: The number of inputs each output unit sees.
  ///   - fanOut: The number of outputs each input unit feeds.
  public func makeTensor(shape: [Int], fanIn: Int, fanOut: Int, using random: RandomGenerator) -> Tensor {
    switch self {
    case .zeros:
      return .zeros(shape)
    case .ones:
      return .ones(shape)
    case .glorotUniform:
      let limit = Float((6 / Double(fanIn + fanOut)).squareRoot())
      return .uniform(shape: shape, in: -limit...limit, using: random)
    case .heUniform:
      let limit = Float((6 / Double(fanIn)).squareRoot())
      return .uniform(shape: shape, in: -limit...limit, using: random)
    case .pytorchLinear(let fanIn):
      let limit = Float(1 / Double(fanIn).squareRoot())
      return .uniform(shape: shape, in: -limit...limit, using: random)
    case .uniform(let limit):
      return .uniform(shape: shape, in: -limit...limit, using: random)
    case .normal(let standardDeviation):
      return .normal(shape: shape, standardDeviation: standardDeviation, using: random)
    case .orthogonal:
      return Initializer.orthogonalMatrix(shape: shape, using: random)
    }
  }

  /// Orthonormalizes the rows (or columns, whichever are fewer) of a normal
  /// random matrix by modified Gram–Schmidt in Double precision.
  private static func orthogonalMatrix(shape: [Int], using random: RandomGenerator) -> Tensor {
    check(shape.count >= 2, "orthogonal initializer: needs at least 2 dimensions, got \(shape)")
    let rows = shape.dropLast().elementCount
    let columns = shape[shape.count - 1]
    // Orthonormalize `vectorCount` vectors of `length` elements.
    let (vectorCount, length) = rows <= columns ? (rows, columns) : (columns, rows)
    var vectors = (0..<vectorCount).map { _ in (0..<length).map { _ in Double(random.nextNormal()) } }
    for index in 0..<vectorCount {
      for previous in 0..<index {
        let projection = zip(vectors[index], vectors[previous]).reduce(0) { $0 + $1.0 * $1.1 }
        for position in 0..<length { vectors[index][position] -= projection * vectors[previous][position] }
      }
      let norm = vectors[index].reduce(0) { $0 + $1 * $1 }.squareRoot()
      vectors[index] = vectors[index].map { $0 / norm }
    }
    var scalars = [Float](repeating: 0, count: rows * columns)
    for row in 0..<rows {
      for column in 0..<columns {
        scalars[row * columns + column] =
          Float(rows <= columns ? vectors[row][column] : vectors[column][row])
      }
    }
    return Tensor(shape: shape, scalars: scalars)
  }
}
