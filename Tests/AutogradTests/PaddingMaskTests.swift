import Testing

@testable import Autograd

/// The padding mask of ``Tensor/scaledDotProductAttention(query:key:value:headCount:causal:keyLengths:)``:
/// sequences of different lengths padded to one, each attending only to its own positions.
@Suite("Attention's padding mask")
struct PaddingMaskTests {
  /// Three sequences padded to 6 positions; the first is not padded at all.
  static let lengths = [6, 2, 4]

  static func normal(_ shape: [Int], seed: UInt64) -> Tensor {
    Tensor.normal(shape: shape, standardDeviation: 1, using: RandomGenerator(seed: seed))
  }

  /// `tensor` with every position at or beyond its sequence's length replaced by other numbers.
  static func withOtherPadding(_ tensor: Tensor, lengths: [Int], seed: UInt64) -> Tensor {
    let noise = normal(tensor.shape, seed: seed)
    var changed = tensor
    let (time, features) = (tensor.shape[1], tensor.shape[2])
    for (sequence, length) in lengths.enumerated() {
      for position in length..<time {
        for feature in 0..<features {
          let index = (sequence * time + position) * features + feature
          changed.scalars[index] = 10 * noise.scalars[index]
        }
      }
    }
    return changed
  }

  @Test(arguments: [false, true])
  func realPositionsIgnoreWhatThePaddingHolds(causal: Bool) {
    let packed = Self.normal([3, 6, 24], seed: 1)
    let other = Self.withOtherPadding(packed, lengths: Self.lengths, seed: 2)
    let before = Tensor.scaledDotProductAttention(packed: packed, headCount: 2, causal: causal, keyLengths: Self.lengths)
    let after = Tensor.scaledDotProductAttention(packed: other, headCount: 2, causal: causal, keyLengths: Self.lengths)
    for (sequence, length) in Self.lengths.enumerated() {
      let real = { (x: Tensor) in x.sliced(alongAxis: 0, sequence..<(sequence + 1)).sliced(alongAxis: 1, 0..<length) }
      expectTensor(real(after.output), shape: [1, length, 8], real(before.output).scalars, tolerance: 1e-6)
    }
    // And the weights of every query on a padded key are exactly 0.
    for (sequence, length) in Self.lengths.enumerated() {
      for head in 0..<2 {
        for row in 0..<6 {
          for column in length..<6 { #expect(before.weights[sequence, head, row, column] == 0) }
        }
      }
    }
  }

  @Test(arguments: [false, true])
  func aPaddedSequenceMatchesTheSameSequenceAlone(causal: Bool) {
    let (q, k, v) = (Self.normal([3, 6, 8], seed: 3), Self.normal([3, 6, 8], seed: 4), Self.normal([3, 6, 8], seed: 5))
    let padded = Tensor.scaledDotProductAttention(
      query: q, key: k, value: v, headCount: 2, causal: causal, keyLengths: Self.lengths
    ).output
    for (sequence, length) in Self.lengths.enumerated() {
      let alone = { (x: Tensor) in x.sliced(alongAxis: 0, sequence..<(sequence + 1)).sliced(alongAxis: 1, 0..<length) }
      let unpadded = Tensor.scaledDotProductAttention(
        query: alone(q), key: alone(k), value: alone(v), headCount: 2, causal: causal
      ).output
      expectTensor(alone(padded), shape: [1, length, 8], unpadded.scalars, tolerance: 1e-5)
    }
  }

  @Test(arguments: [false, true])
  func gradientsMatchFiniteDifferences(causal: Bool) {
    let inputs = (0..<3).map { Self.normal([3, 5, 6], seed: 6 + UInt64($0)) }
    expectGradients(at: inputs) { x in
      Tensor.scaledDotProductAttention(
        query: x[0], key: x[1], value: x[2], headCount: 2, causal: causal, keyLengths: [5, 2, 3]
      ).output
    }
  }

  @Test func packedGradientsMatchFiniteDifferences() {
    expectGradients(at: [Self.normal([2, 4, 12], seed: 9)]) { x in
      Tensor.scaledDotProductAttention(packed: x[0], headCount: 2, causal: false, keyLengths: [1, 3]).output
    }
  }

  @Test func noGradientReachesAPaddedKeyOrValue() {
    let inputs = (0..<3).map { Self.normal([3, 6, 8], seed: 10 + UInt64($0)).requiringGradient() }
    Tensor.scaledDotProductAttention(
      query: inputs[0], key: inputs[1], value: inputs[2], headCount: 2, causal: false, keyLengths: Self.lengths
    ).output.sum().backward()
    for input in inputs[1...] {
      for (sequence, length) in Self.lengths.enumerated() where length < 6 {
        let padding = input.gradient!.sliced(alongAxis: 0, sequence..<(sequence + 1)).sliced(alongAxis: 1, length..<6)
        #expect(padding.scalars.allSatisfy { $0 == 0 })
      }
    }
  }

  @Test func theLayerPassesTheLengthsOn() {
    let attention = MultiHeadAttention(features: 8, headCount: 2, random: RandomGenerator(seed: 14))
    let input = Self.normal([3, 6, 8], seed: 15)
    let other = Self.withOtherPadding(input, lengths: Self.lengths, seed: 16)
    let (before, after) = (attention(input, keyLengths: Self.lengths), attention(other, keyLengths: Self.lengths))
    let second = { (x: Tensor) in x.sliced(alongAxis: 0, 1..<2).sliced(alongAxis: 1, 0..<2) }
    expectTensor(second(after), shape: [1, 2, 8], second(before).scalars, tolerance: 1e-6)
    // Without the lengths, the padding does change the real positions.
    #expect(second(attention(other)).scalars != second(attention(input)).scalars)
  }

  @Test func anEmptySequenceIsRefused() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor.scaledDotProductAttention(packed: .zeros([3, 6, 24]), headCount: 2, causal: false, keyLengths: [0, 6, 6])
    }
  }

  @Test func aLengthBeyondTheTimeAxisIsRefused() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor.scaledDotProductAttention(packed: .zeros([3, 6, 24]), headCount: 2, causal: false, keyLengths: [7, 6, 6])
    }
  }

  @Test func oneLengthPerSequenceIsRequired() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor.scaledDotProductAttention(packed: .zeros([3, 6, 24]), headCount: 2, causal: false, keyLengths: [6, 6])
    }
  }
}
