import ExerciseCatalog
import Foundation
import Testing

/// The fixture chapter's exercise named `function` (see Tests/ExerciseFixtureRunner).
private func fixture(_ function: String, uses: [String] = []) -> ExerciseEntry {
  let functions = ["stillAStub", "buildsOnTheStub", "loopsForever", "failsAPrecondition", "overflows", "printsWhileDebugging"]
  return ExerciseEntry(
    chapter: "fixtures", number: functions.firstIndex(of: function)! + 1, function: function, file: "Misbehaving.swift",
    directory: "Tests/ExerciseFixtures", sourceModule: "ExerciseFixtures", runnerProduct: "ExerciseFixtureCheckRunner",
    hints: [], uses: uses)
}

/// Where `function` is declared in the fixture file, as `path:line`.
private func declaration(of function: String) throws -> (path: String, line: Int) {
  let root = try #require(ExerciseSource.packageRoot())
  let source = try #require(ExerciseSource(of: fixture(function), packageRoot: root))
  let parts = source.location.split(separator: ":")
  return (String(parts[0]), Int(parts[1])!)
}

/// Runs the real check runner on learner code that loops, traps, prints and waits.
@Suite("Misbehaving exercises")
struct MisbehavingExerciseTests {
  @Test("An endless loop is stopped within its limit and located, even with SIGTERM blocked")
  func endlessLoopIsStopped() throws {
    // Swift Testing's own mask blocks SIGTERM in some threads; block it here for sure, as the issue saw.
    var blocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&blocked)
    sigaddset(&blocked, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    let outcome = try check(fixture("loopsForever"), .learner, timeLimit: 2)
    #expect(outcome.status == .timedOut)
    #expect(outcome.timeLimit == 2)
    #expect(outcome.crashFunction == "loopsForever")
    let (path, line) = try declaration(of: "loopsForever")
    let stopped = try #require(outcome.crashLocation)
    #expect(stopped.hasPrefix(path + ":"))
    #expect((line...(line + 3)).contains(Int(stopped.split(separator: ":").last!) ?? 0), "\(stopped)")
    // The function and line come from the runner's own report: it stopped itself, before the
    // parent's SIGTERM-then-SIGKILL fallback, which leaves no location (no wall-clock bound here).
  }

  @Test("A failed precondition shows the runtime's own message, line and function")
  func preconditionMessageIsKept() throws {
    let outcome = try check(fixture("failsAPrecondition"), .learner)
    #expect(outcome.status == .crashed)
    #expect(outcome.crashMessage == "Precondition failed: value must exceed 5")
    #expect(outcome.crashFunction == "failsAPrecondition")
    #expect(outcome.crashLocation == "\(try declaration(of: "failsAPrecondition").path):\(try declaration(of: "failsAPrecondition").line + 1)")
  }

  @Test("An integer overflow says so, with its function")
  func overflowIsNamed() throws {
    let outcome = try check(fixture("overflows"), .learner)
    #expect(outcome.status == .crashed)
    #expect(outcome.crashMessage == "arithmetic overflow")
    #expect(outcome.crashFunction == "overflows")
  }

  @Test("Calling an earlier exercise that is still a stub is waiting on it, not “not attempted”")
  func waitingOnAnEarlierExercise() throws {
    let waiting = try check(fixture("buildsOnTheStub", uses: ["stillAStub"]), .learner)
    #expect(waiting.status == .waiting)
    #expect(waiting.waitingOn == "stillAStub")
    #expect(try check(fixture("stillAStub"), .learner).status == .notAttempted)
  }

  @Test("The runner words a failure in the language it is given: course check --lang zh shows it in Chinese")
  func failureInTheLearnersLanguage() throws {
    let chinese = try check(fixture("printsWhileDebugging"), .learner, language: .chinese)
    #expect(chinese.status == .failed)
    #expect(chinese.failures == ["printsWhileDebugging() 返回了 41，应为 42"])
    let table = ProgressReport(results: [(fixture("printsWhileDebugging"), chinese)], packageRoot: nil, language: .chinese).table
    #expect(table.contains("✗ 未通过：printsWhileDebugging() 返回了 41，应为 42"), "\(table)")
    #expect(try check(fixture("printsWhileDebugging"), .learner, language: .english).failures
      == ["printsWhileDebugging() returned 41, expected 42"])
  }

  @Test("What the learner's code prints is kept, bounded, under a failure")
  func printedOutputIsShown() throws {
    let outcome = try check(fixture("printsWhileDebugging"), .learner)
    #expect(outcome.status == .failed)
    #expect(outcome.failures == ["printsWhileDebugging() returned 41, expected 42"])
    #expect(outcome.printed.count == ExerciseOutcome.printedLineLimit)
    #expect(outcome.printed.first == "debug line 1")
    #expect(outcome.printedLinesLeftOut == 100 - ExerciseOutcome.printedLineLimit)
    let shown = ProgressReport.details(outcome, indent: "")
    #expect(shown.contains("| debug line 40") && !shown.contains("| debug line 41"))
    #expect(shown.contains("| … 60 more lines"))
  }
}
