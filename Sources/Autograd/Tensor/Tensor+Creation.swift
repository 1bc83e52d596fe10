extension Tensor {
  /// A tensor of the given shape with every element equal to `value`.
  public init(shape: [Int], repeating value: Float) {
    self.init(shape: shape, scalars: [Float](repeating: value, count: shape.elementCount))
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, repeating: 0)
  }

  /// A tensor of ones.
  public static func ones(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, repeating: 1)
  }

  /// The numbers `0, 1, …, count - 1` as a rank-1 tensor.
  public static func range(_ count: Int) -> Tensor {
    Tensor(shape: [count], scalars: (0..<count).map(Float.init))
  }

  /// A tensor whose elements are drawn uniformly from `range`.
  public static func uniform(
    shape: [Int], in range: ClosedRange<Float> = 0...1, using random: RandomGenerator
  ) -> Tensor {
    let width = range.upperBound - range.lowerBound
    return Tensor(shape: shape) { buffer in
      for index in buffer.indices { buffer[index] = range.lowerBound + width * random.nextUniform() }
    }
  }

  /// A tensor whose elements are drawn from a normal distribution.
  public static func normal(
    shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using random: RandomGenerator
  ) -> Tensor {
    Tensor(shape: shape) { buffer in
      for index in buffer.indices { buffer[index] = mean + standardDeviation * random.nextNormal() }
    }
  }
}
