import ArgumentParser
import ExerciseCatalog
import Foundation
import Literate

/// `course list`: the chapters, whether they are written, and their last run.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: help("List the chapters with their exercises and last run.", "列出各章及其练习和上次运行。"))

  @OptionGroup var lang: LanguageOption

  mutating func validate() throws {
    _ = try lang.resolve()
  }

  mutating func run() throws {
    let language = try lang.resolve()
    let root = try requirePackageRoot()
    print(Self.table(root: root, progress: ExerciseProgress.load(from: root), language: language))
  }

  /// One line per chapter, then the exercises passed and the next one.
  static func table(root: URL, progress: ExerciseProgress, language: Language) -> String {
    let columns = [
      language.text("chapter", "章节"), language.text("title", "标题"), language.text("exercises", "练习"), language.text("last run", "上次运行"),
    ]
    let widths = [15, 32, 9]
    // Display columns, not characters: a Chinese title takes two columns a character.
    func row(_ number: String, _ cells: [String]) -> String {
      "  \(number)  " + zip(cells, widths).map { $0.padded(toDisplayWidth: $1) }.joined(separator: " ") + "  " + cells[3]
    }
    var lines = [row("#", columns)]
    for chapter in ChapterEntry.all {
      let ids = ExerciseCatalog.all.filter { $0.chapter == chapter.slug }.map(\.id)
      let exercises = ids.isEmpty ? "0" : "\(ids.filter(progress.passed.contains).count)/\(ids.count) ✓"
      let title = language.text(chapter.title, ExerciseCatalog.chineseChapterTitles[chapter.slug] ?? chapter.title)
      lines.append(row("\(chapter.number)", [chapter.slug, title, exercises, lastRun(of: chapter, root: root, language: language)]))
    }
    let passed = progress.passed.intersection(ExerciseCatalog.all.map(\.id)).count
    let total = ExerciseCatalog.all.count
    let next = progress.next().map { entry in
      language.text(
        "; next: \(entry.chapter) \(entry.title), swift run course check \(entry.chapter)",
        "；下一个：\(entry.chapter) \(entry.title(in: language))，swift run course check \(entry.chapter)")
    } ?? ""
    lines.append("")
    lines.append(language.text("Exercises passed at their last check: \(passed)/\(total)", "上次检查时已通过的练习：\(passed)/\(total)") + next)
    return lines.joined(separator: "\n")
  }

  /// The last run's headline figure (`test_accuracy 0.8772`), or why there is none.
  private static func lastRun(of chapter: ChapterEntry, root: URL, language: Language) -> String {
    guard chapter.isWritten(in: root) else { return language.text("not written yet", "尚未写成") }
    let metricsURL = chapter.outputDirectory(in: root).appendingPathComponent("metrics.json")
    guard let metrics = try? MetricsFile(contentsOf: metricsURL) else {
      return language.text("never run: course run \(chapter.slug)", "从未运行：course run \(chapter.slug)")
    }
    let quick = metrics.value(at: "quick") as? Bool == true ? language.text(" (quick)", "（快速运行）") : ""
    let headline = ["test_accuracy", "val_bpc"].compactMap { key in
      metrics.formatted(key, format: ".4f").map { "\(key) \($0)" }
    }.first ?? language.text("done", "已完成")
    return headline + quick
  }
}

/// `course run <chapter> [flags]`: builds the chapter in release mode and runs it.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: help("Build a chapter in release mode and run it with the given flags.", "以 release 模式构建一章并带着给定的选项运行它。"),
    discussion: help(
      "Example: course run neurons --quick. The chapter's own flags are listed by course run <chapter> --help.",
      "例如：course run neurons --quick。各章自己的选项由 course run <章节> --help 列出。"))

  @Argument(help: ArgumentHelp(help("The chapter's slug (see course list).", "章节的短名（见 course list）。")))
  var chapter: String

  @Argument(parsing: .captureForPassthrough, help: ArgumentHelp(help("Flags passed to the chapter.", "传给该章的选项。")))
  var flags: [String] = []

  mutating func run() throws {
    let root = try requirePackageRoot()
    let entry = try ChapterEntry.named(chapter)
    guard entry.isWritten(in: root) else {
      throw CourseToolError(help(
        "chapter \(entry.number) (\(entry.slug)) is not written yet; see course list", "第 \(entry.number) 章（\(entry.slug)）尚未写成；见 course list"))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "run", "--package-path", root.path, "-c", "release", entry.slug] + flags
    try process.run()
    process.waitUntilExit()
    if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
  }
}

/// `course lint [chapter]`: checks chapter texts against sources and last runs.
struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: help(
      "Check chapter texts: includes, metric placeholders, figures, section links and article quotes.",
      "检查各章文本：包含的代码、指标占位符、图、章节链接和文章引文。"),
    discussion: help(
      "See Chapters/README.md for the conventions. Problems are printed as file:line: message.",
      "约定见 Chapters/README.md。问题按 文件:行: 说明 的格式打印。"))

  @Argument(help: "Only this chapter (default: every written chapter).")
  var chapter: String?

  @Option(help: "The chapter's output folder (default: .build/course/<chapter>, or .build/course-quick/<chapter> with --quick).")
  var out: String?

  @Flag(help: "Check against the last quick run, as course site --quick does (a full check refuses a quick run's metrics).")
  var quick = false

  mutating func run() throws {
    let root = try requirePackageRoot()
    let chapters = try chapter.map { [try ChapterEntry.named($0)] } ?? ChapterEntry.all.filter { $0.isWritten(in: root) }
    var problems = 0
    let articles = ArticleSources.locate(packageRoot: root)
    if articles == nil { print(ArticleSources.notFoundNote) }
    for entry in chapters {
      guard entry.isWritten(in: root) else { throw CourseToolError("chapter \(entry.slug) is not written yet") }
      let lint = ChapterLint(
        chapterDirectory: entry.directory(in: root), packageRoot: root,
        outputDirectory: out.map { URL(fileURLWithPath: $0) } ?? entry.outputDirectory(in: root, quick: quick),
        acceptsQuickRun: quick, expectedTitle: entry.title, articlesDirectory: articles)
      // The Chinese text, when there is one, is checked with it and against it (Chapters/README.md, "The Chinese edition").
      let report = lint.issuesWithTranslation()
      let issues = report.issues
      for issue in issues { print(issue) }
      for note in report.notes { print("note: " + note) }
      problems += issues.count
      if issues.isEmpty { print("\(entry.slug): ok") }
    }
    if problems > 0 { throw ExitCode(1) }
  }
}
