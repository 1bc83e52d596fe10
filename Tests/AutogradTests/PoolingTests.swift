import Testing

@testable import Autograd

/// Max pooling by its definition, for comparison.
private func naiveMaxPool(_ input: Tensor, size: Int, stride: Int) -> Tensor {
  let (batch, height, width, channels) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
  let outHeight = (height - size) / stride + 1
  let outWidth = (width - size) / stride + 1
  var output = [Float]()
  for image in 0..<batch {
    for outRow in 0..<outHeight {
      for outColumn in 0..<outWidth {
        for channel in 0..<channels {
          var largest = -Float.infinity
          for row in 0..<size {
            for column in 0..<size {
              largest = max(largest, input[image, outRow * stride + row, outColumn * stride + column, channel])
            }
          }
          output.append(largest)
        }
      }
    }
  }
  return Tensor(shape: [batch, outHeight, outWidth, channels], scalars: output)
}

/// Distinct values 0.1 apart in random order, so that no window has a tie
/// within a finite-difference step.
private func distinctValues(_ shape: [Int], seed: UInt64) -> Tensor {
  var random = RandomGenerator(seed: seed)
  let values = (0..<shape.elementCount).map { Float($0) * 0.1 }.shuffled(using: &random)
  return Tensor(shape: shape, scalars: values)
}

@Suite struct PoolingTests {
  @Test func smallExampleByHand() {
    let image = Tensor(shape: [1, 4, 4, 1], scalars: [
      1, 5, 2, 0,
      3, 4, 8, 7,
      9, 0, 1, 1,
      2, 6, 3, 4,
    ])
    let pooled = image.maxPool2d()
    #expect(pooled.shape == [1, 2, 2, 1])
    #expect(pooled.scalars == [5, 8, 9, 4])
  }

  // 11 channels: eight go through the SIMD kernel, three through its scalar tail.
  @Test(arguments: [(2, nil), (3, 2), (2, 1), (3, 3)] as [(Int, Int?)])
  func matchesDefinition(size: Int, stride: Int?) {
    let input = Tensor.normal(shape: [2, 5, 7, 11], using: RandomGenerator(seed: 1))
    let pooled = input.maxPool2d(size: size, stride: stride)
    #expect(pooled.scalars == naiveMaxPool(input, size: size, stride: stride ?? size).scalars)
    #expect(pooled.shape == naiveMaxPool(input, size: size, stride: stride ?? size).shape)
  }

  @Test func gradientGoesToEachMaximum() {
    let image = Tensor(shape: [1, 2, 4, 1], scalars: [1, 5, 2, 0, 3, 4, 8, 7]).requiringGradient()
    image.maxPool2d().sum().backward()
    #expect(image.gradient?.scalars == [0, 1, 0, 0, 0, 0, 1, 0])
  }

  @Test func overlappingWindowsAddTheirGradients() {
    // The 9 is the maximum of all four 2×2 windows of a 3×3 image (stride 1).
    let image = Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 9, 5, 6, 7, 8]).requiringGradient()
    let pooled = image.maxPool2d(size: 2, stride: 1)
    #expect(pooled.scalars == [9, 9, 9, 9])
    pooled.backward(seed: Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4]))
    #expect(image.gradient?.scalars == [0, 0, 0, 0, 10, 0, 0, 0, 0])
  }

  @Test func gradients() {
    let input = distinctValues([2, 4, 5, 3], seed: 2)
    let result = checkGradients(at: [input]) { $0[0].maxPool2d() }
    #expect(result.passed, "\(result)")
  }

  @Test func gradientsWithOverlap() {
    let input = distinctValues([1, 5, 6, 2], seed: 3)
    let result = checkGradients(at: [input]) { $0[0].maxPool2d(size: 3, stride: 2) }
    #expect(result.passed, "\(result)")
  }

  @Test func gradientsOfManyChannels() {
    let input = distinctValues([1, 3, 4, 10], seed: 4)
    let result = checkGradients(at: [input]) { $0[0].maxPool2d(size: 3, stride: 2) }
    #expect(result.passed, "\(result)")
  }

  @Test func notANumberPropagates() {
    let image = Tensor(shape: [1, 2, 2, 1], scalars: [1, .nan, 3, 2])
    #expect(image.maxPool2d().scalar.isNaN)
    // The same in the SIMD kernel: channel 5 holds a NaN in the second pixel.
    var scalars = [Float](repeating: 1, count: 4 * 8)
    scalars[8 + 5] = .nan
    let pooled = Tensor(shape: [1, 2, 2, 8], scalars: scalars).maxPool2d().scalars
    #expect(pooled[5].isNaN)
    #expect(pooled.enumerated().allSatisfy { $0.offset == 5 || $0.element == 1 })
  }
}
