import Foundation
import Testing

@testable import Autograd

@Suite("Indexing operations")
struct IndexingTests {
  // MARK: Selecting by index

  @Test func indexSelectPicksSlices() {
    let x = Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
    let rows = x.indexSelect(alongAxis: 0, indices: [2, 0, 2])
    #expect(rows.shape == [3, 2])
    #expect(rows.scalars == [20, 21, 0, 1, 20, 21])
    let columns = x.indexSelect(alongAxis: -1, indices: [1, 1, 0, 1])
    #expect(columns.shape == [3, 4])
    #expect(columns.scalars == [1, 1, 0, 1, 11, 11, 10, 11, 21, 21, 20, 21])
    #expect(x.indexSelect(alongAxis: 0, indices: []).shape == [0, 2])
  }

  @Test func repeatedIndicesAccumulateTheirGradients() {
    let x = Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21]).requiringGradient()
    x.indexSelect(alongAxis: 0, indices: [2, 0, 2]).sum().backward()
    #expect(x.gradient?.scalars == [1, 1, 0, 0, 2, 2])
  }

  @Test func indexSelectGradients() {
    let random = RandomGenerator(seed: 21)
    let x = Tensor.normal(shape: [2, 3, 4], using: random)
    let middle = checkGradients(at: [x]) { $0[0].indexSelect(alongAxis: 1, indices: [2, 0, 2, 1, 2]).squared() }
    #expect(middle.passed, "\(middle)")
    let last = checkGradients(at: [x]) { $0[0].indexSelect(alongAxis: -1, indices: [3, 3, 0]).tanh() }
    #expect(last.passed, "\(last)")
  }

  @Test func gatherRowsLooksUpEmbeddings() {
    let table = Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
    let embedded = table.gatherRows([2, 0, 1, 1], shape: [2, 2])
    #expect(embedded.shape == [2, 2, 2])
    #expect(embedded.scalars == [20, 21, 0, 1, 10, 11, 10, 11])
  }

  @Test func gatherRowsGradients() {
    let random = RandomGenerator(seed: 22)
    let table = Tensor.normal(shape: [5, 3], using: random)
    let result = checkGradients(at: [table]) { $0[0].gatherRows([4, 1, 1, 0, 4, 4], shape: [2, 3]).squared() }
    #expect(result.passed, "\(result)")
  }

  // MARK: Masks

  @Test func causalMaskHidesTheFuture() {
    #expect(Tensor.causalMask(size: 3).scalars == [0, 1, 1, 0, 0, 1, 0, 0, 0])
    #expect(Tensor.causalMask(size: 1).scalars == [0])
  }

  @Test func maskedFillsWhereTheMaskIsSet() {
    let scores = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    let filled = scores.masked(where: Tensor.causalMask(size: 2), with: -.infinity)
    #expect(filled.scalars == [1, -.infinity, 3, 4])
    // A [T, T] mask broadcasts over leading batch and head axes.
    let batch = Tensor.range(8).reshaped(to: [2, 1, 2, 2])
    let hidden = batch.masked(where: Tensor.causalMask(size: 2), with: -1)
    #expect(hidden.scalars == [0, -1, 2, 3, 4, -1, 6, 7])
  }

  @Test func maskedGradients() {
    let random = RandomGenerator(seed: 23)
    let x = Tensor.normal(shape: [2, 3, 4], using: random)
    let mask = Tensor(shape: [3, 1], scalars: [1, 0, 1])  // Broadcast along the first and last axes.
    let result = checkGradients(at: [x]) { $0[0].masked(where: mask, with: -5).squared() }
    #expect(result.passed, "\(result)")
  }

  @Test func maskingWithMinusInfinityGivesFiniteGradients() throws {
    let x = Tensor.uniform(shape: [2, 3, 3], in: -1...1, using: RandomGenerator(seed: 24)).requiringGradient()
    let weights = Tensor.ones([2, 3, 3]) * 2
    (x.masked(where: Tensor.causalMask(size: 3), with: -.infinity).exp() * weights).sum().backward()
    let gradient = try #require(x.gradient)
    #expect(gradient.scalars.allSatisfy { $0.isFinite }, "\(gradient)")
    // Zero at the masked positions, 2·exp(x) elsewhere.
    #expect(gradient[1, 0, 2] == 0)
    #expect(abs(gradient[1, 2, 0] - 2 * Foundation.exp(x[1, 2, 0])) < 1e-5)
  }

  // MARK: Selecting by condition

  @Test func selectingChoosesElementwise() {
    let condition = Tensor(shape: [3], scalars: [1, 0, 1])
    #expect(Tensor.selecting(where: condition, Tensor.range(3), Tensor(-1)).scalars == [0, -1, 2])
    let rows = Tensor(shape: [2, 1], scalars: [0, 1])
    let chosen = Tensor.selecting(where: rows, Tensor(shape: [3], scalars: [1, 2, 3]), Tensor.zeros([2, 3]))
    #expect(chosen.shape == [2, 3])
    #expect(chosen.scalars == [0, 0, 0, 1, 2, 3])
  }

  @Test func selectingGradients() {
    let random = RandomGenerator(seed: 25)
    let condition = Tensor(shape: [3, 1], scalars: [1, 0, 1])
    let whenTrue = Tensor.normal(shape: [1, 4], using: random)
    let otherwise = Tensor.normal(shape: [2, 3, 4], using: random)
    let result = checkGradients(at: [whenTrue, otherwise]) { inputs in
      Tensor.selecting(where: condition, inputs[0], inputs[1]).squared()
    }
    #expect(result.passed, "\(result)")
    let mixed = Tensor(shape: [2, 1, 4], scalars: [1, 0, 0, 1, 0, 1, 1, 0])
    let both = checkGradients(at: [otherwise, whenTrue]) { inputs in
      Tensor.selecting(where: mixed, inputs[0], inputs[1]).tanh()
    }
    #expect(both.passed, "\(both)")
  }

  // MARK: Errors

  @Test func indexSelectRejectsAnIndexOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([5, 3]).indexSelect(alongAxis: 0, indices: [1, 7])
    }
    let message = standardError(of: result)
    #expect(message.contains("indexSelect"), "\(message)")
    #expect(message.contains("index 7"), "\(message)")
    #expect(message.contains("size 5"), "\(message)")
    #expect(message.contains("[5, 3]"), "\(message)")
  }

  @Test func maskedRejectsAMaskThatDoesNotBroadcast() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros([2, 4, 4]).masked(where: Tensor.causalMask(size: 3), with: 0)
    }
    let message = standardError(of: result)
    #expect(message.contains("masked"), "\(message)")
    #expect(message.contains("[3, 3]"), "\(message)")
    #expect(message.contains("[2, 4, 4]"), "\(message)")
  }
}
