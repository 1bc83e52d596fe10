import Foundation
import Synchronization

/// A second thread that takes half of a job off the calling thread, with a
/// hand-off fast enough for jobs of a few tens of microseconds.
///
/// Why not OpenBLAS's own threads or Dispatch: both wake their workers
/// through the kernel, which costs more than half of a 37 µs product. This
/// worker spins on an atomic flag for a while after each job, so the next one
/// starts within a fraction of a microsecond during training, and then
/// sleeps on a semaphore, so an idle program does not keep a core busy.
///
/// When the machine is busy the helper may not get a core in time. So the
/// caller, once done with its own half, takes back the helper's half if the
/// helper has not started it: a split job is then never much slower than
/// doing both halves on one thread.
final class HelperThread: @unchecked Sendable {
  /// The one helper of the process, started on first use.
  static let shared = HelperThread()

  private enum State: Int {
    case idle, posted, running, done
  }

  private let state = Atomic<Int>(State.idle.rawValue)
  /// Set while one caller owns the helper; a second caller does its work alone.
  private let busy = Atomic<Bool>(false)
  private let sleeping = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  /// Written by the caller before `state` becomes `.posted`, read by the worker after.
  private var job: (@Sendable () -> Void)?

  /// How many checks of the flag the worker makes before it sleeps. After
  /// the first 64 it yields its core between checks (a system call each),
  /// so it rides out the short gaps between the split jobs of a step
  /// without taking a core from the caller or from other programs.
  private let spinsBeforeSleep = 2_000

  private init() {
    let thread = Thread { [self] in work() }
    thread.name = "Autograd helper"
    thread.start()
  }

  /// Runs `theirs` on the helper and `mine` on this thread, and returns when
  /// both are done. If another thread is using the helper, or the helper has
  /// not picked `theirs` up by the time `mine` is done, runs it here.
  func run(_ mine: () -> Void, alongside theirs: @escaping @Sendable () -> Void) {
    guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
      theirs()
      mine()
      return
    }
    job = theirs
    state.store(State.posted.rawValue, ordering: .sequentiallyConsistent)
    if sleeping.load(ordering: .sequentiallyConsistent) { wake.signal() }
    mine()
    let reclaimed = state.compareExchange(
      expected: State.posted.rawValue, desired: State.idle.rawValue, ordering: .acquiringAndReleasing
    ).exchanged
    if reclaimed {
      theirs()
    } else {
      while state.load(ordering: .acquiring) != State.done.rawValue { sched_yield() }
      state.store(State.idle.rawValue, ordering: .relaxed)
    }
    job = nil
    busy.store(false, ordering: .releasing)
  }

  private func work() {
    while true {
      var spins = 0
      while true {
        if state.load(ordering: .acquiring) == State.posted.rawValue,
          state.compareExchange(
            expected: State.posted.rawValue, desired: State.running.rawValue, ordering: .acquiringAndReleasing
          ).exchanged
        {
          break
        }
        spins += 1
        // Yielding while spinning: should the scheduler put both threads on
        // one core, the caller gets it back at once instead of after a time slice.
        if spins > 64 { sched_yield() }
        if spins < spinsBeforeSleep { continue }
        sleeping.store(true, ordering: .sequentiallyConsistent)
        // A job posted between the last check and `sleeping` must not be missed.
        if state.load(ordering: .sequentiallyConsistent) != State.posted.rawValue { wake.wait() }
        sleeping.store(false, ordering: .sequentiallyConsistent)
        spins = 0
      }
      job?()
      state.store(State.done.rawValue, ordering: .releasing)
    }
  }
}

extension HelperThread {
  /// Runs `body` on `0..<count` in two contiguous halves at once, one on
  /// this thread and one on the helper, when matrix products may use two
  /// threads or more and there are at least `minimumCount` items; otherwise
  /// on this thread alone. The two halves must write disjoint memory.
  ///
  /// OpenBLAS is set to one thread first, so that halves which multiply
  /// matrices never change its thread count while the other one multiplies.
  static func forEachHalf(of count: Int, minimumCount: Int, _ body: (Range<Int>) -> Void) {
    guard ExecutionPolicy.threadCount > 1, count >= Swift.max(minimumCount, 2) else { return body(0..<count) }
    useOpenBLASThreads(1)
    let half = count / 2
    // `run` returns only when both halves are done, so `body` does not outlive this call.
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let body = body
      shared.run({ body(0..<half) }, alongside: { body(half..<count) })
    }
  }
}
