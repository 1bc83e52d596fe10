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

@Suite("Fused scaled dot-product attention")
struct FusedAttentionTests {
  /// softmax(Q·Kᵀ/√d_k)·V per head with the general operations, for comparison.
  static func unfused(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, causal: Bool) -> Tensor {
    let (batch, time, features) = (q.shape[0], q.shape[1], q.shape[2])
    func split(_ x: Tensor) -> Tensor {
      x.reshaped(to: [batch, time, heads, features / heads]).permuted([0, 2, 1, 3])
    }
    var scores = split(q).matmul(split(k), transposeOther: true) / Float(features / heads).squareRoot()
    if causal { scores = scores.masked(where: Tensor.causalMask(size: time), with: -.infinity) }
    return scores.softmax(alongAxis: -1).matmul(split(v)).permuted([0, 2, 1, 3]).reshaped(to: [batch, time, features])
  }

  @Test(arguments: [false, true])
  func matchesTheUnfusedOperations(causal: Bool) {
    let random = RandomGenerator(seed: 9)
    // 3 windows × 4 heads = 12 (window, head) pairs: both threads get work.
    let (q, k, v) = (
      Tensor.normal(shape: [3, 7, 16], standardDeviation: 1, using: random),
      Tensor.normal(shape: [3, 7, 16], standardDeviation: 1, using: random),
      Tensor.normal(shape: [3, 7, 16], standardDeviation: 1, using: random)
    )
    let (output, weights) = Tensor.scaledDotProductAttention(query: q, key: k, value: v, headCount: 4, causal: causal)
    expectTensor(output, shape: [3, 7, 16], Self.unfused(q, k, v, heads: 4, causal: causal).scalars, tolerance: 1e-5)
    #expect(weights.shape == [3, 4, 7, 7])
    for row in 0..<7 {
      let total = (0..<7).reduce(Float(0)) { $0 + weights[2, 3, row, $1] }
      #expect(abs(total - 1) < 1e-5)
      if causal { for column in (row + 1)..<7 { #expect(weights[2, 3, row, column] == 0) } }
    }
  }

  @Test(arguments: [false, true])
  func gradientsMatchFiniteDifferences(causal: Bool) {
    let random = RandomGenerator(seed: 10)
    let inputs = (0..<3).map { _ in Tensor.normal(shape: [2, 4, 6], standardDeviation: 1, using: random) }
    expectGradients(at: inputs) { x in
      Tensor.scaledDotProductAttention(query: x[0], key: x[1], value: x[2], headCount: 2, causal: causal).output
    }
  }

  @Test func gradientsMatchTheUnfusedOperations() {
    let random = RandomGenerator(seed: 11)
    let inputs = (0..<3).map { _ in Tensor.normal(shape: [4, 9, 8], standardDeviation: 1, using: random).requiringGradient() }
    let seed = Tensor.normal(shape: [4, 9, 8], standardDeviation: 1, using: random)
    Tensor.scaledDotProductAttention(query: inputs[0], key: inputs[1], value: inputs[2], headCount: 2, causal: true)
      .output.backward(seed: seed)
    let fused = inputs.map { $0.gradient! }
    let plain = inputs.map { $0.detached().requiringGradient() }
    Self.unfused(plain[0], plain[1], plain[2], heads: 2, causal: true).backward(seed: seed)
    for (a, b) in zip(fused, plain.map { $0.gradient! }) { expectTensor(a, shape: [4, 9, 8], b.scalars, tolerance: 1e-4) }
  }

  @Test(arguments: [false, true])
  func packedMatchesSeparate(causal: Bool) {
    let random = RandomGenerator(seed: 12)
    let packed = Tensor.normal(shape: [3, 5, 24], standardDeviation: 1, using: random).requiringGradient()
    let parts = (0..<3).map { packed.detached().sliced(alongAxis: 2, (8 * $0)..<(8 * $0 + 8)).requiringGradient() }
    let seed = Tensor.normal(shape: [3, 5, 8], standardDeviation: 1, using: random)
    let fromPacked = Tensor.scaledDotProductAttention(packed: packed, headCount: 2, causal: causal).output
    let separate = Tensor.scaledDotProductAttention(query: parts[0], key: parts[1], value: parts[2], headCount: 2, causal: causal).output
    expectTensor(fromPacked, shape: [3, 5, 8], separate.scalars, tolerance: 1e-6)
    fromPacked.backward(seed: seed)
    separate.backward(seed: seed)
    let joined = Tensor.concatenated(parts.map { $0.gradient! }, alongAxis: 2)
    expectTensor(packed.gradient!, shape: [3, 5, 24], joined.scalars, tolerance: 1e-6)
  }

  @Test func packedGradientsMatchFiniteDifferences() {
    let random = RandomGenerator(seed: 13)
    expectGradients(at: [Tensor.normal(shape: [2, 4, 12], standardDeviation: 1, using: random)]) { x in
      Tensor.scaledDotProductAttention(packed: x[0], headCount: 2, causal: true).output
    }
  }

  @Test func mismatchedShapesAreNamed() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor.scaledDotProductAttention(
        query: .zeros([1, 2, 4]), key: .zeros([1, 3, 4]), value: .zeros([1, 3, 4]), headCount: 2, causal: false)
    }
  }
}
