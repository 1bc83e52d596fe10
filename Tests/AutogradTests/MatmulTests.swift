import Foundation
import Testing

@testable import Autograd

@Suite("Matrix products")
struct MatmulTests {
  /// The product computed with three loops, reading each operand transposed if asked.
  func naiveProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> [Float] {
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let n = transposeB ? b.shape[0] : b.shape[1]
    var result = [Float](repeating: 0, count: m * n)
    let (left, right) = (a.scalars, b.scalars)
    for row in 0..<m {
      for column in 0..<n {
        var sum: Float = 0
        for inner in 0..<k {
          sum += (transposeA ? left[inner * m + row] : left[row * k + inner])
            * (transposeB ? right[column * k + inner] : right[inner * n + column])
        }
        result[row * n + column] = sum
      }
    }
    return result
  }

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func transposeFlags(transposeA: Bool, transposeB: Bool) {
    let a = randomTensors(transposeA ? [5, 3] : [3, 5])[0]
    let b = randomTensors(transposeB ? [4, 5] : [5, 4], seed: 2)[0]
    let product = a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB)
    expectTensor(product, shape: [3, 4], naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB))
    expectGradients(at: [a, b]) { $0[0].matmul($0[1], transposeSelf: transposeA, transposeOther: transposeB) }
  }

  /// Products large enough to be cut in halves across two threads (rows, or
  /// columns when there are more of them), with every transpose and with a
  /// bias accumulated onto the output, are right under every threading.
  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func productsSplitAcrossThreads(transposeA: Bool, transposeB: Bool) {
    for (m, k, n) in [(160, 200, 130), (18, 900, 300)] {
      #expect(m * k * n >= ExecutionPolicy.Thresholds.splitProductWork)
      let a = randomTensors(transposeA ? [k, m] : [m, k])[0]
      let b = randomTensors(transposeB ? [n, k] : [k, n], seed: 2)[0]
      let bias = randomTensors([n], seed: 3)[0]
      func products(_ threading: ExecutionPolicy.Threading) -> (plain: Tensor, affine: Tensor) {
        withThreading(threading) {
          let left = transposeA ? a.transposed() : a
          return (a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB),
            left.matmul(transposeB ? b.transposed() : b, addingBias: bias))
        }
      }
      // Each threading against the definition. Not against each other bit for
      // bit: where OpenBLAS has small-matrix kernels one core computes in
      // pieces (`smallProductPieces`), two cores in halves and pieces of halves, and
      // these kernels order each element's sum of 200 or 900 products
      // differently (differences up to 1.5e-5 seen). A wrong offset in a
      // split gives errors of order 1.
      let naive = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)
      for threading in ExecutionPolicy.Threading.allCases {
        let (plain, affine) = products(threading)
        expectTensor(plain, shape: [m, n], naive, tolerance: 1e-4)
        expectTensor(affine, shape: [m, n], (0..<m * n).map { naive[$0] + bias.scalars[$0 % n] }, tolerance: 1e-4)
      }
    }
  }

  /// Products of more than a million multiply-adds with a side of 64 or
  /// less are cut in pieces (of the rows, of the columns, or of the inner
  /// dimension, whose pieces add into the output) where OpenBLAS has
  /// small-matrix kernels. Forced on, the pieces run on every machine and
  /// must give the definition and the plain product (pieces forced off):
  /// with every transpose, with a bias accumulated, on one thread and in
  /// halves on two.
  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func productsComputedInPieces(transposeA: Bool, transposeB: Bool) {
    // Row pieces (1200 rows), column pieces (1100 columns), inner pieces
    // (900 > 40 rows, 60 columns), and halves cut in pieces (4.9M multiply-adds).
    for (m, k, n) in [(1200, 20, 64), (30, 40, 1100), (40, 900, 60), (18, 900, 300)] {
      #expect(smallProductPieces(rows: m, columns: n, inner: k) > 1)
      let a = randomTensors(transposeA ? [k, m] : [m, k])[0]
      let b = randomTensors(transposeB ? [n, k] : [k, n], seed: 2)[0]
      let bias = randomTensors([n], seed: 3)[0]
      let naive = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)
      let naiveAffine = (0..<m * n).map { naive[$0] + bias.scalars[$0 % n] }
      for threading in [ExecutionPolicy.Threading.single, .halves] {
        for bias in [nil, bias] {
          func product(_ pieces: ExecutionPolicy.ProductPieces) -> Tensor {
            multiplied(a, b, transposeA: transposeA, transposeB: transposeB, addingTo: bias, threading: threading, pieces: pieces)
          }
          let (inPieces, plain) = (product(.always), product(.never))
          // Not bit for bit: the kernels order each element's sum differently;
          // a wrong offset in a piece gives errors of order 1.
          expectTensor(inPieces, shape: [m, n], bias == nil ? naive : naiveAffine, tolerance: 1e-4)
          expectTensor(inPieces, shape: [m, n], plain.scalars, tolerance: 1e-4)
          expectTensor(plain, shape: [m, n], bias == nil ? naive : naiveAffine, tolerance: 1e-4)
        }
      }
    }
  }

  /// op(A)·op(B), added onto `bias` in every row if there is one, by
  /// `multiplyMatrices` with the threading and pieces given.
  func multiplied(
    _ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, addingTo bias: Tensor?,
    threading: ExecutionPolicy.Threading, pieces: ExecutionPolicy.ProductPieces
  ) -> Tensor {
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let n = transposeB ? b.shape[0] : b.shape[1]
    // NaN where nothing is added to: an element the product leaves unwritten shows.
    var output = bias.map { bias in Array((0..<m).map { _ in bias.scalars }.joined()) } ?? Array(repeating: .nan, count: m * n)
    a.withUnsafeScalars { left in
      b.withUnsafeScalars { right in
        output.withUnsafeMutableBufferPointer { output in
          multiplyMatrices(
            transposeLeft: transposeA, transposeRight: transposeB, rows: m, columns: n, inner: k,
            left.baseAddress!, leftStride: a.shape[1], right.baseAddress!, rightStride: b.shape[1],
            into: output.baseAddress!, outputStride: n, accumulate: bias != nil, threading: threading, pieces: pieces)
        }
      }
    }
    return Tensor(shape: [m, n], scalars: output)
  }

  @Test func batchedProducts() {
    let inputs = randomTensors([2, 3, 4, 5], [2, 3, 5, 2])
    let product = inputs[0].matmul(inputs[1])
    #expect(product.shape == [2, 3, 4, 2])
    #expect(abs(product[1, 2, 3, 1] - (0..<5).reduce(0) { $0 + inputs[0][1, 2, 3, $1] * inputs[1][1, 2, $1, 1] }) < 1e-5)
    expectGradients(at: inputs) { $0[0].matmul($0[1]) }
    // Attention scores: Q·Kᵀ without a copy.
    let qk = randomTensors([2, 4, 3], [2, 5, 3])
    expectGradients(at: qk) { $0[0].matmul($0[1], transposeOther: true) }
  }

  @Test func sharedWeightAcrossBatch() {
    let inputs = randomTensors([2, 3, 4], [4, 5])
    let product = inputs[0].matmul(inputs[1])
    #expect(product.shape == [2, 3, 5])
    expectGradients(at: inputs) { $0[0].matmul($0[1]) }
    expectGradients(at: randomTensors([2, 4, 3], [5, 4])) { $0[0].matmul($0[1], transposeSelf: true, transposeOther: true) }
  }

  @Test func affineEqualsProductPlusBias() {
    let inputs = randomTensors([2, 3, 4], [4, 5], [5])
    let fused = inputs[0].matmul(inputs[1], addingBias: inputs[2])
    expectTensor(fused, shape: [2, 3, 5], (inputs[0].matmul(inputs[1]) + inputs[2]).scalars)
    expectGradients(at: inputs) { $0[0].matmul($0[1], addingBias: $0[2]) }
  }

  @Test func mismatchNamesBothShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
    }
    #expect(standardError(of: result).contains("matmul: shapes [2, 3] and [4, 5] do not match"))
  }
}
