import Foundation

/// What the learner's stub file says about an exercise: where its function
/// is, the hint in its doc comment, and which function holds a given line.
public struct ExerciseSource: Sendable {
  /// `Exercises/<file>:<line>` of the function's declaration.
  public let location: String
  /// The doc comment's `Hint:` paragraph, if any.
  public let hint: String?
  /// The doc comment before its hint, without `Exercise N —`: the task, its lines joined, paragraphs kept.
  public let task: String
  /// The line of every top-level `func` declaration in the file, with its name, in order.
  let declarations: [(line: Int, name: String)]

  /// Reads the stub of `entry` under `packageRoot`.
  public init?(of entry: ExerciseEntry, packageRoot: URL) {
    let url = packageRoot.appendingPathComponent(entry.path)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
    let lines = text.components(separatedBy: "\n")
    declarations = lines.enumerated().compactMap { index, line in
      guard let range = line.range(of: #"^(public |internal |private )?func [A-Za-z0-9_]+"#, options: .regularExpression)
      else { return nil }
      let name = line[range].split(separator: " ").last.map(String.init) ?? ""
      return (index + 1, name)
    }
    guard let declaration = lines.firstIndex(where: { $0.contains("func \(entry.function)(") }) else { return nil }
    location = "\(entry.path):\(declaration + 1)"
    var comment: [String] = []
    var index = declaration - 1
    while index >= 0, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
      comment.insert(lines[index].trimmingCharacters(in: .whitespaces).dropFirst(3).trimmingCharacters(in: .whitespaces), at: 0)
      index -= 1
    }
    // The hint runs from "Hint:" to the end of its paragraph; the task is what comes before it.
    let hintStart = comment.firstIndex { $0.hasPrefix("Hint:") }
    task = comment[..<(hintStart ?? comment.endIndex)].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
      .replacingOccurrences(of: #"^Exercise [0-9]+ — "#, with: "", options: .regularExpression)
    if let start = hintStart {
      let paragraph = comment[start...].prefix { !$0.isEmpty }
      hint = paragraph.joined(separator: " ").dropFirst("Hint:".count).trimmingCharacters(in: .whitespaces)
    } else {
      hint = nil
    }
  }

  /// The function whose body holds `line`: the last declaration at or above it.
  public func function(containing line: Int) -> String? {
    declarations.last { $0.line <= line }?.name
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
