import Testing

@testable import Autograd

/// Layer normalization by its definition, in Double.
private func naiveLayerNorm(_ input: Tensor, _ gamma: Tensor, _ beta: Tensor, epsilon: Double) -> [Float] {
  let features = gamma.scalarCount
  var output = [Float]()
  for row in 0..<(input.scalarCount / features) {
    let values = input.scalars[(row * features)..<((row + 1) * features)].map(Double.init)
    let mean = values.reduce(0, +) / Double(features)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(features)
    for (index, value) in values.enumerated() {
      output.append(Float((value - mean) / (variance + epsilon).squareRoot() * Double(gamma.scalars[index]) + Double(beta.scalars[index])))
    }
  }
  return output
}

@Suite struct LayerNormTests {
  @Test func smallExampleByHand() {
    // Mean 2, biased variance 2/3: the normalized row is ±√1.5 and 0.
    let input = Tensor(shape: [1, 3], scalars: [1, 2, 3])
    let output = input.layerNorm(gamma: Tensor.ones([3]), beta: Tensor.zeros([3]), epsilon: 0)
    let expected: [Float] = [-(1.5 as Float).squareRoot(), 0, (1.5 as Float).squareRoot()]
    #expect(zip(output.scalars, expected).allSatisfy { abs($0 - $1) < 1e-6 })
  }

  @Test func matchesDefinition() {
    let random = RandomGenerator(seed: 1)
    // A large mean checks the variance is computed from centered values.
    let input = Tensor.normal(shape: [2, 3, 37], mean: 100, standardDeviation: 2, using: random)
    let gamma = Tensor.normal(shape: [37], using: random)
    let beta = Tensor.normal(shape: [37], using: random)
    let output = input.layerNorm(gamma: gamma, beta: beta)
    let expected = naiveLayerNorm(input, gamma, beta, epsilon: 1e-5)
    let worst = zip(output.scalars, expected).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 1e-4, "largest difference \(worst)")
  }

  @Test func gradientsOfInputGammaAndBeta() {
    let random = RandomGenerator(seed: 2)
    let input = Tensor.normal(shape: [2, 3, 5], using: random)
    let gamma = Tensor.normal(shape: [5], using: random)
    let beta = Tensor.normal(shape: [5], using: random)
    let result = checkGradients(at: [input, gamma, beta]) { $0[0].layerNorm(gamma: $0[1], beta: $0[2]) }
    #expect(result.passed, "\(result)")
  }

  @Test func onlyTheParametersNeedGradients() {
    let random = RandomGenerator(seed: 3)
    let input = Tensor.normal(shape: [4, 3], using: random)
    let gamma = Tensor.ones([3]).requiringGradient()
    let beta = Tensor.zeros([3]).requiringGradient()
    input.layerNorm(gamma: gamma, beta: beta).sum().backward()
    // dbeta sums the gradient of ones over the 4 rows; dgamma sums x̂, which is 0 in each row.
    #expect(beta.gradient?.scalars == [4, 4, 4])
    #expect(gamma.gradient.map { $0.scalars.reduce(0, +) }.map { abs($0) < 1e-5 } == true)
    #expect(input.gradient == nil)
  }
}

@Suite struct DropoutTests {
  @Test func keepsAboutOneMinusRateAndScalesThem() {
    let input = Tensor.ones([100, 100])
    let output = input.dropout(rate: 0.3, training: true, using: RandomGenerator(seed: 1))
    let kept = output.scalars.filter { $0 != 0 }
    #expect(abs(Float(kept.count) / 10_000 - 0.7) < 0.02)
    #expect(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
    // Inverted dropout keeps the mean.
    #expect(abs(output.scalars.reduce(0, +) / 10_000 - 1) < 0.04)
  }

  @Test func sameSeedSameMask() {
    let input = Tensor.normal(shape: [8, 9], using: RandomGenerator(seed: 2))
    let first = input.dropout(rate: 0.5, training: true, using: RandomGenerator(seed: 3))
    let second = input.dropout(rate: 0.5, training: true, using: RandomGenerator(seed: 3))
    let other = input.dropout(rate: 0.5, training: true, using: RandomGenerator(seed: 4))
    #expect(first.scalars == second.scalars)
    #expect(first.scalars != other.scalars)
  }

  @Test func identityWhenNotTrainingOrRateZero() {
    let input = Tensor.normal(shape: [3, 4], using: RandomGenerator(seed: 5))
    #expect(input.dropout(rate: 0.5, training: false, using: RandomGenerator(seed: 6)).scalars == input.scalars)
    #expect(input.dropout(rate: 0, training: true, using: RandomGenerator(seed: 6)).scalars == input.scalars)
    #expect(input.dropout(rate: 1, training: true, using: RandomGenerator(seed: 6)).scalars.allSatisfy { $0 == 0 })
  }

  @Test func gradientUsesTheSameMask() {
    let input = Tensor.ones([6, 7]).requiringGradient()
    let output = input.dropout(rate: 0.4, training: true, using: RandomGenerator(seed: 7))
    output.sum().backward()
    // For an input of ones, the output is the mask itself.
    #expect(input.gradient?.scalars == output.scalars)
    let point = Tensor.normal(shape: [3, 5], using: RandomGenerator(seed: 8))
    let result = checkGradients(at: [point]) {
      $0[0].dropout(rate: 0.4, training: true, using: RandomGenerator(seed: 9))
    }
    #expect(result.passed, "\(result)")
  }
}
