import Testing

@testable import Autograd

@Suite("Attention with a key/value cache")
struct KeyValueCacheTests {
  /// A causal layer with random weights and biases (the biases start at 0, which would hide a
  /// missing one), and a random sequence [1, time, features] for it.
  static func layerAndSequence(features: Int, headCount: Int, time: Int, seed: UInt64) -> (MultiHeadAttention, Tensor) {
    let random = RandomGenerator(seed: seed)
    let attention = MultiHeadAttention(features: features, headCount: headCount, causal: true, random: random)
    for layer in [attention.query, attention.key, attention.value, attention.output] {
      layer.bias!.value = Tensor.uniform(shape: [features], in: -0.5...0.5, using: random)
    }
    return (attention, Tensor.normal(shape: [1, time, features], standardDeviation: 1, using: random))
  }

  /// Feeds `sequence` [1, time, features] to the cached layer in consecutive chunks of the given
  /// sizes and returns the outputs of every position, [time, features].
  static func cachedOutputs(
    _ attention: MultiHeadAttention, _ sequence: Tensor, chunks: [Int], cache: KeyValueCache
  ) -> Tensor {
    let rows = sequence.reshaped(to: [sequence.shape[1], sequence.shape[2]])
    var start = 0
    let outputs = chunks.map { size in
      defer { start += size }
      return attention(rows.sliced(alongAxis: 0, start..<(start + size)), appendingTo: cache)
    }
    return Tensor.concatenated(outputs, alongAxis: 0)
  }

  /// Every position's output, generated one position at a time or after a prefill of several,
  /// is the uncached layer's on the whole sequence, for one head or many.
  @Test(arguments: [1, 2, 4, 8], [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [5, 1, 6], [12]])
  func everyPositionMatchesTheUncachedLayer(headCount: Int, chunks: [Int]) {
    let (features, time) = (16, 12)
    let (attention, sequence) = Self.layerAndSequence(features: features, headCount: headCount, time: time, seed: 5)
    let expected = attention(sequence).scalars  // [1, time, features]
    let cache = KeyValueCache(capacity: time, features: features)
    let outputs = Self.cachedOutputs(attention, sequence, chunks: chunks, cache: cache)
    expectTensor(outputs, shape: [time, features], expected, tolerance: 1e-5)
    #expect(cache.count == time && cache.isFull)
  }

  /// After `removeAll`, the cache serves a new sequence as a fresh one would: nothing of the old
  /// sequence is read, though its rows are still stored.
  @Test func removeAllStartsANewSequence() {
    let (features, time) = (8, 6)
    let (attention, first) = Self.layerAndSequence(features: features, headCount: 2, time: time, seed: 7)
    let second = Tensor.normal(shape: [1, time, features], standardDeviation: 1, using: RandomGenerator(seed: 8))
    let cache = KeyValueCache(capacity: time, features: features)
    _ = Self.cachedOutputs(attention, first, chunks: [time], cache: cache)
    cache.removeAll()
    #expect(cache.count == 0)
    let outputs = Self.cachedOutputs(attention, second, chunks: [2, 1, 1, 2], cache: cache)
    expectTensor(outputs, shape: [time, features], attention(second).scalars, tolerance: 1e-5)
  }

  /// Generation needs no gradient: no graph is recorded, though the weights require one.
  @Test func recordsNoGraph() {
    let (attention, sequence) = Self.layerAndSequence(features: 8, headCount: 2, time: 3, seed: 9)
    #expect(attention.query.weight.value.requiresGradient)
    let output = attention(sequence.reshaped(to: [3, 8]), appendingTo: KeyValueCache(capacity: 4, features: 8))
    #expect(!output.requiresGradient)
  }

  @Test func overflowingTheCacheNamesItsCapacity() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let attention = MultiHeadAttention(features: 4, headCount: 2, causal: true, random: RandomGenerator(seed: 1))
      let cache = KeyValueCache(capacity: 3, features: 4)
      _ = attention(Tensor.zeros([2, 4]), appendingTo: cache)
      _ = attention(Tensor.zeros([2, 4]), appendingTo: cache)
    }
    let message = standardError(of: result)
    #expect(message.contains("capacity 3") && message.contains("removeAll()"))
  }

  @Test func aLayerThatSeesTheFutureIsRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let attention = MultiHeadAttention(features: 4, headCount: 2, causal: false, random: RandomGenerator(seed: 1))
      _ = attention(Tensor.zeros([1, 4]), appendingTo: KeyValueCache(capacity: 3, features: 4))
    }
    #expect(standardError(of: result).contains("causal"))
  }
}
