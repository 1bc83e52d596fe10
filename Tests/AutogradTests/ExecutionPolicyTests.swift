import Foundation
import Testing

@testable import Autograd

@Suite("Execution policy: threads and allocator")
struct ExecutionPolicyTests {
  /// The fused LSTM recurrence, forward and backward, gives the same numbers
  /// with its batch's rows in two halves on two threads as on one. In a
  /// process of its own: the threading is process-wide, and a test running
  /// beside this one could otherwise switch it between the two runs.
  @Test func lstmSequenceInHalvesEqualsOneThread() async {
    await #expect(processExitsWith: .success) {
      let random = RandomGenerator(seed: 5)
      let (rows, time, hidden) = (2 * ExecutionPolicy.Thresholds.lstmHalvesRows + 1, 6, 8)
      let projection = Tensor.normal(shape: [rows, time, 4 * hidden], using: random)
      let recurrent = Tensor.normal(shape: [hidden, 4 * hidden], standardDeviation: 0.3, using: random)
      let upstream = Tensor.normal(shape: [rows, time, hidden], using: random)
      exitUnlessHalvesMatchOneThread { threading in
        ExecutionPolicy.threading = threading
        let (input, weight) = (projection.detached().requiringGradient(), recurrent.detached().requiringGradient())
        let (outputs, finalCell) = Tensor.lstmSequence(inputProjection: input, recurrentWeight: weight)
        outputs.backward(seed: upstream)
        return [outputs.detached(), finalCell, input.gradient!, weight.gradient!]
      }
    }
  }

  /// The LSTM reading its inputs from a table by ids gives the same outputs
  /// and gradients in halves as on one thread: its table's gradient adds the
  /// positions' rows in one fixed order whichever thread computed them.
  @Test func lstmSequenceFromATableInHalvesEqualsOneThread() async {
    await #expect(processExitsWith: .success) {
      let random = RandomGenerator(seed: 7)
      let (rows, time, hidden, vocabulary) = (2 * ExecutionPolicy.Thresholds.lstmHalvesRows + 1, 6, 8, 5)
      let table = Tensor.normal(shape: [vocabulary, 4 * hidden], using: random)
      let recurrent = Tensor.normal(shape: [hidden, 4 * hidden], standardDeviation: 0.3, using: random)
      let upstream = Tensor.normal(shape: [rows, time, hidden], using: random)
      let ids = (0..<(rows * time)).map { ($0 * 3 + $0 / 7) % vocabulary }
      exitUnlessHalvesMatchOneThread { threading in
        ExecutionPolicy.threading = threading
        let (input, weight) = (table.detached().requiringGradient(), recurrent.detached().requiringGradient())
        let (outputs, finalCell) = Tensor.lstmSequence(
          inputTable: input, ids: ids, shape: [rows, time], recurrentWeight: weight)
        outputs.backward(seed: upstream)
        return [outputs.detached(), finalCell, input.gradient!, weight.gradient!]
      }
    }
  }

  /// Fused attention, forward and backward, gives the same numbers with its
  /// (window, head) pairs in two halves on two threads as on one, causal or
  /// not. In a process of its own, as above.
  @Test func attentionInHalvesEqualsOneThread() async {
    await #expect(processExitsWith: .success) {
      for causal in [false, true] {
        let random = RandomGenerator(seed: 6)
        let operands = (0..<3).map { _ in Tensor.normal(shape: [3, 7, 16], using: random) }
        let upstream = Tensor.normal(shape: [3, 7, 16], using: random)
        exitUnlessHalvesMatchOneThread { threading in
          ExecutionPolicy.threading = threading
          let (q, k, v) = (operands[0].requiringGradient(), operands[1].requiringGradient(), operands[2].requiringGradient())
          let (output, weights) = Tensor.scaledDotProductAttention(query: q, key: k, value: v, headCount: 4, causal: causal)
          output.backward(seed: upstream)
          return [output.detached(), weights, q.gradient!, k.gradient!, v.gradient!]
        }
      }
    }
  }

  @Test func threadCountSetsTheThreading() async {
    await #expect(processExitsWith: .success) {
      ExecutionPolicy.setThreadCount(1)
      guard ExecutionPolicy.threading == .single, ExecutionPolicy.threadCount == 1 else { exit(1) }
      ExecutionPolicy.setThreadCount(2)
      guard ExecutionPolicy.threading == .halves, ExecutionPolicy.threadCount == 2 else { exit(2) }
      ExecutionPolicy.setThreadCount(3)
      guard ExecutionPolicy.threading == .openBLAS, ExecutionPolicy.threadCount == 3 else { exit(3) }
    }
  }

  #if os(Linux)
  /// Creating tensors leaves the allocator alone; `tuneAllocator()` keeps
  /// freed buffers in the process (a C macro mistake once made it a silent
  /// no-op, and every CNN step page-faulted through 12 MB). In a process of
  /// its own, whose allocator no other test has tuned.
  @Test func allocatorIsTunedOnlyWhenAsked() async {
    await #expect(processExitsWith: .success) {
      _ = Tensor.zeros([512, 512]) + Tensor.ones([512, 512])
      guard !ExecutionPolicy.isAllocatorTuned else { exit(1) }
      ExecutionPolicy.tuneAllocator()
      guard ExecutionPolicy.isAllocatorTuned else { exit(2) }
    }
  }
  #endif
}

/// Exits with status 1, naming the first difference on standard error, unless
/// `run(.halves)` equals `run(.single)` to rounding: the halves' products have
/// other row counts, for which OpenBLAS may order a sum differently; a half
/// computed wrong or not at all gives errors of order 1.
func exitUnlessHalvesMatchOneThread(_ run: (ExecutionPolicy.Threading) -> [Tensor]) {
  let (single, halves) = (run(.single), run(.halves))
  guard single.count == halves.count else { exit(1) }
  for (index, (one, two)) in zip(single, halves).enumerated() {
    let close = one.shape == two.shape
      && zip(one.scalars, two.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) }
    if !close {
      FileHandle.standardError.write(Data("result \(index) differs between one thread and halves\n".utf8))
      exit(1)
    }
  }
}
