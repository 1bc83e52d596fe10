import Foundation
import Testing

@testable import Autograd

// The core's vectorized loops against references computed one element at a
// time (in Double where the kernel approximates a function). A release build
// compiles these loops for the machine's widest vectors (8 floats with AVX2,
// 16 with AVX-512), with a vector body and a scalar or masked remainder, so
// the lengths below cover every remainder of 4, 8, 16 and 32 lanes, and a few
// lengths with several full vectors. `make test-vector-paths` runs this suite
// in release builds for each target (see the Makefile).

/// Lengths 1 to 40, then around 64 and 128, then long ones.
let vectorLengths = Array(1...40) + [63, 64, 65, 127, 128, 129, 1000, 1031]

/// `count` numbers in -3…3, from a fixed seed.
func randomScalars(_ count: Int, seed: UInt64, in range: ClosedRange<Float> = -3...3) -> [Float] {
  Tensor.uniform(shape: [count], in: range, using: RandomGenerator(seed: seed)).scalars
}

/// Expects `actual` within `relative` of `expected` (relative to max(1, |expected|)).
func expectNear(
  _ actual: [Float], _ expected: [Double], relative: Double, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, "\(what): element count", sourceLocation: sourceLocation)
  for (index, (value, reference)) in zip(actual, expected).enumerated()
  where !(abs(Double(value) - reference) <= relative * max(1, abs(reference))) {
    Issue.record("\(what), element \(index) of \(actual.count): \(value) instead of \(reference)", sourceLocation: sourceLocation)
    return
  }
}

@Suite("Vector kernels against scalar references")
struct VectorKernelTests {
  @Test(arguments: vectorLengths)
  func rowSumsAndMaximum(count: Int) {
    let first = randomScalars(count, seed: 1)
    let second = randomScalars(count, seed: 2)
    let (sum, dot, largest) = first.withUnsafeBufferPointer { a in
      second.withUnsafeBufferPointer { b in
        (RowKernel.sum(a.baseAddress!, count: count),
         RowKernel.sumOfProducts(a.baseAddress!, b.baseAddress!, count: count),
         RowKernel.maximum(a.baseAddress!, count: count))
      }
    }
    // A Float sum of n terms is within n·2⁻²⁴ of the exact one, relative to the sum of magnitudes.
    let bound = Double(count + 1) * 6e-8
    let magnitudes = first.reduce(0) { $0 + abs(Double($1)) }
    #expect(abs(Double(sum) - first.reduce(0) { $0 + Double($1) }) <= bound * max(1, magnitudes))
    let products = zip(first, second).map { Double($0) * Double($1) }
    #expect(abs(Double(dot) - products.reduce(0, +)) <= bound * max(1, products.reduce(0) { $0 + abs($1) }))
    #expect(largest == first.max())
  }

  @Test(arguments: vectorLengths)
  func shiftedExponentials(count: Int) {
    let input = randomScalars(count, seed: 3, in: -90...0)
    var output = [Float](repeating: .nan, count: count)
    let total = input.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in
        RowKernel.shiftedExponentials(x.baseAddress!, minus: -1, into: y.baseAddress!, count: count)
      }
    }
    let expected = input.map { Float($0) + 1 <= -87.33 ? 0 : Foundation.exp(Double($0) + 1) }
    expectNear(output, expected, relative: 3e-7, "exp(x + 1)")
    #expect(abs(Double(total) - expected.reduce(0, +)) <= Double(count + 1) * 3e-7 * max(1, expected.reduce(0, +)))
  }

  @Test func fastExponentialOverItsWholeRange() {
    // Every 1/64 from -100 to 0, through the vectorized loop: the normal range, the cut
    // at -87.33 below which it returns exactly 0, and NaN.
    let input = (0...6400).map { -Float($0) / 64 } + [.nan]
    var output = [Float](repeating: 1, count: input.count)
    input.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in
        RowKernel.exponentials(x.baseAddress!, minus: 0, times: 1, into: y.baseAddress!, count: input.count)
      }
    }
    let finite = input.dropLast().map { $0 < -87.33 ? 0 : Foundation.exp(Double($0)) }
    for (index, reference) in finite.enumerated() where !(abs(Double(output[index]) - reference) <= 2e-7 * reference) {
      Issue.record("exp(\(input[index])): \(output[index]) instead of \(reference)")
      break
    }
    #expect(output.last!.isNaN)
  }

  @Test(arguments: vectorLengths)
  func exponentialsEqualTheScalarFunctionExactly(count: Int) {
    // Every element, in the sixteen-lane loop or the remainder, is the scalar function's value:
    // the same softmax row gives the same weights whatever its length. The cut at -87.33 and NaN included.
    let input = randomScalars(count, seed: 6, in: -95...5).enumerated().map { $0.offset % 13 == 12 ? .nan : $0.element }
    var output = [Float](repeating: 1, count: count)
    input.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in
        RowKernel.exponentials(x.baseAddress!, minus: 2, times: 0.75, into: y.baseAddress!, count: count)
      }
    }
    for (index, x) in input.enumerated() {
      let expected = 0.75 * fastExponential(x - 2)
      guard output[index].bitPattern != expected.bitPattern else { continue }
      Issue.record("element \(index) of \(count), exp(\(x) - 2): \(output[index]) instead of \(expected)")
      return
    }
  }

  @Test(arguments: vectorLengths)
  func geluValuesAndGradients(count: Int) {
    let input = randomScalars(count, seed: 4, in: -6...6)
    let upstream = randomScalars(count, seed: 5)
    var values = [Float](repeating: .nan, count: count)
    var gradients = [Float](repeating: .nan, count: count)
    input.withUnsafeBufferPointer { x in
      upstream.withUnsafeBufferPointer { g in
        values.withUnsafeMutableBufferPointer { y in
          GaussianErrorLinear.values(x.baseAddress!, into: y.baseAddress!, count: count)
        }
        gradients.withUnsafeMutableBufferPointer { d in
          GaussianErrorLinear.gradients(x.baseAddress!, upstream: g.baseAddress!, into: d.baseAddress!, count: count)
        }
      }
    }
    let cumulative = input.map { 0.5 * (1 + erf(Double($0) / 2.0.squareRoot())) }
    let density = input.map { Foundation.exp(-0.5 * Double($0) * Double($0)) / (2 * Double.pi).squareRoot() }
    // Abramowitz & Stegun 7.1.26 is within 1.5e-7 of erf: over -6…6 the kernels measured at most
    // 2.1e-7 (values) and 2.7e-7 (derivatives) from these, relative to max(1, |reference|).
    expectNear(values, input.indices.map { Double(input[$0]) * cumulative[$0] }, relative: 4e-7, "gelu")
    let expectedGradients = input.indices.map {
      Double(upstream[$0]) * (cumulative[$0] + Double(input[$0]) * density[$0])
    }
    expectNear(gradients, expectedGradients, relative: 6e-7, "gelu gradient")
  }
}
