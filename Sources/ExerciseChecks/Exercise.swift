/// Whose code a check runs: the learner's stubs in `Exercises/`, or the
/// reference solutions that prove every check can pass.
public enum Implementation: String, CaseIterable, Sendable {
  case learner
  case reference
}

/// One exercise: a function the learner writes, and the check that judges it.
public struct Exercise: Sendable {
  /// `chapter.function`, such as `neurons.sigmoid`.
  public var id: String { "\(chapter).\(function)" }
  /// The chapter's slug.
  public let chapter: String
  /// Its position in the chapter's file, from 1.
  public let number: Int
  /// The name of the function the learner writes.
  public let function: String
  /// The file in `Exercises/` that holds the stub.
  public let file: String
  let check: @Sendable (Implementation, inout ExpectationLog) -> Void

  /// Runs the check in this process. A trap in the checked code ends the
  /// process; ``ExerciseProcess`` runs checks in a child process for that reason.
  public func run(_ implementation: Implementation) -> [String] {
    var log = ExpectationLog()
    check(implementation, &log)
    return log.failures
  }
}

/// The failed expectations of one check, each a sentence for the learner.
public struct ExpectationLog {
  public private(set) var failures: [String] = []

  /// Records `message` unless `condition` holds.
  public mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { failures.append(message()) }
  }

  /// Expects `actual` within `tolerance` of `expected` (relative for large
  /// values, absolute near zero); `call` describes what was computed.
  public mutating func expectClose(
    _ actual: Double, _ expected: Double, tolerance: Double = 1e-9, _ call: @autoclosure () -> String
  ) {
    let close = abs(actual - expected) <= tolerance * max(1, abs(expected))
    expect(close, "\(call()) returned \(actual), expected \(expected)")
  }
}

/// Every exercise of the course, in chapter order.
public let allExercises: [Exercise] =
  neuronsExercises + backpropExercises + crossEntropyExercises + convolutionExercises
  + recurrentExercises + attentionExercises

/// The chapters that have exercises, in order.
public var exerciseChapters: [String] {
  allExercises.reduce(into: [String]()) { chapters, exercise in
    if chapters.last != exercise.chapter { chapters.append(exercise.chapter) }
  }
}
