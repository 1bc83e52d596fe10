import Foundation
import Testing

@testable import Autograd

@Suite("Element-wise operations")
struct ElementwiseTests {
  let input = Tensor(shape: [2, 2], scalars: [-2, -0.5, 0.5, 2])

  @Test func forwardValues() {
    expectTensor(input.exp(), shape: [2, 2], input.scalars.map { Foundation.exp($0) })
    expectTensor(input.tanh(), shape: [2, 2], input.scalars.map { Foundation.tanh($0) })
    expectTensor(input.sigmoid(), shape: [2, 2], input.scalars.map { 1 / (1 + Foundation.exp(-$0)) })
    expectTensor(input.relu(), shape: [2, 2], [0, 0, 0.5, 2])
    expectTensor(-input, shape: [2, 2], [2, 0.5, -0.5, -2])
    expectTensor(input.squared(), shape: [2, 2], [4, 0.25, 0.25, 4])
    expectTensor(input * 2 + 1, shape: [2, 2], [-3, 0, 2, 5])
    expectTensor(1 - input, shape: [2, 2], [3, 1.5, 0.5, -1])
    // GELU at a few points, from x·Φ(x) with Φ computed in Double.
    let gelu = input.scalars.map { x in Float(Double(x) * 0.5 * (1 + erf(Double(x) / 2.0.squareRoot()))) }
    expectTensor(input.gelu(), shape: [2, 2], gelu)
  }

  @Test func positiveOnlyFunctions() {
    let positive = Tensor(shape: [3], scalars: [0.25, 1, 4])
    expectTensor(positive.log(), shape: [3], [Foundation.log(0.25), 0, Foundation.log(4)])
    expectTensor(positive.sqrt(), shape: [3], [0.5, 1, 2])
    expectTensor(positive.pow(1.5), shape: [3], [0.125, 1, 8])
  }

  @Test func geluAndItsDerivativeMatchErfOverAWideRange() {
    // The vectorized Φ (Abramowitz & Stegun 7.1.26) against erf in Double, from −10 to 10,
    // including the tails where Φ underflows to 0 or rounds to 1.
    let grid = (0...2000).map { Float($0) / 100 - 10 }
    let input = Tensor(shape: [grid.count], scalars: grid).requiringGradient()
    let output = input.gelu()
    output.backward(seed: .ones([grid.count]))
    for (index, x) in grid.enumerated() {
      let cumulative = 0.5 * (1 + erf(Double(x) / 2.0.squareRoot()))
      let density = exp(-0.5 * Double(x) * Double(x)) / (2 * Double.pi).squareRoot()
      #expect(abs(Double(output.scalars[index]) - Double(x) * cumulative) < 2e-6 * max(1, abs(Double(x))))
      #expect(abs(Double(input.gradient!.scalars[index]) - (cumulative + Double(x) * density)) < 2e-6 * max(1, abs(Double(x))))
    }
  }

  @Test func geluOfALargeTensorInHalvesEqualsOneThread() {
    // 70,000 elements: above the size where GELU runs in two halves on two threads.
    let random = RandomGenerator(seed: 21)
    let start = Tensor.normal(shape: [70_000], standardDeviation: 3, using: random)
    let upstream = Tensor.normal(shape: [70_000], using: random)
    func run(_ threading: ExecutionPolicy.Threading) -> (values: [Float], gradient: [Float]) {
      withThreading(threading) {
        let input = start.detached().requiringGradient()
        let output = input.gelu()
        output.backward(seed: upstream)
        return (output.scalars, input.gradient!.scalars)
      }
    }
    let (single, halves) = (run(.single), run(.halves))
    #expect(single.values == halves.values)
    #expect(single.gradient == halves.gradient)
    #expect(single.values[69_999] == start.scalars[69_999] * GaussianErrorLinear.distributionAndDensity(start.scalars[69_999]).distribution)
  }

  @Test func sigmoidDoesNotOverflow() {
    let extreme = Tensor(shape: [2], scalars: [-1000, 1000]).sigmoid()
    expectTensor(extreme, shape: [2], [0, 1])
  }

  @Test(arguments: ["exp", "tanh", "sigmoid", "relu", "gelu", "neg", "squared", "affine"])
  func gradients(of name: String) {
    // Inputs in ±(0.2…1.5) keep relu away from its kink at zero.
    let random = RandomGenerator(seed: 3)
    let magnitudes = Tensor.uniform(shape: [3, 5], in: 0.2...1.5, using: random)
    let signs = Tensor(shape: [3, 5], scalars: (0..<15).map { $0 % 3 == 0 ? -1 : 1 })
    expectGradients(at: [magnitudes * signs]) { inputs in
      let x = inputs[0]
      switch name {
      case "exp": return x.exp()
      case "tanh": return x.tanh()
      case "sigmoid": return x.sigmoid()
      case "relu": return x.relu()
      case "gelu": return x.gelu()
      case "neg": return -x
      case "squared": return x.squared()
      default: return 3 - x * 0.5
      }
    }
  }

  @Test func gradientsOfPositiveOnlyFunctions() {
    let positive = randomTensors([4, 3], in: 0.5...2)
    expectGradients(at: positive) { $0[0].log() }
    expectGradients(at: positive) { $0[0].sqrt() }
    expectGradients(at: positive) { $0[0].pow(2.5) }
  }
}
