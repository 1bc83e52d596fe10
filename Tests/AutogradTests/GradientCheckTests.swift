import Testing

@testable import Autograd

/// The gradient check reports what it compared, so a chapter can quote its figures.
@Suite("Gradient check")
struct GradientCheckTests {
  @Test("a scalar result is compared as it is: the reported gradients are its own, not a projection's")
  func scalarResultIsNotProjected() {
    let x = Tensor.uniform(shape: [2, 3], in: -1...1, using: RandomGenerator(seed: 3))
    let result = checkGradients(at: [x]) { ($0[0] * Tensor(3)).sum() }
    #expect(result.passed, "\(result)")
    #expect(abs(result.worstAnalytic - 3) < 1e-6, "\(result)")
    #expect(abs(result.worstNumeric - 3) < 1e-3, "\(result)")
  }

  @Test("a non-scalar result is still checked element by element through a projection")
  func nonScalarResultPasses() {
    let x = Tensor.uniform(shape: [3, 4], in: -1...1, using: RandomGenerator(seed: 4))
    let result = checkGradients(at: [x]) { $0[0].tanh() }
    #expect(result.passed, "\(result)")
    #expect(abs(result.worstAnalytic) < 1, "the projection weights lie in [-1, 1] and tanh' ≤ 1: \(result)")
  }
}
