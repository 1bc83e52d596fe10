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
      #expect(m * k * n >= splitWorkThreshold)
      let a = randomTensors(transposeA ? [k, m] : [m, k])[0]
      let b = randomTensors(transposeB ? [n, k] : [k, n], seed: 2)[0]
      let bias = randomTensors([n], seed: 3)[0]
      func products(_ threading: ProductThreading) -> (plain: Tensor, affine: Tensor) {
        withProductThreading(threading) {
          let left = transposeA ? a.transposed() : a
          return (a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB),
            left.matmul(transposeB ? b.transposed() : b, addingBias: bias))
        }
      }
      // Each threading against the definition. Not against each other bit for
      // bit: one core computes in pieces for OpenBLAS's small-matrix kernels
      // (`smallProductPieces`), two cores in halves and pieces of halves, and
      // these kernels order each element's sum of 200 or 900 products
      // differently (differences up to 1.5e-5 seen). A wrong offset in a
      // split gives errors of order 1.
      let naive = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)
      for threading in ProductThreading.allCases {
        let (plain, affine) = products(threading)
        expectTensor(plain, shape: [m, n], naive, tolerance: 1e-4)
        expectTensor(affine, shape: [m, n], (0..<m * n).map { naive[$0] + bias.scalars[$0 % n] }, tolerance: 1e-4)
      }
    }
  }

  /// Products of more than a million multiply-adds with a side of 64 or
  /// less are computed in pieces (of the rows, of the columns, or of the
  /// inner dimension, whose pieces add into the output), with every
  /// transpose and with a bias.
  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func productsComputedInPieces(transposeA: Bool, transposeB: Bool) {
    // Row pieces (1200 rows), column pieces (1100 columns), inner pieces (900 > 40 rows, 60 columns).
    for (m, k, n) in [(1200, 20, 64), (30, 40, 1100), (40, 900, 60)] {
      #expect(smallProductPieces(rows: m, columns: n, inner: k) > 1 || !openBLASHasSmallProductKernels)
      let a = randomTensors(transposeA ? [k, m] : [m, k])[0]
      let b = randomTensors(transposeB ? [n, k] : [k, n], seed: 2)[0]
      let bias = randomTensors([n], seed: 3)[0]
      let naive = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)
      withProductThreading(.single) {
        let product = a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB)
        expectTensor(product, shape: [m, n], naive, tolerance: 1e-4)
        let left = transposeA ? a.transposed() : a
        let affine = left.matmul(transposeB ? b.transposed() : b, addingBias: bias)
        expectTensor(affine, shape: [m, n], (0..<m * n).map { naive[$0] + bias.scalars[$0 % n] }, tolerance: 1e-4)
      }
    }
  }

  /// OpenBLAS 0.3.21 picks an AVX-512 kernel set, with small-matrix kernels,
  /// on every processor with AVX-512 (the course's machine: "Cooperlake"); so
  /// the pieces must be on exactly there, not silently off because the core
  /// name was misread.
  @Test func piecesAreOnWhereOpenBLASHasSmallMatrixKernels() throws {
    let cpuInfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
    let flags = cpuInfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
    #expect(openBLASHasSmallProductKernels == flags.split(separator: " ").contains("avx512f"))
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
