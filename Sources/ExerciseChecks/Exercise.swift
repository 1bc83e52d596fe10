// The chapters' checks see `Implementation` and `ExerciseEntry` through this module.
@_exported import ExerciseCatalog

/// One exercise: a function the learner writes, and the check that judges it.
public struct Exercise: Sendable {
  /// What `course` knows of it: its file, runner, hints and dependencies.
  public let entry: ExerciseEntry
  let check: @Sendable (Implementation, inout ExpectationLog) -> Void

  /// `chapter.function`, such as `neurons.sigmoid`.
  public var id: String { entry.id }
  /// The chapter's slug.
  public var chapter: String { entry.chapter }
  /// Its position in the chapter's file, from 1.
  public var number: Int { entry.number }
  /// The name of the function the learner writes.
  public var function: String { entry.function }
  /// The file in `Exercises/` that holds the stub.
  public var file: String { entry.file }

  /// The exercise of ``ExerciseCatalog`` with this chapter and function, judged by `check`.
  /// The catalog must list it with the same number and file: it is the one list `course` reads.
  public init(
    chapter: String, number: Int, function: String, file: String,
    check: @escaping @Sendable (Implementation, inout ExpectationLog) -> Void
  ) {
    guard let entry = ExerciseCatalog.all.first(where: { $0.chapter == chapter && $0.function == function }),
      entry.number == number, entry.file == file
    else {
      fatalError("\(chapter).\(function) (exercise \(number) in \(file)) is not in ExerciseCatalog as such; add or fix it there")
    }
    self.init(entry: entry, check: check)
  }

  /// An exercise outside the course's catalog (the tests' fixtures).
  public init(entry: ExerciseEntry, check: @escaping @Sendable (Implementation, inout ExpectationLog) -> Void) {
    self.entry = entry
    self.check = check
  }

  /// Runs the check in this process. A trap in the checked code ends the
  /// process; ``ExerciseProcess`` runs checks in a child process for that reason.
  /// The failures are worded in `language`.
  public func run(_ implementation: Implementation, language: Language = .english) -> [String] {
    var log = ExpectationLog(language: language)
    check(implementation, &log)
    return log.failures
  }
}
