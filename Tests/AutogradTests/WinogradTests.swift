import Testing

@testable import Autograd

@Suite("Winograd F(2×2, 3×3) against im2col")
struct WinogradTests {
  /// Odd and even output sizes (the last tiles hang over the edge), with and without padding.
  @Test(arguments: [(7, 0), (8, 0), (7, 1), (6, 1), (5, 2)])
  func matchesIm2col(side: Int, padding: Int) {
    let channels = 16, filters = 24
    let random = RandomGenerator(seed: UInt64(side * 10 + padding))
    let input = Tensor.uniform(shape: [3, side, side + 1, channels], in: -1...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, channels, filters], in: -1...1, using: random)
    let bias = Tensor.uniform(shape: [filters], in: -1...1, using: random)
    let automatic = ConvolutionResults(.automatic, input, filter, bias, padding: padding)
    #expect(automatic.method == .winograd)
    automatic.expectAgrees(with: ConvolutionResults(.im2col, input, filter, bias, padding: padding))
  }

  /// Enough tiles for several blocks (`WinogradTiling.blocks`), the last one partial.
  @Test func matchesIm2colOverSeveralBlocks() {
    let random = RandomGenerator(seed: 11)
    let input = Tensor.uniform(shape: [5, 13, 14, 16], in: -1...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, 16, 64], in: -1...1, using: random)
    let bias = Tensor.uniform(shape: [64], in: -1...1, using: random)
    let tiling = WinogradTiling(ConvolutionGeometry(input: input.shape, filter: filter.shape, stride: 1, padding: 0))
    #expect(tiling.blocks.count >= 3 && tiling.blocks.last!.count < tiling.blocks.first!.count, "\(tiling.blocks)")
    let automatic = ConvolutionResults(.automatic, input, filter, bias, padding: 0)
    #expect(automatic.method == .winograd)
    automatic.expectAgrees(with: ConvolutionResults(.im2col, input, filter, bias, padding: 0))
  }

  @Test func leavesOtherConvolutionsToIm2col() {
    let geometry = { (input: [Int], filter: [Int], stride: Int) in
      ConvolutionGeometry(input: input, filter: filter, stride: stride, padding: 0)
    }
    let picksWinograd = { (geometry: ConvolutionGeometry) in
      ExecutionPolicy.automaticConvolutionMethod(for: geometry) == .winograd
    }
    #expect(!picksWinograd(geometry([2, 28, 28, 1], [3, 3, 1, 32], 1)))  // W2's conv1: one channel
    #expect(!picksWinograd(geometry([2, 13, 13, 32], [3, 3, 32, 64], 2)))  // stride 2
    #expect(!picksWinograd(geometry([2, 13, 13, 32], [5, 5, 32, 64], 1)))  // 5×5
    #expect(!picksWinograd(geometry([2, 13, 13, 20], [3, 3, 20, 64], 1)))  // not a multiple of 8
    #expect(!picksWinograd(geometry([2, 5, 5, 64], [3, 3, 64, 64], 1)))  // W2's conv3: 3×3 outputs, 4 tiles
    #expect(picksWinograd(geometry([2, 13, 13, 32], [3, 3, 32, 64], 1)))  // W2's conv2
  }

  @Test func gradientsAgreeWithFiniteDifferences() {
    let random = RandomGenerator(seed: 4)
    let input = Tensor.uniform(shape: [1, 6, 6, 16], in: -1...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, 16, 16], in: -0.3...0.3, using: random)
    #expect(ExecutionPolicy.automaticConvolutionMethod(
      for: ConvolutionGeometry(input: input.shape, filter: filter.shape, stride: 1, padding: 1)) == .winograd)
    expectGradients(at: [input, filter]) { tensors in
      // Checked through Σ output ⊙ R (see checkGradients): linear in each input, so differences are exact but for rounding.
      tensors[0].conv2d(tensors[1], padding: 1)
    }
  }
}
