import Foundation

/// The table `course check` prints, or its JSON form.
public struct ProgressReport {
  let results: [(ExerciseEntry, ExerciseOutcome)]
  let packageRoot: URL?
  /// The remembered progress after this check, and before it.
  var progress = ExerciseProgress()
  var previous = ExerciseProgress()
  /// The language of the table (the JSON form is always English: programs read it).
  var language = Language.english

  public init(
    results: [(ExerciseEntry, ExerciseOutcome)], packageRoot: URL?, progress: ExerciseProgress = ExerciseProgress(),
    previous: ExerciseProgress = ExerciseProgress(), language: Language = .english
  ) {
    self.results = results
    self.packageRoot = packageRoot
    self.progress = progress
    self.previous = previous
    self.language = language
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

  /// The status as the table words it: `not attempted`, `未尝试`.
  static func word(_ status: ExerciseOutcome.Status, in language: Language) -> String {
    guard language == .chinese else { return status.rawValue }
    return switch status {
    case .passed: "通过"
    case .failed: "未通过"
    case .notAttempted: "未尝试"
    case .waiting: "等待"
    case .crashed: "崩溃"
    case .timedOut: "超时"
    case .doesNotCompile: "无法编译"
    }
  }

  /// ` at Exercises/<file>:<line> in <function>`, as much of it as is known.
  private static func place(_ outcome: ExerciseOutcome, in language: Language) -> String {
    let location = outcome.crashLocation.map { language.text(" at " + $0, "，位于 " + $0) } ?? ""
    return location + (outcome.crashFunction.map { language.text(" in " + $0, "，函数 " + $0) } ?? "")
  }

  /// A crash's message: the runtime's own words as they are (`Fatal error: …`), the
  /// runner's `exit status 3` and `stopped by signal 9` in the table's language.
  static func crashMessage(_ message: String, in language: Language) -> String {
    guard language == .chinese else { return message }
    for (prefix, chinese) in [("exit status ", "退出状态为 "), ("stopped by signal ", "被信号 ")] where message.hasPrefix(prefix) {
      let number = message.dropFirst(prefix.count)
      guard !number.isEmpty, number.allSatisfy(\.isNumber) else { continue }
      return chinese + number + (prefix.hasPrefix("stopped") ? " 终止" : "")
    }
    return message
  }

  /// What follows the status on an exercise's line.
  public static func detail(
    _ outcome: ExerciseOutcome, in entries: [ExerciseEntry] = ExerciseCatalog.all, language: Language = .english
  ) -> String {
    let colon = language.text(": ", "：")
    switch outcome.status {
    case .failed: return outcome.failures.first.map { colon + $0 } ?? ""
    case .crashed:
      return colon + (outcome.crashMessage.map { crashMessage($0, in: language) } ?? word(.crashed, in: language))
        + place(outcome, in: language)
    case .timedOut:
      let seconds = outcome.timeLimit.map { String(format: "%g", $0) } ?? "?"
      return language.text(
        ": stopped after \(seconds) s" + place(outcome, in: language)
          + " (an endless loop? --timeout or COURSE_CHECK_TIMEOUT sets the limit)",
        "：运行 \(seconds) 秒后被停止" + place(outcome, in: language) + "（死循环？--timeout 或 COURSE_CHECK_TIMEOUT 可以设置时限）")
    case .waiting:
      let earlier = entries.first { $0.function == outcome.waitingOn }.map { $0.title(in: language) }
      return language.text(
        " on " + (earlier ?? outcome.waitingOn ?? "an earlier exercise") + ", still a stub",
        (earlier ?? outcome.waitingOn ?? "前面的一个练习") + "，它还没有实现")
    case .doesNotCompile, .passed, .notAttempted: return ""
    }
  }

  /// The lines under an exercise's result: a few more failures, then what its code printed.
  public static func details(_ outcome: ExerciseOutcome, indent: String, language: Language = .english) -> [String] {
    var lines = outcome.failures.dropFirst().prefix(moreFailuresShown).map { indent + language.text("also: ", "另外：") + $0 }
    let unshown = outcome.failures.count - 1 - moreFailuresShown
    if unshown > 0 {
      lines.append(
        indent + language.text("and \(unshown) more failed expectation\(unshown == 1 ? "" : "s")", "还有 \(unshown) 项预期未满足"))
    }
    if !outcome.printed.isEmpty {
      lines.append(indent + language.text("your code printed:", "你的代码输出了："))
      lines += outcome.printed.map { indent + "| " + $0 }
      if outcome.printedLinesLeftOut > 0 {
        lines.append(indent + "| " + language.text("… \(outcome.printedLinesLeftOut) more lines", "…… 还有 \(outcome.printedLinesLeftOut) 行"))
      }
    }
    return lines
  }

  public var table: String {
    var lines: [String] = []
    var currentChapter = ""
    let (exerciseLabel, resultLabel) = (language.text("exercise", "练习"), language.text("result", "结果"))
    // Display columns, not characters: a Chinese label takes two columns a character.
    let width = max(results.map(\.0.function.displayWidth).max() ?? 10, exerciseLabel.displayWidth)
    for (entry, outcome) in results {
      if entry.chapter != currentChapter {
        currentChapter = entry.chapter
        lines.append("")
        let compileError =
          outcome.status == .doesNotCompile
          ? outcome.crashMessage.map { language.text(" does not compile: ", " 无法编译：") + $0 } : nil
        lines.append(ExerciseCatalog.chapterHeading(entry.chapter, in: language) + (compileError ?? ""))
        lines.append("     " + exerciseLabel.padded(toDisplayWidth: width) + "  " + resultLabel)
      }
      let name = entry.function.padded(toDisplayWidth: width)
      let status = "\(Self.symbol(outcome.status)) \(Self.word(outcome.status, in: language))"
      lines.append("  \(entry.number). \(name)  \(status)\(Self.detail(outcome, language: language))")
      lines += Self.details(outcome, indent: String(repeating: " ", count: width + 8), language: language)
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
      let bar = Self.bar(checkedPassed, of: results.count)
      lines.append(language.text("Progress: \(bar) \(checkedPassed)/\(results.count) passed", "进度：\(bar) 已通过 \(checkedPassed)/\(results.count)"))
    } else {
      let bar = Self.bar(passedOverall, of: total)
      lines.append(
        language.text(
          "Progress: \(bar) \(passedOverall)/\(total) passed (\(checkedPassed)/\(results.count) of those checked now)",
          "进度：\(bar) 已通过 \(passedOverall)/\(total)（本次检查的 \(results.count) 个中通过 \(checkedPassed) 个）"))
    }
    let newlyPassed = results.filter { $0.1.status == .passed && !previous.passed.contains($0.0.id) }.map(\.0)
    if !newlyPassed.isEmpty, !previous.passed.isEmpty || newlyPassed.count < results.count {
      let names = newlyPassed.map { "\($0.chapter) \($0.title(in: language))" }
      lines.append(
        language.text(
          "Passes now: " + names.joined(separator: ", ") + ". On to the next one.",
          "新通过：" + names.joined(separator: "、") + "。继续下一个吧。"))
    }
    let next = results.first { $0.1.status != .passed }?.0 ?? progress.next()
    if let next {
      lines += guidance(to: next)
    } else if !results.isEmpty {
      lines.append(language.text("Every exercise passes. Well done!", "所有练习都已通过，干得漂亮！"))
    }
    return lines
  }

  /// Where the next exercise is, its hint (in Chinese also its task, since the stub's comment is English)
  /// and how to get more help.
  private func guidance(to next: ExerciseEntry) -> [String] {
    let source = packageRoot.flatMap { ExerciseSource(of: next, packageRoot: $0) }
    var lines: [String]
    switch language {
    case .english:
      lines = ["Next: exercise \(next.number) of \(next.chapter), \(next.function)" + (source.map { " (\($0.location))" } ?? "")]
      if let hint = source?.hint { lines.append("Hint: " + hint) }
    case .chinese:
      lines = ["下一个：\(next.chapter) 的练习 \(next.number)，\(next.function)" + (source.map { "（\($0.location)）" } ?? "")]
      if let chinese = next.chinese {
        lines.append(chinese.task.hanging(after: "任务："))
        lines.append("提示：" + chinese.hint)
      } else if let hint = source?.hint {
        lines.append("提示：" + hint)
      }
    }
    let seen = progress.hintsSeen[next.id] ?? 0
    if seen < next.hints.count {
      lines.append(
        language.text(
          "More help: swift run course hint \(next.id) (hint \(seen + 1) of \(next.hints.count))",
          "更多帮助：swift run course hint \(next.id) --lang zh（第 \(seen + 1) 条提示，共 \(next.hints.count) 条）"))
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
