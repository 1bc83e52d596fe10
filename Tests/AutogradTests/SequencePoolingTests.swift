import Testing

@testable import Autograd

@Suite struct SequencePoolingTests {
  static let lengths = [4, 1, 3]

  @Test func eachSequenceIsTheMeanOfItsRealPositions() {
    let stream = Tensor.normal(shape: [3, 4, 5], standardDeviation: 1, using: RandomGenerator(seed: 1))
    let pooled = stream.meanOverPositions(lengths: Self.lengths)
    #expect(pooled.shape == [3, 5])
    for (sequence, length) in Self.lengths.enumerated() {
      let real = stream.sliced(alongAxis: 0, sequence..<(sequence + 1)).sliced(alongAxis: 1, 0..<length)
      expectTensor(
        pooled.sliced(alongAxis: 0, sequence..<(sequence + 1)), shape: [1, 5],
        real.mean(alongAxis: 1).scalars, tolerance: 1e-6)
    }
  }

  @Test func thePaddingGetsNoGradientAndChangesNothing() {
    let stream = Tensor.normal(shape: [3, 4, 5], standardDeviation: 1, using: RandomGenerator(seed: 2)).requiringGradient()
    var changed = stream.detached()
    for feature in 0..<5 { changed.scalars[(1 * 4 + 2) * 5 + feature] += 100 }  // sequence 1, padded position 2
    expectTensor(
      changed.meanOverPositions(lengths: Self.lengths), shape: [3, 5],
      stream.detached().meanOverPositions(lengths: Self.lengths).scalars)
    stream.meanOverPositions(lengths: Self.lengths).sum().backward()
    let gradient = stream.gradient!
    #expect(gradient.sliced(alongAxis: 0, 1..<2).sliced(alongAxis: 1, 1..<4).scalars.allSatisfy { $0 == 0 })
    #expect(gradient.sliced(alongAxis: 0, 2..<3).sliced(alongAxis: 1, 3..<4).scalars.allSatisfy { $0 == 0 })
    #expect(gradient.sliced(alongAxis: 0, 2..<3).sliced(alongAxis: 1, 0..<3).scalars.allSatisfy { abs($0 - 1 / 3) < 1e-6 })
  }

  @Test func gradientMatchesFiniteDifferences() {
    let stream = Tensor.normal(shape: [3, 4, 2], standardDeviation: 1, using: RandomGenerator(seed: 3))
    expectGradients(at: [stream]) { $0[0].meanOverPositions(lengths: Self.lengths) }
  }

  @Test func anEmptySequenceIsRefused() async {
    await #expect(processExitsWith: .failure) { _ = Tensor.zeros([2, 3, 4]).meanOverPositions(lengths: [3, 0]) }
  }
}
