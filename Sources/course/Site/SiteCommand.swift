import ArgumentParser
import ExerciseCatalog
import Foundation
import Literate
import SiteGenerator

/// `course site`: runs the chapters whose sources changed, then builds the website.
struct SiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "site", abstract: help("Build the course website (running the chapters that need it).", "构建课程网站（先运行需要重新运行的章节）。"),
    discussion: """
      Each written chapter runs again only when its sources, the core libraries or the flags \
      changed since its last run; then every page is rendered into the output folder \
      (default .build/site). Open index.html from there: the site works offline, from file://.
      With --quick, a preview from quick runs, in folders of its own.
      """)

  @Flag(help: """
    Build a preview from quick chapter runs (seconds each; for checking the pages, not for reading them): \
    the runs go to .build/course-quick, the site to .build/site-quick with a banner on every page, \
    and the full runs in .build/course are left as they are.
    """)
  var quick = false

  @Option(help: "Where to write the site (default: .build/site, or .build/site-quick with --quick).")
  var out: String?

  /// For tests: run the chapters' executables from this folder instead of `swift run -c release`
  /// (a `swift run` inside `swift test` would wait for the build folder the tests hold).
  @Option(name: .customLong("chapter-executables"), help: .hidden)
  var chapterExecutables: String?

  @Flag(name: .customLong("no-run"), help: "Do not run any chapter: render from the last runs as they are.")
  var noRun = false

  @Flag(help: "Also generate the core's API reference with DocC (slow: a minute or more) and link it.")
  var api = false

  @Flag(help: "Print how long each step of the site build took.")
  var timings = false

  @Flag(
    name: .customLong("compare-pytorch"),
    help: ArgumentHelp(
      "Run the chapters with --compare-pytorch: each times one epoch of its workload with PyTorch beside its own, "
        + "on this machine (needs Debian's python3-torch and the peers' scripts)."))
  var comparePyTorch = false

  mutating func run() throws {
    let root = try requirePackageRoot()
    let start = Date()
    let chapters = ChapterEntry.all.map { SiteChapter(number: $0.number, slug: $0.slug, title: $0.title) }
    var configuration = SiteConfiguration(
      packageRoot: root, chapters: chapters, outputDirectory: out.map { URL(fileURLWithPath: $0) }, preview: quick)
    configuration.articlesDirectory = ArticleSources.locate(packageRoot: root)
    if configuration.articlesDirectory == nil { print(ArticleSources.notFoundNote) }
    if !noRun {
      try runStaleChapters(configuration: configuration)
    }
    let apiStart = Date()
    if api {
      configuration.apiDirectory = try APIReference(packageRoot: root).generate()
      print("API reference generated in \(String(format: "%.1f", Date().timeIntervalSince(apiStart))) s")
    } else {
      let previous = root.appendingPathComponent(".build/site-api")
      if FileManager.default.fileExists(atPath: previous.path) { configuration.apiDirectory = previous }
    }
    // The API reference page comes from the last symbol graph, whenever there is one.
    let graph = root.appendingPathComponent(".build/site-symbols/graphs/Autograd.symbols.json")
    if FileManager.default.fileExists(atPath: graph.path) { configuration.symbolGraph = graph }
    // What `course check` remembered, once the learner has checked anything.
    let progress = ExerciseProgress.load(from: root)
    if !progress.passed.isEmpty {
      for chapter in ExerciseCatalog.chapters {
        let ids = ExerciseCatalog.all.filter { $0.chapter == chapter }.map(\.id)
        configuration.exerciseProgress[chapter] = ExerciseCount(passed: ids.filter(progress.passed.contains).count, total: ids.count)
      }
    }
    let renderStart = Date()
    let report: SiteBuildReport
    do {
      report = try SiteBuilder(configuration).build()
    } catch let error as SiteBuildError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode(1)
    }
    let seconds = Date().timeIntervalSince(renderStart)
    let coming = report.comingChapters.isEmpty ? "" : "; coming: \(report.comingChapters.joined(separator: ", "))"
    let rendered = report.renderedChapters.isEmpty ? "" : " (\(report.renderedChapters.joined(separator: ", ")))"
    let total = Date().timeIntervalSince(start)
    let extras = [noRun ? nil : "checking the chapter runs", api ? "the API reference" : nil].compactMap { $0 }
    let withRuns = extras.isEmpty ? "" : String(format: " (%.1f s in all, with ", total) + extras.joined(separator: " and ") + ")"
    print("""
      \(quick ? "preview (quick runs, not for reading): " : "site: ")\(report.indexPage.path)
      \(report.pageCount) pages, \(Self.bytes(report.totalBytes)) in all; \(report.filesWritten) files written, \
      \(report.formulasRendered) formulas rendered
      chapters: \(report.renderedChapters.count) re-rendered\(rendered), \(report.reusedChapters.count) reused unchanged\(coming)
      built in \(String(format: "%.2f", seconds)) s\(withRuns)
      """)
    for note in report.notes { print("note: " + note) }
    if timings {
      for phase in report.phases {
        print("  " + phase.name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%6.3f s", phase.seconds))
      }
    }
  }

  /// Runs every written chapter whose stamp is stale, in release mode.
  private func runStaleChapters(configuration: SiteConfiguration) throws {
    // A changed flag makes every chapter's stamp stale: the runs are redone with it, or without it again.
    let flags = (quick ? ["--quick"] : []) + (comparePyTorch ? ["--compare-pytorch"] : [])
    for chapter in configuration.chapters where configuration.isWritten(chapter) {
      let stamp = ChapterRunStamp(chapter: chapter, configuration: configuration, flags: flags)
      guard stamp.isStale else { continue }
      print("running chapter \(chapter.number) (\(chapter.slug))\(flags.map { " " + $0 }.joined())…")
      // Always an explicit --out: quick runs and full runs each have their own folder.
      let arguments = flags + ["--out", configuration.runDirectory(chapter).path]
      let process = Process()
      if let chapterExecutables {
        // Executables already built (the tests' debug build): no nested `swift run`.
        process.executableURL = URL(fileURLWithPath: chapterExecutables).appendingPathComponent(chapter.slug)
        process.arguments = arguments
      } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "run", "--package-path", configuration.packageRoot.path, "-c", "release", chapter.slug] + arguments
      }
      try process.run()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw CourseToolError("chapter \(chapter.slug) failed (exit \(process.terminationStatus)); the site was not built")
      }
      try stamp.record()
    }
  }

  static func bytes(_ count: Int) -> String {
    count >= 1_000_000 ? String(format: "%.1f MB", Double(count) / 1e6) : String(format: "%.0f KB", Double(count) / 1e3)
  }
}
