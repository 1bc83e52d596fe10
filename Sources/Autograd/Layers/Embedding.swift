/// A lookup table from token ids to learned vectors, Keras's `Embedding`.
///
///     let embedding = Embedding(vocabularySize: 114, dimension: 64, random: random)
///     embedding(ids: [3, 1, 4], shape: [1, 3]).shape  // [1, 3, 64]
///
/// Its backward adds each position's gradient into the row it looked up.
public final class Embedding: Layer {
  /// [vocabularySize, dimension].
  public let table: Parameter

  /// Creates a table initialized uniformly in ±0.05, as Keras does.
  public init(
    vocabularySize: Int, dimension: Int, initializer: Initializer = .uniform(limit: 0.05),
    random: RandomGenerator
  ) {
    table = Parameter(
      initializer.makeTensor(shape: [vocabularySize, dimension], fanIn: vocabularySize, fanOut: dimension, using: random))
  }

  /// The vectors of `ids`, arranged as `shape` + [dimension].
  public func callAsFunction(ids: [Int], shape: [Int]) -> Tensor {
    table.value.gatherRows(ids, shape: shape)
  }

  /// The vectors of token ids stored as whole numbers in a tensor, so that an
  /// embedding can open a `Sequential`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    self(ids: Self.ids(in: input), shape: input.shape)
  }

  /// The token ids stored as whole numbers in `input`, in order; stops with
  /// a message at the first value that is not one.
  public static func ids(in input: Tensor) -> [Int] {
    input.scalars.map { value in
      check(value == value.rounded() && value >= 0, "Embedding: input \(value) is not a token id")
      return Int(value)
    }
  }

  public var namedParameters: [(name: String, parameter: Parameter)] { [("table", table)] }
}
