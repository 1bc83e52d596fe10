import Foundation
import Testing

@testable import Autograd

/// Softmax along `axis` by its definition, in Double.
private func naiveSoftmax(_ input: Tensor, axis: Int) -> [Float] {
  let outer = input.shape[..<axis].reduce(1, *)
  let length = input.shape[axis]
  let inner = input.shape[(axis + 1)...].reduce(1, *)
  var output = [Float](repeating: 0, count: input.scalarCount)
  for block in 0..<outer {
    for column in 0..<inner {
      let indices = (0..<length).map { (block * length + $0) * inner + column }
      let exponentials = indices.map { Foundation.exp(Double(input.scalars[$0])) }
      let total = exponentials.reduce(0, +)
      for (index, value) in zip(indices, exponentials) { output[index] = Float(value / total) }
    }
  }
  return output
}

private func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
  #expect(worst <= tolerance, "largest difference \(worst)", sourceLocation: sourceLocation)
}

@Suite struct SoftmaxTests {
  @Test func smallExampleByHand() {
    let probabilities = Tensor(shape: [1, 2], scalars: [0, Foundation.log(3)]).softmax()
    expectClose(probabilities.scalars, [0.25, 0.75])
  }

  @Test(arguments: [0, 1, 2, -1])
  func matchesDefinitionAlongEveryAxis(axis: Int) {
    let input = Tensor.normal(shape: [3, 4, 5], standardDeviation: 3, using: RandomGenerator(seed: 1))
    let resolved = axis < 0 ? axis + 3 : axis
    expectClose(input.softmax(alongAxis: axis).scalars, naiveSoftmax(input, axis: resolved))
    let logarithms = naiveSoftmax(input, axis: resolved).map { Foundation.log($0) }
    expectClose(input.logSoftmax(alongAxis: axis).scalars, logarithms, tolerance: 1e-4)
  }

  @Test func rowsSumToOne() {
    // Rows longer than the 8-wide SIMD kernels, with a remainder.
    let input = Tensor.normal(shape: [6, 37], standardDeviation: 5, using: RandomGenerator(seed: 2))
    let probabilities = input.softmax()
    for row in 0..<6 {
      let total = probabilities.scalars[(row * 37)..<((row + 1) * 37)].reduce(0, +)
      #expect(abs(total - 1) < 1e-5)
    }
    #expect(probabilities.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  @Test func hugeLogitsStayFinite() {
    let logits = Tensor(shape: [2, 3], scalars: [1e4, -1e4, 0, -1e4, 1e4, 1e4])
    #expect(logits.softmax().scalars == [1, 0, 0, 0, 0.5, 0.5])
    let logProbabilities = logits.logSoftmax().scalars
    #expect(logProbabilities[0] == 0 && logProbabilities[1] == -2e4 && logProbabilities[2] == -1e4)
    #expect(abs(logProbabilities[4] + Float(Foundation.log(2.0))) < 1e-6)
  }

  @Test(arguments: [-1, 1, 0])
  func softmaxGradients(axis: Int) {
    let input = Tensor.normal(shape: [2, 3, 4], using: RandomGenerator(seed: 3))
    let result = checkGradients(at: [input]) { $0[0].softmax(alongAxis: axis) }
    #expect(result.passed, "\(result)")
  }

  @Test(arguments: [-1, 1, 0])
  func logSoftmaxGradients(axis: Int) {
    let input = Tensor.normal(shape: [2, 3, 4], using: RandomGenerator(seed: 4))
    let result = checkGradients(at: [input]) { $0[0].logSoftmax(alongAxis: axis) }
    #expect(result.passed, "\(result)")
  }
}

@Suite struct CrossEntropyTests {
  @Test func smallExampleByHand() {
    let logits = Tensor(shape: [2, 3], scalars: [2, 0, 0, 0, 0, 0])
    let loss = logits.crossEntropy(targets: [0, 2])
    let expected = ((Foundation.log(exp(2.0) + 2) - 2) + Foundation.log(3.0)) / 2
    #expect(abs(Double(loss.scalar) - expected) < 1e-6)
    #expect(loss.shape == [])
  }

  @Test func equalsMeanOfPickedLogSoftmax() {
    let logits = Tensor.normal(shape: [5, 7], standardDeviation: 4, using: RandomGenerator(seed: 5))
    let targets = [3, 0, 6, 6, 1]
    let logProbabilities = logits.logSoftmax()
    let picked = targets.enumerated().map { logProbabilities[$0.offset, $0.element] }
    let expected = -picked.reduce(0, +) / 5
    #expect(abs(logits.crossEntropy(targets: targets).scalar - expected) < 1e-5)
  }

  @Test func hugeLogitsGiveTheExactLossAndFiniteGradients() {
    let logits = Tensor(shape: [2, 3], scalars: [1e4, -1e4, 0, -1e4, 1e4, 0]).requiringGradient()
    // Row 0 picks a logit 2·10⁴ below the maximum; row 1 picks the maximum.
    let loss = logits.crossEntropy(targets: [1, 1])
    #expect(loss.scalar == 1e4)
    loss.backward()
    // (softmax − one-hot) / 2, with softmax exactly one-hot at the maxima.
    #expect(logits.gradient?.scalars == [0.5, -0.5, 0, 0, 0, 0])
  }

  @Test func gradients() {
    let logits = Tensor.normal(shape: [4, 5], using: RandomGenerator(seed: 6))
    let result = checkGradients(at: [logits]) { $0[0].crossEntropy(targets: [4, 0, 2, 2]) }
    #expect(result.passed, "\(result)")
  }

  @Test func leadingAxesAreRows() {
    let logits = Tensor.normal(shape: [2, 3, 4], using: RandomGenerator(seed: 7))
    let targets = [0, 3, 1, 2, 2, 0]
    let flat = logits.reshaped(to: [6, 4]).crossEntropy(targets: targets)
    #expect(logits.crossEntropy(targets: targets).scalar == flat.scalar)
    let result = checkGradients(at: [logits]) { $0[0].crossEntropy(targets: targets) }
    #expect(result.passed, "\(result)")
  }

  @Test func targetOutOfRangeNamesIndexAndClassCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 10]).crossEntropy(targets: [3, 10])
    }
    let message = standardError(of: result)
    #expect(message.contains("crossEntropy"))
    #expect(message.contains("target 10"))
    #expect(message.contains("10 classes"))
  }
}
