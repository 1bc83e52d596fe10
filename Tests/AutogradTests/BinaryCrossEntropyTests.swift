import Foundation
import Testing

@testable import Autograd

@Suite struct BinaryCrossEntropyTests {
  @Test func smallExampleByHand() {
    // −log σ(0) = log 2; −log(1 − σ(2)) = log(1 + e²).
    let loss = Tensor(shape: [2], scalars: [0, 2]).binaryCrossEntropy(labels: [1, 0])
    #expect(abs(loss.scalar - Float((log(2) + log(1 + exp(2.0))) / 2)) < 1e-6)
  }

  @Test func equalsTheFormulaOnProbabilities() {
    let logits = Tensor.normal(shape: [3, 4], standardDeviation: 2, using: RandomGenerator(seed: 1))
    let labels: [Float] = [1, 0, 0, 1, 0.25, 1, 0, 1, 1, 0, 0.5, 0]
    let expected = zip(logits.scalars, labels).map { z, y -> Double in
      let p = 1 / (1 + exp(-Double(z)))
      return -Double(y) * log(p) - (1 - Double(y)) * log(1 - p)
    }.reduce(0, +) / 12
    #expect(abs(Double(logits.binaryCrossEntropy(labels: labels).scalar) - expected) < 1e-5)
  }

  @Test func largeLogitsStayFinite() {
    // σ(±100) rounds to 1 or 0 in floats: log(1 − σ) would be −∞.
    let logits = Tensor(shape: [2], scalars: [100, -100]).requiringGradient()
    let loss = logits.binaryCrossEntropy(labels: [0, 1])
    #expect(abs(loss.scalar - 100) < 1e-3)
    loss.backward()
    expectTensor(logits.gradient!, shape: [2], [0.5, -0.5])
  }

  @Test func gradientMatchesFiniteDifferences() {
    let logits = Tensor.normal(shape: [5, 1], standardDeviation: 1.5, using: RandomGenerator(seed: 2))
    let result = checkGradients(at: [logits]) { $0[0].binaryCrossEntropy(labels: [1, 0, 1, 1, 0]) }
    #expect(result.passed, "\(result)")
  }

  @Test func tooFewLabelsAreRefused() async {
    await #expect(processExitsWith: .failure) { _ = Tensor.zeros([3]).binaryCrossEntropy(labels: [1, 0]) }
  }

  @Test func labelsOutsideZeroToOneAreRefused() async {
    await #expect(processExitsWith: .failure) { _ = Tensor.zeros([3]).binaryCrossEntropy(labels: [1, 0, 2]) }
  }
}
