import ArgumentParser
import ExerciseCatalog
import Foundation

/// `course check [chapter | exercise]`: checks the learner's exercises and shows progress.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: help("Check your solutions in Exercises/ and show your progress.", "检查你在 Exercises/ 中的解答并显示进度。"),
    discussion: help(
      """
      Each chapter's checks are built on their own (a file that does not compile stops only its \
      chapter), and each exercise runs in its own process (a crash or an endless loop in one does \
      not stop the others). What your code prints is shown under its result.
      """,
      "每章的检查单独构建（无法编译的文件只影响它所在的章），每个练习在自己的进程中运行（一个练习崩溃或陷入死循环不会影响其他练习）。"
        + "你的代码打印的内容显示在它的结果下面。")
  )

  @Argument(help: ArgumentHelp(help(
    "Only this chapter (a slug such as neurons) or exercise (such as neurons.sigmoid).",
    "只检查这一章（短名，例如 neurons）或这个练习（例如 neurons.sigmoid）。")))
  var selection: String?

  @Option(help: ArgumentHelp(help(
    "Whose code to check: learner (Exercises/) or reference (the solutions).", "检查谁的代码：learner（Exercises/）或 reference（参考答案）。")))
  var implementation: Implementation = .learner

  @Option(help: ArgumentHelp(timeoutHelp))
  var timeout: Double?

  @Flag(help: ArgumentHelp(help("Print the results as JSON instead of a table.", "以 JSON 而不是表格打印结果。")))
  var json = false

  @OptionGroup var lang: LanguageOption

  mutating func validate() throws {
    try ExerciseChecking.validate(timeout: timeout, language: try lang.resolve())
  }

  mutating func run() throws {
    let language = try lang.resolve()
    let root = try requirePackageRoot()
    let entries = try ExerciseChecking.entries(selection, language: language)
    let checking = ExerciseChecking(
      packageRoot: root, implementation: implementation, timeLimit: timeout ?? ExerciseProcess.timeLimitFromEnvironment,
      showsStatus: !json && isatty(STDERR_FILENO) == 1, language: language)
    let results = try checking.check(entries)
    var progress = ExerciseProgress.load(from: root)
    let before = progress
    if implementation == .learner {
      for (entry, outcome) in results { progress.record(entry.id, passed: outcome.status == .passed) }
      if progress != before { try progress.save(to: root) }
    }
    let report = ProgressReport(results: results, packageRoot: root, progress: progress, previous: before, language: language)
    print(json ? report.json : report.table)
    let broken = results.contains { [.failed, .crashed, .timedOut, .doesNotCompile].contains($0.1.status) }
    if broken { throw ExitCode(1) }
  }
}

extension Implementation: ExpressibleByArgument {}
