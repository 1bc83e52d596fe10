import Foundation

/// What the learner has done so far, remembered between commands in
/// `.build/course/exercises.json`: which exercises passed their last check,
/// and how many of each exercise's hints they have seen.
public struct ExerciseProgress: Codable, Equatable, Sendable {
  /// The ids of the exercises whose last check passed.
  public var passed: Set<String> = []
  /// How many hints of each exercise `course hint` has shown, by id.
  public var hintsSeen: [String: Int] = [:]

  public init() {}

  /// The state file under `packageRoot`.
  public static func file(in packageRoot: URL) -> URL {
    packageRoot.appendingPathComponent(".build/course/exercises.json")
  }

  /// The remembered progress, or none yet (an unreadable file counts as none).
  public static func load(from packageRoot: URL) -> ExerciseProgress {
    guard let data = try? Data(contentsOf: file(in: packageRoot)) else { return ExerciseProgress() }
    return (try? JSONDecoder().decode(ExerciseProgress.self, from: data)) ?? ExerciseProgress()
  }

  /// Writes the state file whole or not at all.
  public func save(to packageRoot: URL) throws {
    let url = Self.file(in: packageRoot)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(self).write(to: url, options: .atomic)
  }

  /// Records the outcome of checking `id`: passed, or no longer passing.
  public mutating func record(_ id: String, passed didPass: Bool) {
    if didPass { passed.insert(id) } else { passed.remove(id) }
  }

  /// The first exercise, in course order, that has not passed.
  public func next(in entries: [ExerciseEntry] = ExerciseCatalog.all) -> ExerciseEntry? {
    entries.first { !passed.contains($0.id) }
  }
}
