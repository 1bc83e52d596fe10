import Testing

@testable import Autograd

/// Products with a rank-1 operand, as PyTorch's `matmul`: a vector on the
/// left is one row, on the right one column, and that dimension is dropped.
/// Whatever the forward pass accepts, the backward pass must compute.
@Suite("Products with a vector")
struct VectorProductTests {
  /// `a·b` computed as a product of matrices, the vector made a row or a column and its dimension dropped.
  func asMatrices(_ a: Tensor, _ b: Tensor) -> Tensor {
    let left = a.rank == 1 ? a.reshaped(to: [1, a.shape[0]]) : a
    let right = b.rank == 1 ? b.reshaped(to: [b.shape[0], 1]) : b
    let product = left.matmul(right)
    let batch = Array(product.shape.dropLast(2))
    return product.reshaped(to: batch + (a.rank == 1 ? [] : [product.shape[product.rank - 2]]) + (b.rank == 1 ? [] : [product.shape[product.rank - 1]]))
  }

  @Test(arguments: [
    ([3], [3, 4], [4]), ([2, 3], [3], [2]), ([3], [3], []), ([2, 4, 3], [3], [2, 4]), ([3], [3, 1], [1]),
  ])
  func vectorTimesMatrix(leftShape: [Int], rightShape: [Int], resultShape: [Int]) {
    let inputs = randomTensors(leftShape, rightShape)
    let product = inputs[0].matmul(inputs[1])
    expectTensor(product, shape: resultShape, asMatrices(inputs[0], inputs[1]).scalars)
    expectGradients(at: inputs) { $0[0].matmul($0[1]) }
  }

  /// A vector reads the same transposed or not; only the matrix's flag matters.
  @Test func transposeFlagsLeaveAVectorAsItIs() {
    let (vector, matrix) = (randomTensors([3])[0], randomTensors([4, 3], seed: 2)[0])
    let expected = vector.matmul(matrix.transposed())
    for transposeVector in [false, true] {
      expectTensor(vector.matmul(matrix, transposeSelf: transposeVector, transposeOther: true), shape: [4], expected.scalars)
      expectTensor(matrix.matmul(vector, transposeSelf: false, transposeOther: transposeVector), shape: [4], asMatrices(matrix, vector).scalars)
      expectGradients(at: [vector, matrix]) { $0[0].matmul($0[1], transposeSelf: transposeVector, transposeOther: true) }
      expectGradients(at: [matrix, vector]) { $0[0].matmul($0[1], transposeOther: transposeVector) }
    }
  }

  @Test func mismatchNamesTheVectorsShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([3]).matmul(Tensor.zeros([4, 5]))
    }
    #expect(standardError(of: result).contains("matmul: shapes [3] and [4, 5] do not match"))
  }

  @Test func scalarsAreRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor(2).matmul(Tensor.zeros([1, 5]))
    }
    #expect(standardError(of: result).contains("matmul: shapes [] and [1, 5] need at least one dimension each"))
  }

  @Test func affineTakesAVector() {
    let inputs = randomTensors([3], [3, 2], [2])
    let fused = inputs[0].matmul(inputs[1], addingBias: inputs[2])
    expectTensor(fused, shape: [2], (inputs[0].matmul(inputs[1]) + inputs[2]).scalars)
    expectGradients(at: inputs) { $0[0].matmul($0[1], addingBias: $0[2]) }
  }

  /// With nothing to sum over, x·W + b is b in every row: nothing is left unwritten.
  @Test(arguments: [[2, 0], [0]])
  func affineOfAnEmptyInnerDimensionIsTheBias(inputShape: [Int]) {
    let bias = Tensor(shape: [3], scalars: [1, 2, 3])
    let result = Tensor.zeros(inputShape).matmul(Tensor.zeros([0, 3]), addingBias: bias)
    let rows = inputShape.dropLast().reduce(1, *)
    expectTensor(result, shape: inputShape.dropLast() + [3], Array((0..<rows).map { _ in bias.scalars }.joined()))
  }

  @Test(arguments: [true, false])
  func linearTakesAVector(useBias: Bool) {
    let random = RandomGenerator(seed: 4)
    let layer = Linear(inputSize: 3, outputSize: 2, useBias: useBias, biasInitializer: .glorotUniform, random: random)
    let vector = Tensor.uniform(shape: [3], in: -1...1, using: random)
    let upstream = Tensor(shape: [2], scalars: [0.5, -2])
    (layer(vector.reshaped(to: [1, 3])).reshaped(to: [2]) * upstream).sum().backward()
    let rowGradients = layer.parameters.map { $0.gradient! }
    layer.clearGradients()

    let output = layer(vector)
    expectTensor(output, shape: [2], withoutGradient { layer(vector.reshaped(to: [1, 3])) }.scalars)
    (output * upstream).sum().backward()
    for (parameter, rowGradient) in zip(layer.parameters, rowGradients) {
      expectTensor(parameter.gradient!, shape: parameter.shape, rowGradient.scalars)
    }
    expectGradients(at: [vector]) { layer($0[0]) }
  }

  /// The cell's gates are slices of [batch, 4·hidden]: an input without a
  /// batch dimension is refused before anything is computed.
  @Test func lstmCellRefusesAnInputWithoutABatch() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let cell = LSTMCell(inputSize: 3, hiddenSize: 2, random: RandomGenerator(seed: 1))
      _ = cell(Tensor.zeros([3]), state: .zeros(batch: 1, hiddenSize: 2))
    }
    #expect(standardError(of: result).contains("LSTMCell: input [3], hidden [1, 2] and cell [1, 2] should be [batch, 3], [batch, 2] and [batch, 2]"))
  }
}
