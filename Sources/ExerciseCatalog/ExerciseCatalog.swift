/// Every exercise of the course, in chapter order: the one list `course`
/// (check, hint, list, watch) and the chapters' check runners agree on.
public enum ExerciseCatalog {
  public static let all: [ExerciseEntry] = neurons + backprop + crossEntropy + convolution + generalization + recurrent + attention
    + compression + engine

  /// The chapters that have exercises, in order.
  public static var chapters: [String] {
    all.reduce(into: [String]()) { chapters, entry in
      if chapters.last != entry.chapter { chapters.append(entry.chapter) }
    }
  }

  /// The exercise with this id (`neurons.sigmoid`) or, if unique, this function name.
  public static func entry(named name: String) -> ExerciseEntry? {
    all.first { $0.id == name } ?? all.first { $0.function == name }
  }

  /// A chapter's exercises, numbered in the order given; `Exercises/<module>.swift`
  /// is checked by `<module>CheckRunner`.
  static func chapter(
    _ slug: String, module: String, _ exercises: [(function: String, uses: [String], hints: [String])]
  ) -> [ExerciseEntry] {
    exercises.enumerated().map { index, exercise in
      ExerciseEntry(
        chapter: slug, number: index + 1, function: exercise.function, file: "\(module).swift",
        directory: "Exercises", sourceModule: "\(module)Exercises", runnerProduct: "\(module)CheckRunner",
        hints: exercise.hints, uses: exercise.uses)
    }
  }
}
