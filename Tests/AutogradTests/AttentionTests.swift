import Testing

@testable import Autograd

@Suite("Multi-head attention")
struct AttentionTests {
  @Test func causalAttentionIgnoresTheFuture() {
    let random = RandomGenerator(seed: 2)
    let attention = MultiHeadAttention(features: 8, headCount: 2, causal: true, random: random)
    let input = Tensor.uniform(shape: [1, 4, 8], in: -1...1, using: random)
    var changed = input
    for feature in 0..<8 { changed.scalars[3 * 8 + feature] += 1 }  // only the last position
    let (before, after) = (attention(input), attention(changed))
    expectTensor(after.sliced(alongAxis: 1, 0..<3), shape: [1, 3, 8], before.sliced(alongAxis: 1, 0..<3).scalars)
    #expect(after.sliced(alongAxis: 1, 3..<4).scalars != before.sliced(alongAxis: 1, 3..<4).scalars)

    let weights = attention.lastAttentionWeights!
    #expect(weights.shape == [1, 2, 4, 4])
    for head in 0..<2 {
      for row in 0..<4 {
        let rowSum = (0..<4).reduce(Float(0)) { $0 + weights[0, head, row, $1] }
        #expect(abs(rowSum - 1) < 1e-5)
        for column in (row + 1)..<4 { #expect(weights[0, head, row, column] == 0) }
      }
    }
  }

  @Test func gradientsOfInputAndProjections() {
    let random = RandomGenerator(seed: 4)
    let attention = MultiHeadAttention(features: 4, headCount: 2, causal: true, random: random)
    let input = Tensor.uniform(shape: [2, 3, 4], in: -1...1, using: random)
    expectGradients(at: [input, attention.query.weight.value, attention.value.weight.value]) { variables in
      attention.query.weight.value = variables[1]
      attention.value.weight.value = variables[2]
      return attention(variables[0])
    }
  }

  @Test func parameterNames() {
    let attention = MultiHeadAttention(features: 4, headCount: 2, random: RandomGenerator(seed: 1))
    #expect(attention.namedParameters.map(\.name).prefix(3) == ["query.weight", "query.bias", "key.weight"])
    #expect(attention.parameterCount == 4 * (4 * 4 + 4))
  }
}
