import Testing

@testable import Autograd

/// A convolution's output and its gradients, computed with `method`.
struct ConvolutionResults {
  /// The method that ran, as ``ExecutionPolicy/lastConvolutionMethod`` reports it.
  let method: ExecutionPolicy.ConvolutionMethod?
  let output: Tensor
  let input: Tensor
  let filter: Tensor
  let bias: Tensor?

  /// Runs `input.conv2d(filter, addingBias: bias, padding:, method:)`
  /// and differentiates a weighted sum of its output, so that every output
  /// element gets its own gradient.
  init(
    _ method: ExecutionPolicy.ConvolutionMethod, _ input: Tensor, _ filter: Tensor, _ bias: Tensor?, padding: Int
  ) {
    let (input, filter, bias) = (input.requiringGradient(), filter.requiringGradient(), bias?.requiringGradient())
    let output = input.conv2d(filter, addingBias: bias, padding: padding, method: method)
    self.method = ExecutionPolicy.lastConvolutionMethod
    let weights = Tensor.uniform(shape: output.shape, in: -1...1, using: RandomGenerator(seed: 9))
    (output * weights).sum().backward()
    (self.output, self.input, self.filter, self.bias) = (output.detached(), input.gradient!, filter.gradient!, bias?.gradient)
  }

  /// Expects every result to equal `reference`'s up to rounding: differences
  /// of at most 1e-5 of the largest value (sums computed in another order).
  func expectAgrees(with reference: ConvolutionResults, sourceLocation: SourceLocation = #_sourceLocation) {
    var pairs = [("output", output, reference.output), ("input gradient", input, reference.input),
                 ("filter gradient", filter, reference.filter)]
    if let bias, let referenceBias = reference.bias { pairs.append(("bias gradient", bias, referenceBias)) }
    #expect((bias == nil) == (reference.bias == nil), sourceLocation: sourceLocation)
    for (name, fast, expected) in pairs {
      #expect(fast.shape == expected.shape, "\(name)", sourceLocation: sourceLocation)
      let largest = zip(fast.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
      let scale = expected.scalars.map(abs).max() ?? 1
      #expect(largest <= 1e-5 * max(scale, 1), "\(name): largest difference \(largest) for values up to \(scale)",
        sourceLocation: sourceLocation)
    }
  }
}
