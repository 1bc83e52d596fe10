import Testing

@testable import Autograd

/// The convolution computed by its definition, one output at a time, for
/// comparison with the im2col + matrix-product implementation.
private func naiveConvolution(_ input: Tensor, _ filter: Tensor, stride: Int, padding: Int) -> Tensor {
  let (batch, height, width, inChannels) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
  let (kernelHeight, kernelWidth, outChannels) = (filter.shape[0], filter.shape[1], filter.shape[3])
  let outHeight = (height + 2 * padding - kernelHeight) / stride + 1
  let outWidth = (width + 2 * padding - kernelWidth) / stride + 1
  var output = [Float]()
  for image in 0..<batch {
    for outRow in 0..<outHeight {
      for outColumn in 0..<outWidth {
        for outChannel in 0..<outChannels {
          var total: Double = 0
          for kernelRow in 0..<kernelHeight {
            for kernelColumn in 0..<kernelWidth {
              let row = outRow * stride - padding + kernelRow
              let column = outColumn * stride - padding + kernelColumn
              guard (0..<height).contains(row) && (0..<width).contains(column) else { continue }
              for channel in 0..<inChannels {
                total += Double(input[image, row, column, channel])
                  * Double(filter[kernelRow, kernelColumn, channel, outChannel])
              }
            }
          }
          output.append(Float(total))
        }
      }
    }
  }
  return Tensor(shape: [batch, outHeight, outWidth, outChannels], scalars: output)
}

private func expectClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-4, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
  let worst = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
  #expect(worst <= tolerance, "largest difference \(worst)", sourceLocation: sourceLocation)
}

@Suite struct ConvolutionTests {
  @Test func smallExampleByHand() {
    // 1 2 3 / 4 5 6 / 7 8 9 under a 2×2 kernel of ones: the sums of each 2×2 block.
    let image = Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let filter = Tensor.ones([2, 2, 1, 1])
    #expect(image.conv2d(filter).scalars == [12, 16, 24, 28])
    // Padding 1: the corners see only one pixel each, e.g. the top-left sees 1.
    let padded = image.conv2d(filter, padding: 1)
    #expect(padded.shape == [1, 4, 4, 1])
    #expect(padded.scalars == [1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9])
  }

  @Test func matchesDirectConvolutionWithStrideAndPadding() {
    let random = RandomGenerator(seed: 1)
    let input = Tensor.normal(shape: [2, 5, 6, 3], using: random)
    let filter = Tensor.normal(shape: [3, 2, 3, 4], using: random)
    let output = input.conv2d(filter, stride: 2, padding: 1)
    #expect(output.shape == [2, 3, 4, 4])
    expectClose(output, naiveConvolution(input, filter, stride: 2, padding: 1))
  }

  @Test(arguments: [(1, 0), (1, 2), (3, 0), (2, 2)])
  func matchesDirectConvolution(stride: Int, padding: Int) {
    let random = RandomGenerator(seed: 2)
    let input = Tensor.normal(shape: [3, 7, 5, 2], using: random)
    let filter = Tensor.normal(shape: [2, 3, 2, 5], using: random)
    expectClose(input.conv2d(filter, stride: stride, padding: padding),
                naiveConvolution(input, filter, stride: stride, padding: padding))
  }

  @Test func pointwiseKernelIsAMatrixProduct() {
    let random = RandomGenerator(seed: 3)
    let input = Tensor.normal(shape: [2, 3, 4, 5], using: random)
    let filter = Tensor.normal(shape: [1, 1, 5, 2], using: random)
    expectClose(input.conv2d(filter), naiveConvolution(input, filter, stride: 1, padding: 0))
  }

  @Test func gradientsWithStrideAndPadding() {
    let random = RandomGenerator(seed: 4)
    let input = Tensor.normal(shape: [2, 4, 5, 2], using: random)
    let filter = Tensor.normal(shape: [3, 2, 2, 3], using: random)
    let result = checkGradients(at: [input, filter]) { $0[0].conv2d($0[1], stride: 2, padding: 1) }
    #expect(result.passed, "\(result)")
  }

  @Test func gradientsWithOverlappingWindows() {
    let random = RandomGenerator(seed: 5)
    let input = Tensor.normal(shape: [1, 5, 4, 3], using: random)
    let filter = Tensor.normal(shape: [2, 3, 3, 2], using: random)
    let result = checkGradients(at: [input, filter]) { $0[0].conv2d($0[1]) }
    #expect(result.passed, "\(result)")
  }

  @Test func gradientsOfPointwiseKernel() {
    let random = RandomGenerator(seed: 6)
    let input = Tensor.normal(shape: [2, 2, 3, 4], using: random)
    let filter = Tensor.normal(shape: [1, 1, 4, 3], using: random)
    let result = checkGradients(at: [input, filter]) { $0[0].conv2d($0[1]) }
    #expect(result.passed, "\(result)")
  }

  @Test func fusedBiasEqualsAddingItAfterwards() {
    let random = RandomGenerator(seed: 8)
    let input = Tensor.normal(shape: [2, 5, 4, 3], using: random)
    let filter = Tensor.normal(shape: [3, 2, 3, 4], using: random)
    let bias = Tensor.normal(shape: [4], using: random)
    let fused = input.conv2d(filter, addingBias: bias, stride: 1, padding: 1)
    let separate = input.conv2d(filter, stride: 1, padding: 1) + bias
    #expect(fused.shape == separate.shape)
    #expect(zip(fused.scalars, separate.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    let result = checkGradients(at: [input, filter, bias]) { $0[0].conv2d($0[1], addingBias: $0[2], stride: 2, padding: 1) }
    #expect(result.passed, "\(result)")
  }

  @Test func dataInputGetsNoGradient() {
    let random = RandomGenerator(seed: 7)
    let images = Tensor.normal(shape: [2, 4, 4, 1], using: random)
    let filter = Tensor.normal(shape: [3, 3, 1, 2], using: random).requiringGradient()
    images.conv2d(filter, padding: 1).sum().backward()
    #expect(images.gradient == nil)
    #expect(filter.gradient?.shape == [3, 3, 1, 2])
    // With the images held constant, the filter's gradient still checks out.
    let result = checkGradients(at: [filter]) { images.conv2d($0[0], padding: 1) }
    #expect(result.passed, "\(result)")
  }

  @Test func emptyBatch() {
    let images = Tensor.zeros([0, 5, 5, 3]).requiringGradient()
    let filter = Tensor.ones([3, 3, 3, 2]).requiringGradient()
    let output = images.conv2d(filter, padding: 1)
    #expect(output.shape == [0, 5, 5, 2])
    output.backward(seed: Tensor.zeros([0, 5, 5, 2]))
    #expect(filter.gradient?.scalars == [Float](repeating: 0, count: 54))
    #expect(images.gradient?.shape == [0, 5, 5, 3])
    #expect(Tensor.zeros([0, 4, 4, 2]).maxPool2d().shape == [0, 2, 2, 2])
  }

  @Test func channelMismatchNamesBothShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([1, 5, 5, 3]).conv2d(Tensor.zeros([3, 3, 2, 4]))
    }
    let message = standardError(of: result)
    #expect(message.contains("conv2d"))
    #expect(message.contains("[1, 5, 5, 3]"))
    #expect(message.contains("[3, 3, 2, 4]"))
  }
}
