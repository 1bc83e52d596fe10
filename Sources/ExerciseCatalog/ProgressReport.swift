import Foundation

/// The table `course check` prints, or its JSON form.
public struct ProgressReport {
  let results: [(ExerciseEntry, ExerciseOutcome)]
  let packageRoot: URL?
  /// The remembered progress after this check, and before it.
  var progress = ExerciseProgress()
  var previous = ExerciseProgress()

  public init(
    results: [(ExerciseEntry, ExerciseOutcome)], packageRoot: URL?, progress: ExerciseProgress = ExerciseProgress(),
    previous: ExerciseProgress = ExerciseProgress()
  ) {
    self.results = results
    self.packageRoot = packageRoot
    self.progress = progress
    self.previous = previous
  }

  /// The most failed expectations shown after the first: one clear failure matters more than many.
  static let moreFailuresShown = 2

  private static func symbol(_ status: ExerciseOutcome.Status) -> String {
    switch status {
    case .passed: "✓"
    case .failed, .doesNotCompile: "✗"
    case .notAttempted: "·"
    case .waiting: "…"
    case .crashed: "!"
    case .timedOut: "⧗"
    }
  }

  /// ` at Exercises/<file>:<line> in <function>`, as much of it as is known.
  private static func place(_ outcome: ExerciseOutcome) -> String {
    (outcome.crashLocation.map { " at " + $0 } ?? "") + (outcome.crashFunction.map { " in " + $0 } ?? "")
  }

  /// What follows the status on an exercise's line.
  public static func detail(_ outcome: ExerciseOutcome, in entries: [ExerciseEntry] = ExerciseCatalog.all) -> String {
    switch outcome.status {
    case .failed: outcome.failures.first.map { ": " + $0 } ?? ""
    case .crashed: ": " + (outcome.crashMessage ?? "crashed") + place(outcome)
    case .timedOut:
      ": stopped after \(outcome.timeLimit.map { String(format: "%g", $0) } ?? "?") s" + place(outcome)
        + " (an endless loop? --timeout or COURSE_CHECK_TIMEOUT sets the limit)"
    case .waiting:
      " on " + (entries.first { $0.function == outcome.waitingOn }.map(\.title) ?? outcome.waitingOn ?? "an earlier exercise")
        + ", still a stub"
    case .doesNotCompile: ""
    case .passed, .notAttempted: ""
    }
  }

  /// The lines under an exercise's result: a few more failures, then what its code printed.
  public static func details(_ outcome: ExerciseOutcome, indent: String) -> [String] {
    var lines = outcome.failures.dropFirst().prefix(moreFailuresShown).map { indent + "also: " + $0 }
    let unshown = outcome.failures.count - 1 - moreFailuresShown
    if unshown > 0 { lines.append(indent + "and \(unshown) more failed expectation\(unshown == 1 ? "" : "s")") }
    if !outcome.printed.isEmpty {
      lines.append(indent + "your code printed:")
      lines += outcome.printed.map { indent + "| " + $0 }
      if outcome.printedLinesLeftOut > 0 { lines.append(indent + "| … \(outcome.printedLinesLeftOut) more lines") }
    }
    return lines
  }

  public var table: String {
    var lines: [String] = []
    var currentChapter = ""
    let width = results.map(\.0.function.count).max() ?? 10
    for (entry, outcome) in results {
      if entry.chapter != currentChapter {
        currentChapter = entry.chapter
        lines.append("")
        let compileError = outcome.status == .doesNotCompile ? outcome.crashMessage.map { " does not compile: " + $0 } : nil
        lines.append("Chapter \(entry.chapter)" + (compileError ?? ""))
      }
      let name = entry.function.padding(toLength: width, withPad: " ", startingAt: 0)
      let status = "\(Self.symbol(outcome.status)) \(outcome.status.rawValue)\(Self.detail(outcome))"
      lines.append("  \(entry.number). \(name)  \(status)")
      lines += Self.details(outcome, indent: String(repeating: " ", count: width + 8))
    }
    lines.append("")
    lines += summary
    return lines.joined(separator: "\n")
  }

  /// The progress bar, what passes now that did not before, and what to do next.
  private var summary: [String] {
    var lines: [String] = []
    let checkedPassed = results.filter { $0.1.status == .passed }.count
    let total = ExerciseCatalog.all.count
    let passedOverall = progress.passed.intersection(ExerciseCatalog.all.map(\.id)).count
    if results.count == total || progress.passed.isEmpty && previous.passed.isEmpty {
      lines.append("Progress: \(Self.bar(checkedPassed, of: results.count)) \(checkedPassed)/\(results.count) passed")
    } else {
      lines.append(
        "Progress: \(Self.bar(passedOverall, of: total)) \(passedOverall)/\(total) passed (\(checkedPassed)/\(results.count) of those checked now)")
    }
    let newlyPassed = results.filter { $0.1.status == .passed && !previous.passed.contains($0.0.id) }.map(\.0)
    if !newlyPassed.isEmpty, !previous.passed.isEmpty || newlyPassed.count < results.count {
      lines.append("Passes now: " + newlyPassed.map { "\($0.chapter) \($0.title)" }.joined(separator: ", ") + ". On to the next one.")
    }
    let next = results.first { $0.1.status != .passed }?.0 ?? progress.next()
    if let next {
      let source = packageRoot.flatMap { ExerciseSource(of: next, packageRoot: $0) }
      lines.append("Next: exercise \(next.number) of \(next.chapter), \(next.function)" + (source.map { " (\($0.location))" } ?? ""))
      if let hint = source?.hint { lines.append("Hint: " + hint) }
      let seen = progress.hintsSeen[next.id] ?? 0
      if seen < next.hints.count {
        lines.append("More help: swift run course hint \(next.id) (hint \(seen + 1) of \(next.hints.count))")
      }
    } else if !results.isEmpty {
      lines.append("Every exercise passes. Well done!")
    }
    return lines
  }

  /// A bar of 31 cells at most, `#` for what passed.
  static func bar(_ passed: Int, of total: Int) -> String {
    guard total > 0 else { return "[]" }
    let width = min(total, 31)
    let filled = passed * width / total
    return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
  }

  public var json: String {
    let items = results.map { entry, outcome -> [String: Any] in
      var fields: [String: Any] = [
        "id": entry.id, "chapter": entry.chapter, "status": outcome.status.rawValue, "failures": outcome.failures,
        "printed": outcome.printed,
      ]
      if let message = outcome.crashMessage { fields[outcome.status == .doesNotCompile ? "error" : "crash"] = message }
      if let location = outcome.crashLocation { fields["location"] = location }
      if let function = outcome.crashFunction { fields["function"] = function }
      if let waitingOn = outcome.waitingOn { fields["waitingOn"] = waitingOn }
      return fields
    }
    let passed = results.filter { $0.1.status == .passed }.count
    let object: [String: Any] = ["passed": passed, "total": results.count, "exercises": items]
    let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
