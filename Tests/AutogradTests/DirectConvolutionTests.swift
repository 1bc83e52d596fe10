import Testing

@testable import Autograd

@Suite("Direct single-channel convolution against im2col")
struct DirectConvolutionTests {
  /// Several image sizes (W2's 28×28 among them) and numbers of filters, with and without a bias.
  @Test(arguments: [(28, 28, 32, true), (5, 7, 8, true), (9, 4, 16, false), (3, 3, 24, true)])
  func matchesIm2col(height: Int, width: Int, filters: Int, hasBias: Bool) {
    let random = RandomGenerator(seed: UInt64(height * 100 + width))
    let input = Tensor.uniform(shape: [3, height, width, 1], in: 0...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, 1, filters], in: -1...1, using: random)
    let bias = hasBias ? Tensor.uniform(shape: [filters], in: -1...1, using: random) : nil
    #expect(ConvolutionGeometry(input: input.shape, filter: filter.shape, stride: 1, padding: 0).isDirectSingleChannel)

    let automatic = ConvolutionResults(.automatic, input, filter, bias, padding: 0)
    #expect(automatic.method == .direct)
    automatic.expectAgrees(with: ConvolutionResults(.im2col, input, filter, bias, padding: 0))
  }

  /// Images that need no gradient (a network's data) get none, and the filter's is still right.
  @Test func filterGradientWithoutInputGradient() {
    let random = RandomGenerator(seed: 3)
    let images = Tensor.uniform(shape: [2, 6, 6, 1], in: 0...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, 1, 8], in: -1...1, using: random).requiringGradient()
    images.conv2d(filter).sum().backward()
    #expect(images.gradient == nil)
    // d(Σ output)/d(tap) is the sum of the pixels that tap visits, the same for every filter.
    let pixels = images.scalars
    for tapRow in 0..<3 {
      for tapColumn in 0..<3 {
        var expected: Float = 0
        for image in 0..<2 {
          for row in 0..<4 {
            for column in 0..<4 { expected += pixels[(image * 6 + row + tapRow) * 6 + column + tapColumn] }
          }
        }
        let tap = (tapRow * 3 + tapColumn) * 8
        for value in filter.gradient!.scalars[tap..<tap + 8] {
          #expect(abs(value - expected) <= 1e-5 * expected, "tap (\(tapRow), \(tapColumn)): \(value) against \(expected)")
        }
      }
    }
  }

  /// Only the bias learns (a frozen filter): its gradient is the sum of the output's gradient.
  @Test func biasGradientAlone() {
    let random = RandomGenerator(seed: 8)
    let images = Tensor.uniform(shape: [2, 5, 6, 1], in: 0...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, 1, 16], in: -1...1, using: random)
    let bias = Tensor.zeros([16]).requiringGradient()
    let output = images.conv2d(filter, addingBias: bias)
    let upstream = Tensor.uniform(shape: output.shape, in: -1...1, using: random)
    output.backward(seed: upstream)
    #expect(filter.gradient == nil)
    let expected = upstream.reshaped(to: [-1, 16]).sum(alongAxis: 0).scalars
    let largest = zip(bias.gradient!.scalars, expected).map { abs($0 - $1) }.max()!
    #expect(largest <= 1e-5, "largest difference \(largest)")
  }

  @Test func leavesOtherConvolutionsToIm2col() {
    let geometry = { (input: [Int], filter: [Int], stride: Int, padding: Int) in
      ConvolutionGeometry(input: input, filter: filter, stride: stride, padding: padding)
    }
    #expect(geometry([2, 28, 28, 1], [3, 3, 1, 32], 1, 0).isDirectSingleChannel)  // W2's conv1
    #expect(!geometry([2, 28, 28, 3], [3, 3, 3, 32], 1, 0).isDirectSingleChannel)  // three channels
    #expect(!geometry([2, 28, 28, 1], [3, 3, 1, 32], 2, 0).isDirectSingleChannel)  // stride 2
    #expect(!geometry([2, 28, 28, 1], [3, 3, 1, 32], 1, 1).isDirectSingleChannel)  // padding
    #expect(!geometry([2, 28, 28, 1], [5, 5, 1, 32], 1, 0).isDirectSingleChannel)  // 5×5
    #expect(!geometry([2, 28, 28, 1], [3, 3, 1, 12], 1, 0).isDirectSingleChannel)  // not a multiple of 8
  }
}
