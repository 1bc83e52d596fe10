import ArgumentParser
import ExerciseCatalog
import Foundation

/// `course hint [exercise]`: the next hint of an exercise, from a nudge to nearly the answer.
struct HintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hint",
    abstract: "Show the next hint for an exercise (default: the first one not passed yet).",
    discussion: "Each exercise has a few hints, from a nudge to nearly the answer; each call shows the next one."
  )

  @Argument(help: "The exercise, such as neurons.sigmoid or sigmoid (default: your next exercise).")
  var exercise: String?

  @Flag(help: "Start this exercise's hints from the first again.")
  var reset = false

  mutating func run() throws {
    let root = try requirePackageRoot()
    var progress = ExerciseProgress.load(from: root)
    guard let entry = try exercise.map(Self.entry) ?? progress.next() else {
      print("Every exercise passes; name one to see its hints, such as: swift run course hint neurons.sigmoid")
      return
    }
    if reset { progress.hintsSeen[entry.id] = 0 }
    let seen = progress.hintsSeen[entry.id] ?? 0
    print(Self.text(for: entry, seen: seen))
    progress.hintsSeen[entry.id] = min(seen + 1, entry.hints.count)
    try progress.save(to: root)
  }

  static func entry(_ name: String) throws -> ExerciseEntry {
    guard let entry = ExerciseCatalog.entry(named: name) else {
      throw CourseToolError("unknown exercise '\(name)'; name one as chapter.function, such as neurons.sigmoid (see course check)")
    }
    return entry
  }

  /// The hint after the `seen` ones already shown, or the last one again with where the solution is.
  static func text(for entry: ExerciseEntry, seen: Int) -> String {
    let header = "\(entry.chapter), \(entry.title), \(entry.path):"
    guard !entry.hints.isEmpty else { return header + " this exercise has no hints." }
    let index = min(seen, entry.hints.count - 1)
    var lines = [header]
    let earlier = entry.uses.compactMap { used in ExerciseCatalog.all.first { $0.chapter == entry.chapter && $0.function == used } }
    if !earlier.isEmpty { lines.append("It builds on " + earlier.map(\.title).joined(separator: " and ") + ": solve that first.") }
    lines.append("Hint \(index + 1) of \(entry.hints.count): " + entry.hints[index])
    if index + 1 < entry.hints.count {
      lines.append("(run course hint again for the next one)")
    } else {
      lines.append("That was the last hint; the reference solution is in Sources/ExerciseSolutions/\(entry.file).")
    }
    return lines.joined(separator: "\n")
  }
}
