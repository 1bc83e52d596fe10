import Testing

@testable import Autograd

@Suite("Reductions")
struct ReductionTests {
  let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

  @Test func sums() {
    expectTensor(x.sum(), shape: [], [21])
    expectTensor(x.sum(alongAxis: 0), shape: [3], [5, 7, 9])
    expectTensor(x.sum(alongAxis: -1, keepingDimensions: true), shape: [2, 1], [9, 12])
    expectTensor(x.mean(alongAxis: 1), shape: [2], [3, 4])
    expectTensor(x.mean(), shape: [], [3.5])
  }

  @Test func maxima() {
    expectTensor(x.max(), shape: [], [6])
    expectTensor(x.max(alongAxis: 0), shape: [3], [4, 5, 6])
    expectTensor(x.max(alongAxis: 1, keepingDimensions: true), shape: [2, 1], [5, 6])
    #expect(x.argmaxLastAxis() == [1, 2])
  }

  @Test func separateAxesOfARank4Tensor() {
    let t = Tensor(shape: [2, 3, 2, 2], scalars: (0..<24).map(Float.init))
    let summed = t.sum(alongAxes: [0, 2])
    #expect(summed.shape == [3, 2])
    // Element [c, w] sums t[b, c, h, w] over b and h.
    for channel in 0..<3 {
      for column in 0..<2 {
        var expected: Float = 0
        for batch in 0..<2 { for row in 0..<2 { expected += t[batch, channel, row, column] } }
        #expect(summed[channel, column] == expected)
      }
    }
  }

  @Test func gradients() {
    let inputs = randomTensors([3, 4, 5])
    expectGradients(at: inputs) { $0[0].sum(alongAxes: [0, 2]) }
    expectGradients(at: inputs) { $0[0].sum(alongAxis: 1, keepingDimensions: true) * $0[0] }
    expectGradients(at: inputs) { $0[0].mean(alongAxes: [-1]) }
  }

  @Test func maxGradients() {
    // Distinct values 0.1 apart, so that no finite-difference step changes which element is largest.
    var values = (0..<60).map { Float($0) * 0.1 }
    var random = RandomGenerator(seed: 4)
    values.shuffle(using: &random)
    let input = Tensor(shape: [3, 4, 5], scalars: values)
    expectGradients(at: [input]) { $0[0].max(alongAxis: 1) }
    expectGradients(at: [input]) { $0[0].max(alongAxes: [0, 2], keepingDimensions: true) }
  }

  @Test func maxGradientGoesToTheFirstMaximum() {
    let tied = Tensor(shape: [4], scalars: [1, 3, 3, 2]).requiringGradient()
    tied.max().backward()
    expectTensor(tied.gradient!, shape: [4], [0, 1, 0, 0])
  }

  @Test func badAxisIsNamed() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).sum(alongAxis: 2)
    }
    #expect(standardError(of: result).contains("sum: axis 2 is out of range for shape [2, 3]"))
  }
}

@Suite("Empty tensors")
struct EmptyTensorTests {
  @Test func sumOfAnEmptyBatchBackpropagates() {
    let empty = Tensor.zeros([0, 5, 2]).requiringGradient()
    let total = empty.sum()
    #expect(total.scalar == 0)
    total.backward()
    #expect(empty.gradient?.shape == [0, 5, 2])
  }
}
