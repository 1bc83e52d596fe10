import Testing

@testable import Autograd

@Suite("Arithmetic with broadcasting")
struct ArithmeticTests {
  @Test func sameShape() {
    let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    let b = Tensor(shape: [2, 2], scalars: [4, 3, 2, 1])
    expectTensor(a + b, shape: [2, 2], [5, 5, 5, 5])
    expectTensor(a - b, shape: [2, 2], [-3, -1, 1, 3])
    expectTensor(a * b, shape: [2, 2], [4, 6, 6, 4])
    expectTensor(a / b, shape: [2, 2], [0.25, 2.0 / 3, 1.5, 4])
  }

  @Test func broadcastingRowAndColumn() {
    let column = Tensor(shape: [2, 1], scalars: [10, 20])
    let row = Tensor(shape: [3], scalars: [1, 2, 3])
    expectTensor(column + row, shape: [2, 3], [11, 12, 13, 21, 22, 23])
    expectTensor(row * Tensor(2), shape: [3], [2, 4, 6])
  }

  @Test func broadcastShapes() {
    #expect(broadcastShape([2, 1, 4], [3, 1], operation: "add") == [2, 3, 4])
    #expect(broadcastShape([5], [], operation: "add") == [5])
    #expect(broadcastShape([0, 5], [1, 5], operation: "add") == [0, 5])
    #expect(broadcastShape([1], [2, 3], operation: "add") == [2, 3])
  }

  @Test func gradientsWithBroadcasting() {
    let inputs = randomTensors([2, 3, 4], [3, 1], [4])
    expectGradients(at: inputs) { $0[0] + $0[1] - $0[2] }
    expectGradients(at: inputs) { $0[0] * $0[1] * $0[2] }
    let positive = randomTensors([2, 3, 4], [3, 1], in: 0.5...2)
    expectGradients(at: positive) { $0[0] / $0[1] }
    expectGradients(at: positive) { $0[1] / $0[0] }
    expectGradients(at: positive) { $0[0].pow($0[1]) }
  }

  @Test func gradientOfSharedInputAccumulates() {
    let x = Tensor(shape: [3], scalars: [1, 2, 3]).requiringGradient()
    (x * x + x).sum().backward()
    expectTensor(x.gradient!, shape: [3], [3, 5, 7])
  }

  @Test func incompatibleShapesNameTheOperation() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
    }
    #expect(standardError(of: result).contains("add: shapes [2, 3] and [4] cannot be broadcast together"))
  }
}
