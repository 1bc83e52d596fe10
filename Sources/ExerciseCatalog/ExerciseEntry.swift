/// One exercise as `course` knows it without linking the learner's code: where
/// its stub is, which runner checks it, its graded hints and what it builds on.
public struct ExerciseEntry: Sendable, Hashable {
  /// The chapter's slug, such as `neurons`.
  public let chapter: String
  /// Its position in the chapter's file, from 1.
  public let number: Int
  /// The name of the function the learner writes.
  public let function: String
  /// The file that holds the stub, such as `Neurons.swift`.
  public let file: String
  /// The folder of `file`, relative to the package root.
  public let directory: String
  /// The module compiled from `file` (the name in its `#fileID`).
  public let sourceModule: String
  /// The executable that runs this exercise's check.
  public let runnerProduct: String
  /// Hints from a nudge to nearly the answer, shown one at a time by `course hint`.
  public let hints: [String]
  /// The functions of earlier exercises in the same file that this one is meant to call.
  public let uses: [String]

  public init(
    chapter: String, number: Int, function: String, file: String, directory: String, sourceModule: String,
    runnerProduct: String, hints: [String], uses: [String] = []
  ) {
    self.chapter = chapter
    self.number = number
    self.function = function
    self.file = file
    self.directory = directory
    self.sourceModule = sourceModule
    self.runnerProduct = runnerProduct
    self.hints = hints
    self.uses = uses
  }

  /// `chapter.function`, such as `neurons.sigmoid`.
  public var id: String { "\(chapter).\(function)" }
  /// The stub's file relative to the package root, such as `Exercises/Neurons.swift`.
  public var path: String { "\(directory)/\(file)" }
  /// How the table and messages name it: `exercise 1 (sigmoid)`.
  public var title: String { "exercise \(number) (\(function))" }
}
