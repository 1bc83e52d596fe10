import ArgumentParser
import ExerciseCatalog
import Foundation
import Literate

/// `course list`: the chapters, whether they are written, and their last run.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the chapters with their exercises and last run.")

  mutating func run() throws {
    let root = try requirePackageRoot()
    let progress = ExerciseProgress.load(from: root)
    print("  #  chapter         title                            exercises  last run")
    for chapter in ChapterEntry.all {
      let ids = ExerciseCatalog.all.filter { $0.chapter == chapter.slug }.map(\.id)
      let exercises = ids.isEmpty ? "0" : "\(ids.filter(progress.passed.contains).count)/\(ids.count) ✓"
      let metricsURL = chapter.outputDirectory(in: root).appendingPathComponent("metrics.json")
      let lastRun: String
      if !chapter.isWritten(in: root) {
        lastRun = "not written yet"
      } else if let metrics = try? MetricsFile(contentsOf: metricsURL) {
        let quick = metrics.value(at: "quick") as? Bool == true ? " (quick)" : ""
        let headline = ["test_accuracy", "val_bpc"].compactMap { key in
          metrics.formatted(key, format: ".4f").map { "\(key) \($0)" }
        }.first ?? "done"
        lastRun = headline + quick
      } else {
        lastRun = "never run: course run \(chapter.slug)"
      }
      let title = chapter.title.padding(toLength: 32, withPad: " ", startingAt: 0)
      let slug = chapter.slug.padding(toLength: 15, withPad: " ", startingAt: 0)
      print("  \(chapter.number)  \(slug) \(title) \(exercises.padding(toLength: 9, withPad: " ", startingAt: 0))  \(lastRun)")
    }
    let passed = progress.passed.intersection(ExerciseCatalog.all.map(\.id)).count
    let next = progress.next().map { "; next: \($0.chapter) \($0.title), swift run course check \($0.chapter)" } ?? ""
    print("\nExercises passed at their last check: \(passed)/\(ExerciseCatalog.all.count)\(next)")
  }
}

/// `course run <chapter> [flags]`: builds the chapter in release mode and runs it.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Build a chapter in release mode and run it with the given flags.",
    discussion: "Example: course run neurons --quick. The chapter's own flags are listed by course run <chapter> --help.")

  @Argument(help: "The chapter's slug (see course list).")
  var chapter: String

  @Argument(parsing: .captureForPassthrough, help: "Flags passed to the chapter.")
  var flags: [String] = []

  mutating func run() throws {
    let root = try requirePackageRoot()
    let entry = try ChapterEntry.named(chapter)
    guard entry.isWritten(in: root) else {
      throw CourseToolError("chapter \(entry.number) (\(entry.slug)) is not written yet; see course list")
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
    commandName: "lint", abstract: "Check chapter texts: includes, metric placeholders, figures, section links and article quotes.",
    discussion: "See Chapters/README.md for the conventions. Problems are printed as file:line: message.")

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
