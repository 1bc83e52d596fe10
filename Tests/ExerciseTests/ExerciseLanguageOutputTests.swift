import ExerciseCatalog
import Foundation
import Testing

/// Runs the `course` executable built next to this test bundle with exactly the locale variables
/// given (none of this machine's), and returns its exit status, standard output and standard error.
func runCourse(_ arguments: [String], locale: [String: String] = [:], in directory: URL) throws -> (
  status: Int32, output: String, errors: String
) {
  let process = Process()
  process.executableURL = binaryDirectory.appendingPathComponent("course")
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES", "LANG"].contains($0.key) }
  environment.merge(locale) { _, new in new }
  process.environment = environment
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, text, String(decoding: errorData, as: UTF8.self))
}

/// What `course check`, `hint` and `watch` print in Chinese, and how they choose it.
@Suite("Exercise output in Chinese")
struct ExerciseLanguageOutputTests {
  private let sigmoid = ExerciseCatalog.entry(named: "neurons.sigmoid")!

  /// A folder that `course` takes for the package (it runs no build for `hint`), removed by `body`'s end.
  private func withCourseFolder(_ body: (URL) throws -> Void) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("course-language-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
    try "".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    try body(root)
  }

  @Test("`course hint` speaks Chinese with --lang zh or a Chinese locale, English with --lang en or LC_ALL=C")
  func hintFollowsTheLanguage() throws {
    try withCourseFolder { root in
      let chinese = sigmoid.chinese!
      for (arguments, locale) in [(["--lang", "zh"], [:]), ([], ["LANG": "zh_CN.UTF-8"]), ([], ["LC_MESSAGES": "zh_CN.UTF-8"])] {
        let hint = try runCourse(["hint", "neurons.sigmoid", "--reset"] + arguments, locale: locale, in: root)
        #expect(hint.status == 0)
        #expect(hint.output.contains("neurons，练习 1（sigmoid），Exercises/Neurons.swift："), "\(hint.output)")
        #expect(hint.output.contains(chinese.task.hanging(after: "任务：")))
        #expect(hint.output.contains("提示 1（共 3 条）：" + chinese.hints[0]), "\(arguments) \(locale): \(hint.output)")
      }
      for (arguments, locale) in [(["--lang", "en"], ["LANG": "zh_CN.UTF-8"]), ([], ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"])] {
        let hint = try runCourse(["hint", "neurons.sigmoid", "--reset"] + arguments, locale: locale, in: root)
        #expect(hint.output.contains("Hint 1 of 3: " + sigmoid.hints[0]), "\(arguments) \(locale): \(hint.output)")
      }
      let unknown = try runCourse(["check", "nonsense", "--lang", "zh"], in: root)
      #expect(unknown.status != 0)
      #expect(unknown.errors.contains("没有名为 'nonsense' 的章节或练习"), "\(unknown.errors)")
    }
  }

  @Test("`course list` speaks the learner's language: headers, titles, the runs' state and the next exercise")
  func listFollowsTheLanguage() throws {
    try withCourseFolder { root in
      var progress = ExerciseProgress()
      progress.record("neurons.sigmoid", passed: true)
      progress.record("neurons.sigmoidDerivative", passed: true)
      try progress.save(to: root)
      let total = ExerciseCatalog.all.count
      for (arguments, locale) in [(["--lang", "zh"], [:]), ([], ["LANG": "zh_CN.UTF-8"])] {
        let listed = try runCourse(["list"] + arguments, locale: locale, in: root)
        #expect(listed.status == 0)
        let lines = listed.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("章节") == true && lines.first?.contains("上次运行") == true, "\(listed.output)")
        #expect(lines.contains { $0.contains("neurons") && $0.contains("神经元") && $0.contains("2/5 ✓") && $0.contains("尚未写成") })
        #expect(listed.output.contains("上次检查时已通过的练习：2/\(total)；下一个：neurons 练习 3（neuronOutput），swift run course check neurons"))
        #expect(!listed.output.contains("not written") && !listed.output.contains("Exercises passed"), "\(listed.output)")
      }
      let english = try runCourse(["list", "--lang", "en"], locale: ["LANG": "zh_CN.UTF-8"], in: root).output
      #expect(english.contains("Exercises passed at their last check: 2/\(total); next: neurons exercise 3 (neuronOutput)"))
      #expect(english.contains("not written yet") && !english.contains("神经元"), "\(english)")
    }
  }

  @Test("`--help` of the learner's commands is in Chinese with a Chinese locale or --lang zh, in English otherwise")
  func helpFollowsTheLanguage() throws {
    try withCourseFolder { root in
      for (arguments, locale) in [(["check", "--help"], ["LANG": "zh_CN.UTF-8"]), (["check", "--lang", "zh", "--help"], [:])] {
        let help = try runCourse(arguments, locale: locale, in: root).output
        #expect(help.contains("检查你在 Exercises/ 中的解答并显示进度。"), "\(help)")
        #expect(help.contains("输出的语言：en 或 zh") && help.contains("一个练习在被停止之前最多可以运行的秒数"), "\(help)")
      }
      let english = try runCourse(["check", "--help"], locale: ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"], in: root).output
      #expect(english.contains("Check your solutions in Exercises/ and show your progress.") && !english.contains("检查"), "\(english)")
      for command in ["hint", "watch", "list", "lint", "run", "site"] {
        let help = try runCourse([command, "--help"], locale: ["LANG": "zh_CN.UTF-8"], in: root).output
        #expect(help.range(of: #"\p{Han}"#, options: .regularExpression) != nil, "\(command): \(help)")
      }
    }
  }

  @Test("A bad --lang is refused in one line that names the flag and the values it takes, before anything runs")
  func badLanguageIsRefused() throws {
    try withCourseFolder { root in
      for command in ["check", "hint", "watch"] {
        let refused = try runCourse([command, "--lang", "fr"], locale: ["LANG": "zh_CN.UTF-8"], in: root)
        #expect(refused.status != 0, "\(command)")
        #expect(refused.output.isEmpty, "\(command) printed \(refused.output)")
        let lines = refused.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(command): \(refused.errors)")
        #expect(lines.first?.contains("--lang must be en or zh, not 'fr'") == true, "\(command): \(refused.errors)")
        // Nothing was remembered: hint did not record a hint as seen.
        #expect(!FileManager.default.fileExists(atPath: ExerciseProgress.file(in: root).path))
      }
    }
  }

  @Test("The Chinese table words every status, guides to the next exercise with its task and hint in Chinese")
  func chineseTable() throws {
    let root = try #require(ExerciseSource.packageRoot())
    let entries = ExerciseCatalog.all.filter { $0.chapter == "neurons" }
    var failed = ExerciseOutcome(status: .failed)
    failed.failures = ["one", "two", "three", "four"]
    var waiting = ExerciseOutcome(status: .waiting)
    waiting.waitingOn = "sigmoid"
    var crashed = ExerciseOutcome(status: .crashed)
    (crashed.crashMessage, crashed.crashLocation) = ("Fatal error: Index out of range", "Exercises/Neurons.swift:40")
    let outcomes = [ExerciseOutcome(status: .passed), failed, waiting, crashed, .timedOut(after: 20)]
    let table = ProgressReport(results: Array(zip(entries, outcomes)), packageRoot: root, language: .chinese).table
    #expect(table.contains("第 1 章 神经元（neurons）\n"))
    for expected in [
      "✓ 通过", "✗ 未通过：one", "另外：two", "还有 1 项预期未满足", "… 等待练习 1（sigmoid），它还没有实现",
      "! 崩溃：Fatal error: Index out of range，位于 Exercises/Neurons.swift:40", "⧗ 超时：运行 20 秒后被停止", "进度：[#....] 已通过 1/5",
      "下一个：neurons 的练习 2，sigmoidDerivative（Exercises/Neurons.swift:", entries[1].chinese!.task.hanging(after: "任务："),
      "提示：" + entries[1].chinese!.hint, "更多帮助：swift run course hint neurons.sigmoidDerivative --lang zh（第 1 条提示，共 3 条）",
    ] {
      #expect(table.contains(expected), "missing \(expected) in\n\(table)")
    }
    #expect(!table.contains("passed") && !table.contains("Next:") && !table.contains("Hint:"), "\(table)")
  }

  @Test("The runner's own crash words are Chinese in a Chinese table; the runtime's message stays as it said it")
  func crashWords() {
    var crashed = ExerciseOutcome(status: .crashed)
    for (message, chinese) in [
      ("exit status 3", "退出状态为 3"), ("stopped by signal 9", "被信号 9 终止"), ("Fatal error: Index out of range", "Fatal error: Index out of range"),
      ("exit status ", "exit status "),
    ] {
      crashed.crashMessage = message
      #expect(ProgressReport.detail(crashed, language: .chinese) == "：" + chinese)
      #expect(ProgressReport.detail(crashed, language: .english) == ": " + message)
    }
  }

  @Test("Columns stay aligned in display width: the Chinese header's result column starts where the statuses do")
  func chineseColumnsAlign() throws {
    let entries = ExerciseCatalog.all.filter { $0.chapter == "backprop" }
    for language in Language.allCases {
      let results = entries.map { ($0, ExerciseOutcome(status: .notAttempted)) }
      let lines = ProgressReport(results: results, packageRoot: nil, language: language).table.split(separator: "\n").map(String.init)
      let label = language.text("result", "结果")
      let header = try #require(lines.first { $0.hasSuffix(label) })
      let resultColumn = String(header.dropLast(label.count)).displayWidth
      let rows = lines.filter { $0.contains("· ") }
      #expect(rows.count == entries.count)
      for row in rows {
        let statusColumn = String(row[..<row.range(of: "· ")!.lowerBound]).displayWidth
        #expect(statusColumn == resultColumn, "\(language): \(header) / \(row)")
      }
    }
  }
}
