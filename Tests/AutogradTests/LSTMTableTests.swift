import Foundation
import Testing

@testable import Autograd

/// The LSTM reading its input projection from a table by ids, against the
/// reference: the table's rows gathered into a [batch, time, 4·hidden]
/// projection first, then `lstmSequence(inputProjection:…)`.
@Suite("LSTM reading a table by ids")
struct LSTMTableTests {
  /// Outputs, final cell, and the gradients of the table and of U for one
  /// upstream gradient: `ids` (row-major in `shape`) index a table of
  /// `vocabulary` rows, the last of which no id uses.
  private func expectTableMatchesGather(shape: [Int], vocabulary: Int, withState: Bool = false, seed: UInt64 = 1) {
    let (batch, time, hidden) = (shape[0], shape[1], 3)
    let random = RandomGenerator(seed: seed)
    let table = Tensor.uniform(shape: [vocabulary, 4 * hidden], in: -1.5...1.5, using: random)
    let weight = Tensor.uniform(shape: [hidden, 4 * hidden], in: -0.8...0.8, using: random)
    let upstream = Tensor.uniform(shape: [batch, time, hidden], in: -1...1, using: random)
    let state = withState
      ? (Tensor.uniform(shape: [batch, hidden], in: -0.5...0.5, using: random),
        Tensor.uniform(shape: [batch, hidden], in: -0.5...0.5, using: random))
      : nil
    // Ids repeat, in an order that is neither sorted nor periodic in the batch; row `vocabulary - 1` is never read.
    let ids = (0..<(batch * time)).map { ($0 * 7 + $0 / 3 + 1) % (vocabulary - 1) }

    func run(_ lstm: (Tensor, Tensor) -> (outputs: Tensor, finalCell: Tensor)) -> [Tensor] {
      let (table, weight) = (table.detached().requiringGradient(), weight.detached().requiringGradient())
      let (outputs, finalCell) = lstm(table, weight)
      outputs.backward(seed: upstream)
      return [outputs.detached(), finalCell, table.gradient!, weight.gradient!]
    }
    let fused = run { table, weight in
      Tensor.lstmSequence(
        inputTable: table, ids: ids, shape: shape, recurrentWeight: weight, initialHidden: state?.0,
        initialCell: state?.1)
    }
    let reference = run { table, weight in
      Tensor.lstmSequence(
        inputProjection: table.gatherRows(ids, shape: shape), recurrentWeight: weight, initialHidden: state?.0,
        initialCell: state?.1)
    }
    for (name, (actual, expected)) in zip(["outputs", "final cell", "table gradient", "weight gradient"], zip(fused, reference)) {
      #expect(expected.scalars.contains { $0 != 0 }, "\(name) of the reference is all zeros")
      expectTensor(actual, shape: expected.shape, expected.scalars, tolerance: 1e-6)
    }
    // The row no id reads gets no gradient; every row some id reads gets one.
    let tableGradient = fused[2].scalars
    let rowWidth = 4 * hidden
    #expect(tableGradient[((vocabulary - 1) * rowWidth)...].allSatisfy { $0 == 0 })
    for id in Set(ids) {
      #expect(tableGradient[(id * rowWidth)..<((id + 1) * rowWidth)].contains { $0 != 0 }, "row \(id) has no gradient")
    }
  }

  @Test func oneSequenceOfManySteps() { expectTableMatchesGather(shape: [1, 9], vocabulary: 5) }

  /// From a given state: from h_0 = 0, a single step would give U no gradient to compare.
  @Test func manySequencesOfOneStep() { expectTableMatchesGather(shape: [9, 1], vocabulary: 5, withState: true, seed: 2) }

  @Test func fromAGivenState() { expectTableMatchesGather(shape: [3, 5], vocabulary: 6, withState: true, seed: 3) }

  /// Enough rows for the batch to be split in halves (when two threads are allowed).
  @Test func batchLargeEnoughForHalves() {
    expectTableMatchesGather(shape: [2 * ExecutionPolicy.Thresholds.lstmHalvesRows + 1, 4], vocabulary: 8, seed: 4)
  }

  /// The table's gradient against finite differences, directly.
  @Test func tableGradients() {
    let inputs = randomTensors([4, 8], [2, 8], seed: 6)
    expectGradients(at: inputs) {
      Tensor.lstmSequence(inputTable: $0[0], ids: [2, 0, 2, 1, 2, 0], shape: [2, 3], recurrentWeight: $0[1]).outputs
    }
  }

  @Test func mismatchedTableIsRefusedWithBothShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.lstmSequence(inputTable: .zeros([5, 12]), ids: [0, 1], shape: [1, 2], recurrentWeight: .zeros([2, 8]))
    }
    #expect(standardError(of: result).contains(
      "lstm: input table of shape [5, 12] and recurrent weight of shape [2, 8] must be [vocabulary, 4·hidden] and [hidden, 4·hidden]"))
  }

  @Test func idOutOfRangeIsRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.lstmSequence(inputTable: .zeros([5, 8]), ids: [0, 5], shape: [1, 2], recurrentWeight: .zeros([2, 8]))
    }
    #expect(standardError(of: result).contains("lstm: id 5 is out of range for an input table of shape [5, 8]"))
  }

  @Test func idsNotMatchingTheirShapeAreRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.lstmSequence(inputTable: .zeros([5, 8]), ids: [0, 1, 2], shape: [1, 2], recurrentWeight: .zeros([2, 8]))
    }
    #expect(standardError(of: result).contains("lstm: 3 ids for index shape [1, 2]"))
  }
}
