import ExerciseChecks
import Foundation

/// The table `course check` prints, or its JSON form.
struct ProgressReport {
  let results: [(Exercise, ExerciseOutcome)]
  let packageRoot: URL?

  private func symbol(_ status: ExerciseOutcome.Status) -> String {
    switch status {
    case .passed: "✓"
    case .failed: "✗"
    case .notAttempted: "·"
    case .crashed: "!"
    case .timedOut: "⧗"
    }
  }

  private func detail(_ outcome: ExerciseOutcome) -> String {
    switch outcome.status {
    case .failed: outcome.failures.first.map { ": " + $0 } ?? ""
    case .crashed:
      ": " + (outcome.crashMessage ?? "crashed") + (outcome.crashLocation.map { " at " + $0 } ?? "")
    case .timedOut: ": still running after 60 s (an endless loop?)"
    default: ""
    }
  }

  var table: String {
    var lines: [String] = []
    var currentChapter = ""
    let width = results.map(\.0.function.count).max() ?? 10
    for (exercise, outcome) in results {
      if exercise.chapter != currentChapter {
        currentChapter = exercise.chapter
        lines.append("")
        lines.append("Chapter \(exercise.chapter)")
      }
      let name = exercise.function.padding(toLength: width, withPad: " ", startingAt: 0)
      lines.append("  \(exercise.number). \(name)  \(symbol(outcome.status)) \(outcome.status.rawValue)\(detail(outcome))")
      for failure in outcome.failures.dropFirst() { lines.append(String(repeating: " ", count: width + 8) + "  also: " + failure) }
    }
    let passed = results.filter { $0.1.status == .passed }.count
    lines.append("")
    lines.append("Progress: \(passed)/\(results.count) passed")
    if let next = results.first(where: { $0.1.status != .passed }) {
      let source = packageRoot.flatMap { ExerciseSource(of: next.0, packageRoot: $0) }
      lines.append("Next: exercise \(next.0.number) of \(next.0.chapter), \(next.0.function)" + (source.map { " (\($0.location))" } ?? ""))
      if let hint = source?.hint { lines.append("Hint: " + hint) }
    } else if !results.isEmpty {
      lines.append("Every exercise passes. Well done!")
    }
    return lines.joined(separator: "\n")
  }

  var json: String {
    func quote(_ text: String) -> String {
      let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
      return data.map { String(decoding: $0, as: UTF8.self).dropFirst().dropLast() }.map(String.init) ?? "\"\""
    }
    let items = results.map { exercise, outcome in
      var fields = [
        "\"id\": \(quote(exercise.id))", "\"chapter\": \(quote(exercise.chapter))",
        "\"status\": \(quote(outcome.status.rawValue))",
        "\"failures\": [" + outcome.failures.map(quote).joined(separator: ", ") + "]",
      ]
      if let message = outcome.crashMessage { fields.append("\"crash\": \(quote(message))") }
      if let location = outcome.crashLocation { fields.append("\"location\": \(quote(location))") }
      return "{" + fields.joined(separator: ", ") + "}"
    }
    let passed = results.filter { $0.1.status == .passed }.count
    return "{\"passed\": \(passed), \"total\": \(results.count), \"exercises\": [" + items.joined(separator: ", ") + "]}"
  }
}
