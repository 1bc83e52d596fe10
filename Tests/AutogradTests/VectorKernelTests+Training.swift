import Foundation
import Testing

@testable import Autograd

// The vectorized loops of training: the fused LSTM's gate arithmetic, Adam's
// update, softmax rows and the element-wise operations, at every remainder
// length (see VectorKernelTests.swift).

private func sigmoid(_ z: Double) -> Double { 1 / (1 + Foundation.exp(-z)) }

extension VectorKernelTests {
  @Test(arguments: vectorLengths)
  func lstmGatesForward(hidden: Int) {
    let recurrent = randomScalars(4 * hidden, seed: 6)
    let projection = randomScalars(4 * hidden, seed: 7)
    let previousCell = randomScalars(hidden, seed: 8)
    var gates = [Float](repeating: .nan, count: 4 * hidden)
    var cell = [Float](repeating: .nan, count: hidden)
    var cellTanh = cell
    var output = cell
    recurrent.withUnsafeBufferPointer { r in
      projection.withUnsafeBufferPointer { p in
        previousCell.withUnsafeBufferPointer { c in
          gates.withUnsafeMutableBufferPointer { g in
            cell.withUnsafeMutableBufferPointer { newCell in
              cellTanh.withUnsafeMutableBufferPointer { squashed in
                output.withUnsafeMutableBufferPointer { h in
                  LSTMKernel.forwardRow(
                    LSTMRowPointers(
                      recurrent: r.baseAddress!, projection: p.baseAddress!, previousCell: c.baseAddress!,
                      gates: g.baseAddress!, cell: newCell.baseAddress!, cellTanh: squashed.baseAddress!,
                      output: h.baseAddress!),
                    hidden: hidden)
                }
              }
            }
          }
        }
      }
    }
    let z = zip(recurrent, projection).map { Double($0) + Double($1) }
    let expectedGates = z.indices.map { $0 / hidden == 2 ? Foundation.tanh(z[$0]) : sigmoid(z[$0]) }
    let expectedCell = (0..<hidden).map {
      expectedGates[hidden + $0] * Double(previousCell[$0]) + expectedGates[$0] * expectedGates[2 * hidden + $0]
    }
    expectNear(gates, expectedGates, relative: 4e-7, "gates i, f, g, o")
    expectNear(cell, expectedCell, relative: 2e-6, "cell")
    expectNear(cellTanh, expectedCell.map { Foundation.tanh($0) }, relative: 2e-6, "tanh of the cell")
    expectNear(output, (0..<hidden).map { expectedGates[3 * hidden + $0] * Foundation.tanh(expectedCell[$0]) }, relative: 2e-6, "h")
  }

  @Test(arguments: vectorLengths)
  func lstmGatesBackward(hidden: Int) {
    let outputGradient = randomScalars(hidden, seed: 9)
    let hiddenFromLater = randomScalars(hidden, seed: 10)
    var cellFromLater = randomScalars(hidden, seed: 11)
    let gates = randomScalars(4 * hidden, seed: 12, in: 0...1).enumerated().map { $0 / hidden == 2 ? 2 * $1 - 1 : $1 }
    let cellTanh = randomScalars(hidden, seed: 13, in: -1...1)
    let previousCell = randomScalars(hidden, seed: 14)
    let laterCell = cellFromLater
    var gateGradient = [Float](repeating: .nan, count: 4 * hidden)
    outputGradient.withUnsafeBufferPointer { dh in
      hiddenFromLater.withUnsafeBufferPointer { later in
        cellFromLater.withUnsafeMutableBufferPointer { dc in
          gates.withUnsafeBufferPointer { g in
            cellTanh.withUnsafeBufferPointer { squashed in
              previousCell.withUnsafeBufferPointer { c in
                gateGradient.withUnsafeMutableBufferPointer { dz in
                  LSTMKernel.backwardRow(
                    outputGradient: dh.baseAddress!, hiddenFromLater: later.baseAddress!,
                    cellFromLater: dc.baseAddress!, gates: g.baseAddress!, cellTanh: squashed.baseAddress!,
                    previousCell: c.baseAddress!, gateGradient: dz.baseAddress!, hidden: hidden)
                }
              }
            }
          }
        }
      }
    }
    let d = { (values: [Float], unit: Int, gate: Int) in Double(values[gate * hidden + unit]) }
    var expectedGradient = [Double](repeating: 0, count: 4 * hidden)
    var expectedCellFromLater = [Double](repeating: 0, count: hidden)
    for unit in 0..<hidden {
      let dHidden = Double(outputGradient[unit]) + Double(hiddenFromLater[unit])
      let (input, forget, candidate, output) = (d(gates, unit, 0), d(gates, unit, 1), d(gates, unit, 2), d(gates, unit, 3))
      let squashed = Double(cellTanh[unit])
      let dCell = Double(laterCell[unit]) + dHidden * output * (1 - squashed * squashed)
      expectedCellFromLater[unit] = dCell * forget
      expectedGradient[unit] = dCell * candidate * input * (1 - input)
      expectedGradient[hidden + unit] = dCell * Double(previousCell[unit]) * forget * (1 - forget)
      expectedGradient[2 * hidden + unit] = dCell * input * (1 - candidate * candidate)
      expectedGradient[3 * hidden + unit] = dHidden * squashed * output * (1 - output)
    }
    expectNear(gateGradient, expectedGradient, relative: 2e-6, "gate gradients")
    expectNear(cellFromLater, expectedCellFromLater, relative: 2e-6, "cell gradient passed back")
  }

  @Test(arguments: vectorLengths)
  func adamUpdate(count: Int) {
    let start = randomScalars(count, seed: 15)
    let gradients = (0..<3).map { randomScalars(count, seed: 16 + UInt64($0)).map(Double.init) }
    let parameter = Parameter(Tensor(shape: [count], scalars: start))
    let optimizer = Adam(parameters: [("p", parameter)], learningRate: 0.01, weightDecay: 0.1)
    let expected = referenceAdam(start: start.map(Double.init), gradients: gradients, learningRate: 0.01, weightDecay: 0.1)
    for (step, (gradient, after)) in zip(gradients, expected).enumerated() {
      parameter.value.node!.gradient = Tensor(shape: [count], scalars: gradient.map(Float.init))
      optimizer.step()
      expectNear(parameter.value.scalars, after, relative: 1e-6, "parameters after step \(step + 1)")
    }
  }

  @Test(arguments: vectorLengths)
  func softmaxRows(length: Int) {
    let logits = Tensor(shape: [3, length], scalars: randomScalars(3 * length, seed: 19, in: -20...20))
    let expected = (0..<3).flatMap { row in
      let exponentials = (0..<length).map { Foundation.exp(Double(logits.scalars[row * length + $0])) }
      let total = exponentials.reduce(0, +)
      return exponentials.map { $0 / total }
    }
    expectNear(logits.softmax().scalars, expected, relative: 1e-6, "softmax")
  }

  @Test(arguments: vectorLengths)
  func elementwiseOperationsAreExact(count: Int) {
    // Plain Float arithmetic: vector lanes round exactly as one element at a time.
    let (a, b) = (randomScalars(count, seed: 20), randomScalars(count, seed: 21))
    let (left, right) = (Tensor(shape: [count], scalars: a), Tensor(shape: [count], scalars: b))
    #expect(left.relu().scalars == a.map { $0 > 0 ? $0 : 0 })
    #expect((left * 1.5 + 0.25).scalars == a.map { $0 * 1.5 + 0.25 })
    #expect((-left).scalars == a.map { -$0 })
    #expect(left.squared().scalars == a.map { $0 * $0 })
    #expect((left + right).scalars == zip(a, b).map { $0 + $1 })
    #expect((left - right).scalars == zip(a, b).map { $0 - $1 })
    #expect((left * right).scalars == zip(a, b).map { $0 * $1 })
    #expect((left / right).scalars == zip(a, b).map { $0 / $1 })
  }
}
