import Foundation
import Testing

@testable import Autograd

@Suite("Convolution method: forced, automatic, reported")
struct ConvolutionMethodTests {
  /// An input, filter and bias of the given shapes, from a fixed seed.
  private func operands(_ input: [Int], _ filter: [Int], seed: UInt64) -> (Tensor, Tensor, Tensor) {
    let random = RandomGenerator(seed: seed)
    return (
      Tensor.uniform(shape: input, in: -1...1, using: random), Tensor.uniform(shape: filter, in: -1...1, using: random),
      Tensor.uniform(shape: [filter[3]], in: -1...1, using: random)
    )
  }

  /// Each method forced where it applies runs, says so, and agrees with the
  /// others to rounding, gradients included: Winograd where `.automatic`
  /// would not take it (8 channels; a 3×3 output, 4 tiles), with padding.
  @Test(arguments: [
    ([2, 9, 10, 16], [3, 3, 16, 24], 1), ([3, 7, 7, 8], [3, 3, 8, 8], 0), ([2, 5, 5, 16], [3, 3, 16, 16], 0),
  ])
  func winogradForcedAgreesWithIm2col(input: [Int], filter: [Int], padding: Int) {
    let (images, weights, bias) = operands(input, filter, seed: UInt64(input[1] * 10 + padding))
    let winograd = ConvolutionResults(.winograd, images, weights, bias, padding: padding)
    let im2col = ConvolutionResults(.im2col, images, weights, bias, padding: padding)
    #expect(winograd.method == .winograd)
    #expect(im2col.method == .im2col)
    winograd.expectAgrees(with: im2col)
  }

  @Test(arguments: [([2, 9, 9, 1], [3, 3, 1, 16]), ([1, 4, 6, 1], [3, 3, 1, 8])])
  func directForcedAgreesWithIm2col(input: [Int], filter: [Int]) {
    let (images, weights, bias) = operands(input, filter, seed: UInt64(input[1]))
    let direct = ConvolutionResults(.direct, images, weights, bias, padding: 0)
    let im2col = ConvolutionResults(.im2col, images, weights, bias, padding: 0)
    #expect(direct.method == .direct)
    #expect(im2col.method == .im2col)
    direct.expectAgrees(with: im2col)
  }

  /// `.automatic` takes W2's choices: the direct loop for conv1, Winograd
  /// for conv2, im2col for conv3 (too few tiles) and for a 5×5 filter.
  @Test(arguments: [
    ([2, 28, 28, 1], [3, 3, 1, 32], ExecutionPolicy.ConvolutionMethod.direct),
    ([2, 13, 13, 32], [3, 3, 32, 64], .winograd), ([2, 5, 5, 64], [3, 3, 64, 64], .im2col),
    ([2, 9, 9, 8], [5, 5, 8, 8], .im2col),
  ])
  func automaticReportsTheMethodThatRan(input: [Int], filter: [Int], expected: ExecutionPolicy.ConvolutionMethod) {
    let (images, weights, bias) = operands(input, filter, seed: 2)
    _ = images.conv2d(weights, addingBias: bias, method: .automatic)
    #expect(ExecutionPolicy.lastConvolutionMethod == expected)
    _ = images.conv2d(weights, addingBias: bias, method: .im2col)
    #expect(ExecutionPolicy.lastConvolutionMethod == .im2col)
  }

  /// The process-wide setting applies to every call that names no method,
  /// and a call's own method overrides it. In a process of its own: the
  /// setting would reach the other tests' convolutions.
  @Test func processWideSettingAndPerCallOverride() async {
    await #expect(processExitsWith: .success) {
      let random = RandomGenerator(seed: 4)
      let images = Tensor.uniform(shape: [2, 13, 13, 32], in: -1...1, using: random)
      let filter = Tensor.uniform(shape: [3, 3, 32, 64], in: -1...1, using: random)
      _ = images.conv2d(filter)
      guard ExecutionPolicy.lastConvolutionMethod == .winograd else { exit(1) }
      ExecutionPolicy.convolutionMethod = .im2col
      _ = images.conv2d(filter)
      guard ExecutionPolicy.lastConvolutionMethod == .im2col else { exit(2) }
      _ = images.conv2d(filter, method: .winograd)
      guard ExecutionPolicy.lastConvolutionMethod == .winograd else { exit(3) }
    }
  }

  @Test func winogradThatCannotApplyNamesTheMethodAndShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 13, 13, 32]).conv2d(Tensor.zeros([5, 5, 32, 64]), stride: 2, method: .winograd)
    }
    let message = standardError(of: result)
    #expect(message.contains("conv2d: the winograd method cannot compute input [2, 13, 13, 32] and filter [5, 5, 32, 64] at stride 2, padding 0"), "\(message)")
    #expect(message.contains("3×3 filter at stride 1"), "\(message)")
  }

  @Test func directThatCannotApplyNamesTheMethodAndShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      ExecutionPolicy.convolutionMethod = .direct
      _ = Tensor.zeros([1, 6, 6, 3]).conv2d(Tensor.zeros([3, 3, 3, 8]), padding: 1)
    }
    let message = standardError(of: result)
    #expect(message.contains("conv2d: the direct method cannot compute input [1, 6, 6, 3] and filter [3, 3, 3, 8] at stride 1, padding 1"), "\(message)")
    #expect(message.contains("one input channel"), "\(message)")
  }
}
