import Foundation

/// What the learner's stub file says about an exercise: where its function
/// is and the hint in its doc comment.
public struct ExerciseSource {
  /// `Exercises/<file>:<line>` of the function's declaration.
  public let location: String
  /// The doc comment's `Hint:` paragraph, if any.
  public let hint: String?

  /// Reads the stub of `exercise` from the `Exercises` folder under `packageRoot`.
  public init?(of exercise: Exercise, packageRoot: URL) {
    let url = packageRoot.appendingPathComponent("Exercises").appendingPathComponent(exercise.file)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
    let lines = text.components(separatedBy: "\n")
    guard let declaration = lines.firstIndex(where: { $0.contains("func \(exercise.function)(") }) else { return nil }
    location = "Exercises/\(exercise.file):\(declaration + 1)"
    var comment: [String] = []
    var index = declaration - 1
    while index >= 0, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
      comment.insert(lines[index].trimmingCharacters(in: .whitespaces).dropFirst(3).trimmingCharacters(in: .whitespaces), at: 0)
      index -= 1
    }
    // The hint runs from "Hint:" to the end of its paragraph.
    if let start = comment.firstIndex(where: { $0.hasPrefix("Hint:") }) {
      let paragraph = comment[start...].prefix { !$0.isEmpty }
      hint = paragraph.joined(separator: " ").dropFirst("Hint:".count).trimmingCharacters(in: .whitespaces)
    } else {
      hint = nil
    }
  }

  /// The folder holding `Package.swift` and `Exercises/`, searched upwards from the working directory.
  public static func packageRoot() -> URL? {
    var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    while true {
      let manifest = directory.appendingPathComponent("Package.swift")
      let exercises = directory.appendingPathComponent("Exercises")
      if FileManager.default.fileExists(atPath: manifest.path), FileManager.default.fileExists(atPath: exercises.path) {
        return directory
      }
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path { return nil }
      directory = parent
    }
  }
}
