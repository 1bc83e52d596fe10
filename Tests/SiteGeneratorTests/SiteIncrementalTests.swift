import Foundation
import Testing
@testable import SiteGenerator

/// The build remembers rendered pages (`PageCache`): what did not change is
/// reused, what changed is rendered again, and the result is the site a clean
/// build makes, byte for byte. A reused page is still held to every check.
@Suite("Site incremental build")
struct SiteIncrementalTests {
  /// A second chapter: links into the demo's sections and has its own exercise.
  static let secondText = SiteFixture.chapterText
    .replacingOccurrences(of: "# Demo chapter", with: "# Second chapter")
    .replacingOccurrences(
      of: "The demo teaches one neuron.", with: "The second chapter builds on [the demo's figure](../demo/chapter.md#the-figure).")
    .replacingOccurrences(of: "Write `sigmoid(_:)`.", with: "Write `relu(_:)`.")

  static func fixtureWithTwoChapters() throws -> SiteFixture {
    var fixture = try SiteFixture()
    try fixture.addChapter("second", title: "Second chapter", text: secondText)
    return fixture
  }

  @Test("an unchanged chapter is not rendered again, a changed one is, and the site equals a clean build byte for byte")
  func reuseAndRender() throws {
    let fixture = try Self.fixtureWithTwoChapters()
    defer { fixture.remove() }
    let first = try fixture.build()
    #expect(first.renderedChapters == ["demo", "second"])
    #expect(first.reusedChapters.isEmpty)

    let again = try fixture.build()
    #expect(again.renderedChapters.isEmpty)
    #expect(again.reusedChapters == ["demo", "second"])
    #expect(again.filesWritten == 0)
    #expect(again.formulasRendered == 0)

    // A new modification time is not a change: the key is the bytes.
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(60)],
      ofItemAtPath: fixture.root.appendingPathComponent("Chapters/second/chapter.md").path)
    #expect(try fixture.build().renderedChapters.isEmpty)

    // One sentence of one chapter, in the section the exercises page gathers.
    try fixture.write(Self.secondText.replacingOccurrences(of: "Write `relu(_:)`.", with: "Write `tanh(_:)` too."), to: "Chapters/second/chapter.md")
    let edited = try fixture.build()
    #expect(edited.renderedChapters == ["second"])
    #expect(edited.reusedChapters == ["demo"])
    #expect(edited.formulasRendered == 0)
    let exercises = try fixture.page("exercises.html")
    #expect(exercises.contains("<code>tanh(_:)</code> too"))
    #expect(!exercises.contains("relu"))
    #expect(exercises.contains("<code>sigmoid(_:)</code>"))  // the reused chapter's section is still there
    #expect(try fixture.page("assets/search-index.js").contains("tanh"))

    // What a page depends on besides its text: its run's metrics, the sources it includes, its figures.
    try fixture.write(SiteFixture.metrics.replacingOccurrences(of: "0.8772", with: "0.9123"), to: ".build/course/demo/metrics.json")
    let metrics = try fixture.build()
    #expect(metrics.renderedChapters == ["demo"])
    #expect(try fixture.page("demo.html").contains("accuracy of 91.2%"))
    try fixture.write(SiteFixture.swiftSource.replacingOccurrences(of: "two weights", with: "the two weights"), to: "Chapters/second/main.swift")
    let source = try fixture.build()
    #expect(source.renderedChapters == ["second"])
    #expect(try fixture.page("second.html").contains("// the two weights"))
    try fixture.write(SiteFixture.svg.replacingOccurrences(of: "#a33", with: "#33a"), to: ".build/course/demo/figures/loss.svg")
    let figure = try fixture.build()
    #expect(figure.renderedChapters == ["demo"])
    #expect(try fixture.page("figures/demo/loss.svg").contains("#33a"))

    // A formula changed in one chapter: the site's math style may change with it (then every page
    // renders again) or not (then only that chapter); either way the pages agree with a clean build.
    try fixture.write(
      Self.secondText.replacingOccurrences(of: "z = w \\cdot x + b", with: "z = \\sum_i w_i x_i + b"), to: "Chapters/second/chapter.md")
    let formula = try fixture.build()
    #expect(formula.renderedChapters.contains("second"))
    #expect(formula.formulasRendered == 1)
    #expect(try fixture.page("second.html").contains("<span class=katex>"))

    // A clean build (no cache, empty folder) of the same sources makes the same bytes.
    var clean = fixture.configuration
    clean.outputDirectory = fixture.root.appendingPathComponent("clean-site")
    clean.cacheDirectory = fixture.root.appendingPathComponent("clean-cache")
    let cleanReport = try SiteBuilder(clean).build()
    #expect(cleanReport.renderedChapters == ["demo", "second"])
    let incremental = try SiteFixture.files(under: fixture.output)
    let fresh = try SiteFixture.files(under: clean.outputDirectory)
    #expect(incremental.keys.sorted() == fresh.keys.sorted())
    for (path, data) in fresh.sorted(by: { $0.key < $1.key }) {
      #expect(incremental[path] == data, "\(path) differs from a clean build")
    }
  }

  @Test("a reused chapter is still checked: a link into a section that went away, a figure or metric its run lost")
  func reusedChaptersAreChecked() throws {
    let fixture = try Self.fixtureWithTwoChapters()
    defer { fixture.remove() }
    _ = try fixture.build()

    // The demo renames the section the second chapter links to; the second chapter is reused, and fails.
    let linkLine = Self.secondText.components(separatedBy: "\n").firstIndex { $0.contains("../demo/chapter.md#the-figure") }! + 1
    try fixture.write(
      SiteFixture.chapterText.replacingOccurrences(of: "## The figure", with: "## A figure").replacingOccurrences(of: "(#the-figure)", with: "(#a-figure)"),
      to: "Chapters/demo/chapter.md")
    let issues = fixture.issues()
    #expect(
      issues.contains { $0.file == "Chapters/second/chapter.md" && $0.line == linkLine && $0.message.contains("broken anchor: demo.html#the-figure") },
      "got \(issues)")
    try fixture.write(SiteFixture.chapterText, to: "Chapters/demo/chapter.md")
    _ = try fixture.build()

    // The run's outputs change under an unchanged text.
    let lines = SiteFixture.chapterText.components(separatedBy: "\n")
    let figure = fixture.root.appendingPathComponent(".build/course/demo/figures/loss.svg")
    try FileManager.default.removeItem(at: figure)
    let figureLine = lines.firstIndex { $0.contains("figures/loss.svg") }! + 1
    #expect(fixture.issues().contains {
      $0.file == "Chapters/demo/chapter.md" && $0.line == figureLine && $0.message.contains("figure figures/loss.svg was not written")
    })
    try fixture.write(SiteFixture.svg, to: ".build/course/demo/figures/loss.svg")
    try fixture.write(SiteFixture.metrics.replacingOccurrences(of: "\"epochs\": 3, ", with: ""), to: ".build/course/demo/metrics.json")
    let metricLine = lines.firstIndex { $0.contains("{{metric:epochs}}") }! + 1
    #expect(fixture.issues().contains {
      $0.file == "Chapters/demo/chapter.md" && $0.line == metricLine && $0.message.contains("metric 'epochs' is not in")
    })
  }
}
