import Testing

@testable import Autograd

/// The permutation of `tensor` computed the slow, obvious way: for each
/// output position, its multi-index, mapped back to the input.
private func naivePermuted(_ tensor: Tensor, _ axes: [Int]) -> [Float] {
  let outputShape = axes.map { tensor.shape[$0] }
  return (0..<outputShape.elementCount).map { flat in
    var remainder = flat
    var outputIndex = [Int](repeating: 0, count: outputShape.count)
    for axis in outputShape.indices.reversed() {
      outputIndex[axis] = remainder % outputShape[axis]
      remainder /= outputShape[axis]
    }
    var inputIndex = [Int](repeating: 0, count: tensor.rank)
    for (outputAxis, inputAxis) in axes.enumerated() { inputIndex[inputAxis] = outputIndex[outputAxis] }
    return tensor.scalars[tensor.flatIndex(inputIndex)]
  }
}

/// A tensor whose elements are 0, 1, 2, … in row-major order.
private func counting(_ shape: [Int]) -> Tensor {
  Tensor.range(shape.elementCount).reshaped(to: shape)
}

@Suite("Shape operations")
struct ShapeOperationTests {
  // MARK: Permute and transpose

  @Test func transposeOfAMatrix() {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let t = x.transposed()
    #expect(t.shape == [3, 2])
    #expect(t.scalars == [1, 4, 2, 5, 3, 6])
  }

  @Test func permuteMovesAxes() {
    let x = counting([2, 3, 4])
    let y = x.permuted([2, 0, 1])
    #expect(y.shape == [4, 2, 3])
    // y[k, a, b] = x[a, b, k]
    #expect(y[1, 0, 2] == x[0, 2, 1])
    #expect(y[3, 1, 0] == x[1, 0, 3])
    #expect(Array(y.scalars.prefix(6)) == [0, 4, 8, 12, 16, 20])
    #expect(y.scalars == naivePermuted(x, [2, 0, 1]))
    #expect(x.permuted([-1, 0, -2]).scalars == y.scalars)
  }

  @Test(arguments: [
    ([2, 3, 4], [0, 2, 1]), ([2, 3, 4], [1, 0, 2]), ([2, 3, 4], [2, 1, 0]),
    ([2, 1, 3, 4], [3, 1, 0, 2]), ([3, 1, 2, 5], [0, 2, 1, 3]), ([1, 5, 1], [2, 0, 1]),
    ([2, 40, 35], [0, 2, 1]),  // Several 32×32 tiles, with ragged edges.
    ([33, 3, 34], [2, 1, 0]),
  ])
  func permuteMatchesTheDefinition(shape: [Int], axes: [Int]) {
    let x = counting(shape)
    let y = x.permuted(axes)
    #expect(y.shape == axes.map { shape[$0] })
    #expect(y.scalars == naivePermuted(x, axes))
  }

  @Test func transposeOfTwoChosenAxes() {
    let x = counting([2, 3, 4])
    #expect(x.transposed(0, 2).scalars == naivePermuted(x, [2, 1, 0]))
    #expect(x.transposed().scalars == naivePermuted(x, [0, 2, 1]))
    #expect(x.permuted([0, 1, 2]).scalars == x.scalars)
  }

  @Test func permuteGradients() {
    let random = RandomGenerator(seed: 11)
    let x = Tensor.normal(shape: [2, 3, 4], using: random)
    let permute = checkGradients(at: [x]) { $0[0].permuted([2, 0, 1]) }
    #expect(permute.passed, "\(permute)")
    let w = Tensor.normal(shape: [3, 2, 4, 5], using: random)
    let transpose = checkGradients(at: [w]) { $0[0].transposed().squared() }
    #expect(transpose.passed, "\(transpose)")
    let swap = checkGradients(at: [x]) { $0[0].transposed(0, 1) * $0[0].transposed(0, 1) }
    #expect(swap.passed, "\(swap)")
  }

  // MARK: Slice, chunk, concatenate

  @Test func sliceKeepsTheRange() {
    let x = Tensor(shape: [2, 4], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
    let middle = x.sliced(alongAxis: 1, 1..<3)
    #expect(middle.shape == [2, 2])
    #expect(middle.scalars == [1, 2, 5, 6])
    #expect(x.sliced(alongAxis: 0, 1..<2).scalars == [4, 5, 6, 7])
    #expect(x.sliced(alongAxis: -1, 3..<4).scalars == [3, 7])
    #expect(x.sliced(alongAxis: 1, 2..<2).shape == [2, 0])
  }

  @Test func sliceBackwardPlacesTheGradient() {
    let x = counting([2, 4]).requiringGradient()
    x.sliced(alongAxis: 1, 1..<3).sum().backward()
    #expect(x.gradient?.scalars == [0, 1, 1, 0, 0, 1, 1, 0])
  }

  @Test func sliceGradients() {
    let random = RandomGenerator(seed: 12)
    let x = Tensor.normal(shape: [2, 5, 3], using: random)
    let middle = checkGradients(at: [x]) { $0[0].sliced(alongAxis: 1, 1..<4).squared() }
    #expect(middle.passed, "\(middle)")
    let last = checkGradients(at: [x]) { $0[0].sliced(alongAxis: -1, 0..<2).tanh() }
    #expect(last.passed, "\(last)")
  }

  @Test func concatenateJoinsAlongTheAxis() {
    let a = Tensor(shape: [2, 1], scalars: [1, 2])
    let b = Tensor(shape: [2, 2], scalars: [3, 4, 5, 6])
    let joined = Tensor.concatenated([a, b], alongAxis: 1)
    #expect(joined.shape == [2, 3])
    #expect(joined.scalars == [1, 3, 4, 2, 5, 6])
    let stacked = Tensor.concatenated([b, a.reshaped(to: [1, 2])], alongAxis: 0)
    #expect(stacked.shape == [3, 2])
    #expect(stacked.scalars == [3, 4, 5, 6, 1, 2])
  }

  @Test func concatenateGradients() {
    let random = RandomGenerator(seed: 13)
    let inputs = [[2, 1, 3], [2, 3, 3], [2, 2, 3]].map { Tensor.normal(shape: $0, using: random) }
    let result = checkGradients(at: inputs) { Tensor.concatenated($0, alongAxis: 1).squared() }
    #expect(result.passed, "\(result)")
    let lastAxis = [[3, 2], [3, 4], [3, 1]].map { Tensor.normal(shape: $0, using: random) }
    let onLastAxis = checkGradients(at: lastAxis) { Tensor.concatenated($0, alongAxis: -1).tanh() }
    #expect(onLastAxis.passed, "\(onLastAxis)")
  }

  @Test func concatenateSkipsInputsWithoutGradient() {
    let constant = Tensor(shape: [1, 2], scalars: [5, 6])
    let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).requiringGradient()
    let weights = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    (Tensor.concatenated([constant, x], alongAxis: 0) * weights).sum().backward()
    #expect(x.gradient?.scalars == [3, 4, 5, 6])
    #expect(constant.gradient == nil)
  }

  @Test func chunkSplitsIntoEqualParts() {
    let x = counting([2, 6])
    let parts = x.chunked(into: 3, alongAxis: 1)
    #expect(parts.map(\.shape) == [[2, 2], [2, 2], [2, 2]])
    #expect(parts.map(\.scalars) == [[0, 1, 6, 7], [2, 3, 8, 9], [4, 5, 10, 11]])
  }

  @Test func chunkGradients() {
    let random = RandomGenerator(seed: 14)
    let gates = Tensor.normal(shape: [3, 8], using: random)
    let result = checkGradients(at: [gates]) { inputs in
      let parts = inputs[0].chunked(into: 4, alongAxis: -1)
      return parts[0].sigmoid() * parts[2].tanh() + parts[1] * parts[3]
    }
    #expect(result.passed, "\(result)")
  }

  // MARK: Errors

  @Test func permuteRejectsAxesThatAreNotAPermutation() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3, 4]).permuted([0, 2, 2])
    }
    let message = standardError(of: result)
    #expect(message.contains("permute"), "\(message)")
    #expect(message.contains("[0, 2, 2]"), "\(message)")
    #expect(message.contains("[2, 3, 4]"), "\(message)")
  }

  @Test func concatenateRejectsMismatchedShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenated([Tensor.zeros([2, 3]), Tensor.zeros([3, 4])], alongAxis: 1)
    }
    let message = standardError(of: result)
    #expect(message.contains("concat"), "\(message)")
    #expect(message.contains("[2, 3]"), "\(message)")
    #expect(message.contains("[3, 4]"), "\(message)")
  }
}
