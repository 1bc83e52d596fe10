import Foundation
import Testing

@testable import Literate

/// A chapter's Chinese text keeps its English source's structure, and fails at its own line where it does not.
@Suite("Translation parity")
struct TranslationParityTests {
  static let english = """
    # Demo

    The run reached {{metric:accuracy:%}} after {{metric:epochs}} epochs.

    ## The figure

    ![The loss falls.](figures/loss.svg)

    See [section](#article-check) for the article.

    ## Article check

    000 §1, line 1: 「验证集」 ("the validation set"), [article 000](../../Site/content/sources.md#article-000).

    """

  /// The faithful translation of `english`, lines as they stand there.
  static func chinese(sourceLine: String) -> String {
    """
    \(sourceLine)
    # 演示 {#demo}

    运行 {{metric:epochs}} 轮后准确率达到 {{metric:accuracy:%}}。

    ## 图 {#the-figure}

    ![损失下降。](figures/loss.svg)

    文章见[section](#article-check)。

    ## 文章核对 {#article-check}

    000 §1, line 1: 「验证集」，[文章 000](../../Site/content/sources.md#article-000)。

    """
  }

  /// The translation's report, `edit` applied to the faithful translation.
  func report(metrics: String = #"{"epochs": 1, "accuracy": 0.5}"#, _ edit: (String) -> String = { $0 }) throws -> ChapterLint.TranslationReport {
    let fixture = try LintFixture(text: Self.english, metrics: metrics, figures: ["figures/loss.svg"])
    defer { fixture.remove() }
    let line = Translation.sourceLine(englishName: "chapter.md", english: Data(Self.english.utf8))
    try edit(Self.chinese(sourceLine: line)).write(to: fixture.chapter.appendingPathComponent("chapter.zh.md"), atomically: true, encoding: .utf8)
    let lint = ChapterLint(chapterDirectory: fixture.chapter, packageRoot: fixture.root, outputDirectory: fixture.output, checksLinkTargets: false)
    return lint.issuesWithTranslation()
  }

  @Test func aFaithfulTranslationPasses() throws {
    let report = try report()
    #expect(report.issues.isEmpty, "\(report.issues)")
    #expect(report.notes.isEmpty)
  }

  @Test func aDeletedPlaceholderFailsAtItsLine() throws {
    let report = try report { $0.replacingOccurrences(of: "准确率达到 {{metric:accuracy:%}}", with: "准确率很高") }
    #expect(report.issues.map(\.description) == [
      "Chapters/demo/chapter.zh.md:4: lacks the placeholder {{metric:accuracy:%}} of chapter.md:3: a translation keeps every placeholder of its source"
    ])
  }

  @Test func aChangedFormatIsAMissingAndAnExtraPlaceholder() throws {
    let report = try report { $0.replacingOccurrences(of: "{{metric:accuracy:%}}", with: "{{metric:accuracy:.2f}}") }
    #expect(report.issues.count == 2)
    #expect(report.issues.allSatisfy { $0.line == 4 })
  }

  @Test func anExtraHeadingFailsAtItsLine() throws {
    let report = try report { $0.replacingOccurrences(of: "文章见", with: "### 多余 {#extra}\n\n文章见") }
    #expect(report.issues.map(\.line) == [10])
    #expect(report.issues.first?.message.hasPrefix("'### 多余 {#extra}': this heading is not in chapter.md") == true)
  }

  @Test func aChangedAnchorFailsAtItsHeading() throws {
    let report = try report { $0.replacingOccurrences(of: "{#the-figure}", with: "{#the-figures}") }
    #expect(report.issues.contains { $0.line == 6 && $0.message.contains("not in chapter.md") })
    #expect(report.issues.count == 2, "\(report.issues)")
    #expect(report.issues.contains { $0.line == 6 && $0.message.contains("lacks the heading '## The figure' {#the-figure}") })
  }

  @Test func aHeadingWithoutItsAnchorIsToldWhichOne() throws {
    let report = try report { $0.replacingOccurrences(of: "## 图 {#the-figure}", with: "## 图") }
    #expect(report.issues.contains { $0.line == 6 && $0.message.contains("end it with {#the-figure}") })
  }

  @Test func aMissingFigureQuoteAndSectionLinkEachFail() throws {
    let report = try report {
      $0.replacingOccurrences(of: "![损失下降。](figures/loss.svg)", with: "损失下降。")
        .replacingOccurrences(of: "「验证集」", with: "验证集").replacingOccurrences(of: "[section](#article-check)", with: "后文")
    }
    #expect(report.issues.map(\.line) == [8, 10, 14])
    #expect(report.issues.map { $0.message.prefix(17) } == ["lacks the figure ", "lacks the section", "lacks the article"])
  }

  @Test func aMissingSourceLineIsAnErrorAndAnOutdatedOneANote() throws {
    let missing = try report { $0.components(separatedBy: "\n").dropFirst().joined(separator: "\n") }
    #expect(missing.issues.first?.message.hasPrefix("the first line must record the English it translates: <!-- source: chapter.md sha256:") == true)
    let stale = try report { text in
      let line = Translation.sourceLine(englishName: "chapter.md", english: Data("an older English text".utf8))
      return line + "\n" + text.components(separatedBy: "\n").dropFirst().joined(separator: "\n")
    }
    #expect(stale.issues.isEmpty, "\(stale.issues)")
    #expect(stale.notes == ["Chapters/demo/chapter.zh.md: outdated translation (English changed since)"])
  }

  @Test func anEnglishStringMetricWithoutItsChineseTwinFails() throws {
    let english = #"{"epochs": 1, "accuracy": 0.5, "verdict": "mostly right"}"#
    let text: (String) -> String = { $0.replacingOccurrences(of: "。\n\n## 图", with: "，结论：{{metric:verdict}}。\n\n## 图") }
    // The English text must show it too, or parity fails first: give both the placeholder.
    let fixture = try LintFixture(text: Self.english.replacingOccurrences(of: "epochs.\n", with: "epochs: {{metric:verdict}}.\n"), metrics: english, figures: ["figures/loss.svg"])
    defer { fixture.remove() }
    let line = Translation.sourceLine(englishName: "chapter.md", english: Data(try String(contentsOf: fixture.chapter.appendingPathComponent("chapter.md"), encoding: .utf8).utf8))
    try text(Self.chinese(sourceLine: line)).write(to: fixture.chapter.appendingPathComponent("chapter.zh.md"), atomically: true, encoding: .utf8)
    let lint = ChapterLint(chapterDirectory: fixture.chapter, packageRoot: fixture.root, outputDirectory: fixture.output, checksLinkTargets: false)
    let issues = lint.issuesWithTranslation().issues
    #expect(issues.map(\.description) == [
      "Chapters/demo/chapter.zh.md:4: {{metric:verdict}} shows 'mostly right' (English: mostly, right) on the Chinese page: "
        + "the chapter must record a Chinese value 'verdict@zh' in metrics.json"
    ])
    // Shown as code (a fenced block), the value is not prose: no Chinese value needed.
    try text(Self.chinese(sourceLine: line)).replacingOccurrences(of: "，结论：{{metric:verdict}}。", with: "：\n\n```text\n{{metric:verdict}}\n```\n")
      .write(to: fixture.chapter.appendingPathComponent("chapter.zh.md"), atomically: true, encoding: .utf8)
    #expect(lint.issuesWithTranslation().issues.isEmpty)
    try text(Self.chinese(sourceLine: line)).write(to: fixture.chapter.appendingPathComponent("chapter.zh.md"), atomically: true, encoding: .utf8)
    try #"{"epochs": 1, "accuracy": 0.5, "verdict": "mostly right", "verdict@zh": "大体正确"}"#.write(
      to: fixture.output.appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
    #expect(lint.issuesWithTranslation().issues.isEmpty)
  }

  @Test func anEnglishListMetricWithoutItsChineseTwinFails() throws {
    let english = #"{"epochs": 1, "accuracy": 0.5, "kernels": ["scalar", "AVX2"]}"#
    let text: (String) -> String = { $0.replacingOccurrences(of: "。\n\n## 图", with: "，内核：{{metric:kernels[*]}}。\n\n## 图") }
    let fixture = try LintFixture(text: Self.english.replacingOccurrences(of: "epochs.\n", with: "epochs: {{metric:kernels[*]}}.\n"), metrics: english, figures: ["figures/loss.svg"])
    defer { fixture.remove() }
    let line = Translation.sourceLine(englishName: "chapter.md", english: Data(try String(contentsOf: fixture.chapter.appendingPathComponent("chapter.md"), encoding: .utf8).utf8))
    try text(Self.chinese(sourceLine: line)).write(to: fixture.chapter.appendingPathComponent("chapter.zh.md"), atomically: true, encoding: .utf8)
    let lint = ChapterLint(chapterDirectory: fixture.chapter, packageRoot: fixture.root, outputDirectory: fixture.output, checksLinkTargets: false)
    #expect(lint.issuesWithTranslation().issues.map(\.message).contains { $0.contains("'kernels@zh[*]'") })
    try #"{"epochs": 1, "accuracy": 0.5, "kernels": ["scalar", "AVX2"], "kernels@zh": ["标量", "AVX2"]}"#.write(
      to: fixture.output.appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
    #expect(lint.issuesWithTranslation().issues.isEmpty)
  }

  @Test func aTypedChineseSectionNumberIsAProblem() throws {
    let report = try report { $0.replacingOccurrences(of: "文章见[section](#article-check)。", with: "文章见[section](#article-check)，另见第 2 节。") }
    #expect(report.issues.map(\.description) == [
      "Chapters/demo/chapter.zh.md:10: '第 2 节' is a typed section number, which goes stale when sections move: "
        + "write [section](#anchor) and the site writes 第 N 节"
    ])
  }

  @Test func headingsNameTheirAnchorsAndKeepThemInLinks() {
    #expect(ChapterSections.explicitAnchor("一维卷积 {#convolution-in-one-dimension}")! == ("一维卷积", "convolution-in-one-dimension"))
    #expect(ChapterSections.explicitAnchor("Sets {x}") == nil)
    let sections = ChapterSections(markdown: "# 标题 {#title}\n\n## 一维卷积 {#convolution-in-one-dimension}\n")
    #expect(sections.numbered.map(\.anchor) == ["convolution-in-one-dimension"])
    #expect(sections.numbered.map(\.title) == ["一维卷积"])
  }

  @Test func sha256IsWhatSha256sumPrints() {
    #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    let long = Data(String(repeating: "a", count: 1000).utf8)
    #expect(SHA256.hex(of: long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }
}
