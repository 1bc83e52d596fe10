import ArgumentParser
import ExerciseCatalog
import Foundation

/// `course check [chapter | exercise]`: checks the learner's exercises and shows progress.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check your solutions in Exercises/ and show your progress.",
    discussion: """
      Each chapter's checks are built on their own (a file that does not compile stops only its \
      chapter), and each exercise runs in its own process (a crash or an endless loop in one does \
      not stop the others). What your code prints is shown under its result.
      """
  )

  @Argument(help: "Only this chapter (a slug such as neurons) or exercise (such as neurons.sigmoid).")
  var selection: String?

  @Option(help: "Whose code to check: learner (Exercises/) or reference (the solutions).")
  var implementation: Implementation = .learner

  @Option(help: "Seconds one exercise may run before it is stopped (default: $COURSE_CHECK_TIMEOUT or 20).")
  var timeout: Double?

  @Flag(help: "Print the results as JSON instead of a table.")
  var json = false

  @OptionGroup var lang: LanguageOption

  mutating func validate() throws {
    try ExerciseChecking.validate(timeout: timeout, language: try lang.resolve())
  }

  mutating func run() throws {
    let language = try lang.resolve()
    let root = try requirePackageRoot()
    let entries = try ExerciseChecking.entries(selection, language: language)
    let checking = ExerciseChecking(
      packageRoot: root, implementation: implementation, timeLimit: timeout ?? ExerciseProcess.timeLimitFromEnvironment,
      showsStatus: !json && isatty(STDERR_FILENO) == 1, language: language)
    let results = try checking.check(entries)
    var progress = ExerciseProgress.load(from: root)
    let before = progress
    if implementation == .learner {
      for (entry, outcome) in results { progress.record(entry.id, passed: outcome.status == .passed) }
      if progress != before { try progress.save(to: root) }
    }
    let report = ProgressReport(results: results, packageRoot: root, progress: progress, previous: before, language: language)
    print(json ? report.json : report.table)
    let broken = results.contains { [.failed, .crashed, .timedOut, .doesNotCompile].contains($0.1.status) }
    if broken { throw ExitCode(1) }
  }
}

extension Implementation: ExpressibleByArgument {}
