import Foundation

/// What checking one exercise found.
public struct ExerciseOutcome: Sendable {
  public enum Status: String, Sendable {
    case passed
    case failed
    case notAttempted = "not attempted"
    /// It calls an earlier exercise that is still a stub.
    case waiting = "waiting"
    case crashed
    case timedOut = "timed out"
    /// Its chapter's file (or the checks built on it) does not compile.
    case doesNotCompile = "does not compile"
  }

  public var status: Status
  /// The expectations that failed, for `.failed`; the first is the one to fix first.
  public var failures: [String] = []
  /// For `.crashed`: what the runtime said. For `.doesNotCompile`: the compiler's first error.
  public var crashMessage: String?
  /// Where in the learner's code it crashed or was stopped: `Exercises/<file>:<line>`.
  public var crashLocation: String?
  /// The function the learner's code was in when it crashed or was stopped.
  public var crashFunction: String?
  /// For `.waiting`: the earlier exercise's function that is still a stub.
  public var waitingOn: String?
  /// What the learner's code printed, at most ``printedLineLimit`` lines.
  public var printed: [String] = []
  /// How many more lines it printed than `printed` holds.
  public var printedLinesLeftOut = 0
  /// For `.timedOut`: the limit, in seconds.
  public var timeLimit: Double?

  public init(status: Status) { self.status = status }

  /// The marker the shipped stubs trap with.
  public static let notAttemptedMarker = "Fatal error: not attempted"
  /// Starts every line of the runner's own answer on standard output, so that
  /// it cannot be confused with what the learner's code prints.
  public static let verdictMarker = "\u{1E}"
  /// What the runner's watchdog writes to standard error before it stops a check that runs too long.
  public static let timeoutMarker = "\u{1E}TIMEOUT"
  /// The most lines of the learner's own output kept under a result.
  public static let printedLineLimit = 40

  /// Classifies a finished check process of `entry` from how it ended and what it printed.
  ///
  /// The runner prints `PASS`, or one `FAIL<tab>message` line per failed
  /// expectation, each after ``verdictMarker``, and exits 0 or 1; anything
  /// before the first marker is the learner's own output. A stub that was
  /// never touched traps with ``notAttemptedMarker``; if that stub is another
  /// exercise's function (found with `source`), this one is waiting on it. Any
  /// other trap is a crash, located by the first frame in the learner's file.
  public static func classify(
    _ entry: ExerciseEntry, exitedNormally: Bool, status: Int32, output: String, errors: String,
    source: ExerciseSource? = nil
  ) -> ExerciseOutcome {
    var outcome = verdict(exitedNormally: exitedNormally, status: status, output: output, errors: errors, source: source, entry: entry)
    let learnerOutput = output.components(separatedBy: verdictMarker).first ?? ""
    var lines = learnerOutput.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    outcome.printed = Array(lines.prefix(printedLineLimit))
    outcome.printedLinesLeftOut = max(0, lines.count - printedLineLimit)
    return outcome
  }

  private static func verdict(
    exitedNormally: Bool, status: Int32, output: String, errors: String, source: ExerciseSource?, entry: ExerciseEntry
  ) -> ExerciseOutcome {
    let answer = output.components(separatedBy: verdictMarker).dropFirst().map { $0.trimmingCharacters(in: .newlines) }
    if exitedNormally && status == 0 && answer.contains("PASS") { return ExerciseOutcome(status: .passed) }
    if exitedNormally && status == 1 {
      let failures = answer.filter { $0.hasPrefix("FAIL\t") }.map { String($0.dropFirst(5)) }
      if !failures.isEmpty {
        var outcome = ExerciseOutcome(status: .failed)
        outcome.failures = failures
        return outcome
      }
    }
    let place = CrashReport(errors, entry: entry)
    let function = place.line.flatMap { source?.function(containing: $0) }
    if errors.contains(timeoutMarker) {
      var outcome = ExerciseOutcome(status: .timedOut)
      let seconds = errors.components(separatedBy: timeoutMarker).dropFirst().first?.split(separator: "\n").first
      outcome.timeLimit = seconds.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
      outcome.crashLocation = place.location
      outcome.crashFunction = function ?? place.function
      return outcome
    }
    if errors.contains(notAttemptedMarker) {
      // The stub that trapped: the line of the message, in this exercise's file.
      let stubLine = place.notAttemptedLine ?? place.line
      if let stubFunction = stubLine.flatMap({ source?.function(containing: $0) }), stubFunction != entry.function {
        var outcome = ExerciseOutcome(status: .waiting)
        outcome.waitingOn = stubFunction
        return outcome
      }
      return ExerciseOutcome(status: .notAttempted)
    }
    var outcome = ExerciseOutcome(status: .crashed)
    outcome.crashMessage = place.message ?? (exitedNormally ? "exit status \(status)" : "stopped by signal \(status)")
    outcome.crashLocation = place.location
    outcome.crashFunction = function ?? place.function
    return outcome
  }

  public static func timedOut(after seconds: Double) -> ExerciseOutcome {
    var outcome = ExerciseOutcome(status: .timedOut)
    outcome.timeLimit = seconds
    return outcome
  }

  public static func doesNotCompile(_ error: String) -> ExerciseOutcome {
    var outcome = ExerciseOutcome(status: .doesNotCompile)
    outcome.crashMessage = error
    return outcome
  }
}
