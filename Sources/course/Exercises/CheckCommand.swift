import ArgumentParser
import ExerciseChecks
import Foundation

/// `course check [chapter]`: runs the learner's exercises and shows progress.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check your solutions in Exercises/ and show your progress.",
    discussion: "Each exercise runs in its own process, so a crash in one does not stop the others."
  )

  @Argument(help: "Only this chapter's exercises (a slug such as neurons).")
  var chapter: String?

  @Option(help: "Whose code to check: learner (Exercises/) or reference (the solutions).")
  var implementation: Implementation = .learner

  @Flag(help: "Print the results as JSON instead of a table.")
  var json = false

  mutating func validate() throws {
    if let chapter, !exerciseChapters.contains(chapter) {
      throw ValidationError(
        "unknown chapter '\(chapter)'; chapters with exercises: \(exerciseChapters.joined(separator: ", "))")
    }
  }

  mutating func run() throws {
    let exercises = allExercises.filter { chapter == nil || $0.chapter == chapter }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var results: [(Exercise, ExerciseOutcome)] = []
    // A status line redrawn in place, on a terminal only: in a log the control codes would be noise.
    let showsStatus = !json && isatty(STDERR_FILENO) == 1
    for exercise in exercises {
      if showsStatus { FileHandle.standardError.write(Data("\r\u{1B}[Kchecking \(exercise.id)…".utf8)) }
      let outcome = try ExerciseProcess.check(
        exercise, implementation: implementation, executable: executable, arguments: ["check-one"])
      results.append((exercise, outcome))
    }
    if showsStatus { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    let report = ProgressReport(results: results, packageRoot: ExerciseSource.packageRoot())
    print(json ? report.json : report.table)
    let broken = results.contains { [.failed, .crashed, .timedOut].contains($0.1.status) }
    if broken { throw ExitCode(1) }
  }
}

extension Implementation: ExpressibleByArgument {}

/// `course check-one <id>`: runs one check in this process (used by `check`).
struct CheckOneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check-one", abstract: "Run one exercise's check in this process.", shouldDisplay: false)

  @Argument(help: "The exercise id, such as neurons.sigmoid.")
  var id: String

  @Option var implementation: Implementation = .learner

  mutating func run() throws {
    guard let exercise = allExercises.first(where: { $0.id == id }) else {
      throw ValidationError("unknown exercise '\(id)'")
    }
    let failures = exercise.run(implementation)
    if failures.isEmpty {
      print("PASS")
    } else {
      for failure in failures { print("FAIL\t" + failure.replacingOccurrences(of: "\n", with: " ")) }
      throw ExitCode(1)
    }
  }
}
