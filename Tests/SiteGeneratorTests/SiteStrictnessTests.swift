import Foundation
import Testing
@testable import SiteGenerator

/// Each mistake a chapter can make fails the build, naming the file and line.
@Suite("Site strictness")
struct SiteStrictnessTests {
  /// A mistake planted as its own paragraph before "## Exercises", and what the build must say about it.
  static let mistakes: [(planted: String, message: String)] = [
    ("See [nowhere](#no-such-section).", "broken anchor: #no-such-section"),
    ("See [the exercises](exercises.html#no-such-exercise).", "broken anchor: exercises.html#no-such-exercise"),
    ("See [a page](missing-page.html).", "broken link: missing-page.html"),
    ("```swift\n{{#include main.swift:no-such-region}}\n```", "has no region 'no-such-region'"),
    ("```swift\n{{#include Missing.swift:forward}}\n```", "no such file Missing.swift"),
    ("The run took {{metric:no_such_metric}} seconds.", "metric 'no_such_metric' is not in"),
    ("![A figure never drawn.](figures/never-drawn.svg)", "figure figures/never-drawn.svg was not written"),
    ("A bad formula: $\\frac{1}{2$ here.", "math:"),
    ("Another: $\\notacommand{x}$.", "Undefined control sequence"),
    ("![Sigmoid on [-5, 5] and a lone ] here.](figures/loss.svg)", "does not read as an image"),
    ("![From the web.](https://example.com/x.png)", "image https://example.com/x.png"),
    ("Prose with <script>alert(1)</script> in it.", "raw HTML <script>"),
    ("<img src=x onerror=alert(1)>", "raw HTML <img src=x onerror"),
    ("<iframe src=javascript:alert(1)></iframe>", "raw HTML <iframe"),
    ("A [link](javascript:alert(1)).", "link to javascript:"),
    ("The seed {{metric:seed:d}} and {{metric:test_accuracy:d}}.", "needs an integer"),
    ("In hex {{metric:seed:x}}.", "unknown format ':x'"),
    ("Oddly {{metric:seed:.4q}}.", "unknown format ':.4q'"),
    ("The fourth loss: {{metric:train_loss[3]}}.", "'train_loss' has 3 values"),
  ]

  @Test("a planted mistake fails the build at its file and line", arguments: mistakes.indices)
  func mistake(_ index: Int) throws {
    let (planted, message) = Self.mistakes[index]
    let text = SiteFixture.chapterText.replacingOccurrences(of: "## Exercises", with: planted + "\n\n## Exercises")
    let line = text.components(separatedBy: "\n").firstIndex { $0.contains(planted.components(separatedBy: "\n")[planted.hasPrefix("```") ? 1 : 0]) }! + 1
    let fixture = try SiteFixture(text: text)
    defer { fixture.remove() }
    let issues = fixture.issues()
    try #require(!issues.isEmpty, "the build should fail on: \(planted)")
    #expect(
      issues.contains { $0.file == "Chapters/demo/chapter.md" && $0.line == line && $0.message.contains(message) },
      "expected Chapters/demo/chapter.md:\(line) saying “\(message)”, got \(issues)")
    // Nothing is written by a failed build.
    #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("demo.html").path))
  }

  @Test("every problem is reported at once, not only the first")
  func allProblems() throws {
    let text = SiteFixture.chapterText + "\n{{metric:missing_one}} and [x](#missing-two)\n"
    let fixture = try SiteFixture(text: text)
    defer { fixture.remove() }
    let messages = fixture.issues().map(\.message)
    #expect(messages.contains { $0.contains("missing_one") })
    // Link checks run after the directives are fixed; the metric alone stops this build.
    #expect(messages.count >= 1)
  }

  @Test("an unclosed display formula is reported where it opens")
  func unclosedDisplayMath() throws {
    let text = SiteFixture.chapterText + "\n$$\nx = 1\n"
    let fixture = try SiteFixture(text: text)
    defer { fixture.remove() }
    let line = text.components(separatedBy: "\n").lastIndex(of: "$$")! + 1
    #expect(fixture.issues().contains { $0.line == line && $0.message.contains("'$$' is never closed") })
  }

  @Test("an unclosed display formula followed by others is reported where it opens, not far below")
  func unclosedDisplayMathBeforeOthers() throws {
    let text = SiteFixture.chapterText.replacingOccurrences(of: "## Exercises", with: "$$\nx = 1\n\n## Exercises")
      + "\n$$\ny = 2\n$$\n"
    let fixture = try SiteFixture(text: text)
    defer { fixture.remove() }
    let line = text.components(separatedBy: "\n").firstIndex(of: "x = 1")!  // the `$$` above it, 1-based
    let issues = fixture.issues()
    #expect(issues.contains { $0.line == line && $0.message.contains("'$$' is never closed") }, "\(issues)")
    #expect(issues.allSatisfy { $0.line <= line }, "\(issues)")
  }

  @Test("an unknown placeholder in a template names the template's line")
  func templatePlaceholder() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let site = fixture.root.appendingPathComponent("Site")  // the fixture's own copy of the real Site/
    let template = site.appendingPathComponent("templates/page.html")
    let original = try String(contentsOf: template, encoding: .utf8)
    try Data(original.replacingOccurrences(of: "<main", with: "{{sidbar}}\n<main").utf8).write(to: template)
    var configuration = fixture.configuration
    configuration.siteDirectory = site
    let line = (original.replacingOccurrences(of: "<main", with: "{{sidbar}}\n<main")).components(separatedBy: "\n")
      .firstIndex { $0.contains("{{sidbar}}") }! + 1
    #expect(throws: SiteBuildError.self) { try SiteBuilder(configuration).build() }
    do { _ = try SiteBuilder(configuration).build() } catch let error as SiteBuildError {
      #expect(error.issues.contains { $0.file.hasSuffix("Site/templates/page.html") && $0.line == line && $0.message.contains("sidbar") })
    }
  }
}

@Suite("Site pieces")
struct SitePieceTests {
  @Test("Swift highlighting keeps every character and escapes HTML")
  func highlighting() {
    let code = "@MainActor func f<T>(_ a: [T]) -> Int { return a.count /* n */ + 0x1F } // \"done\" & <ok>"
    let html = SwiftHighlighter.html(for: code)
    #expect(HTMLText.unescape(HTMLText.plainText(html.replacingOccurrences(of: "<span class=\"hl-", with: "<span class=\"hl-"))).count > 0)
    #expect(html.contains("<span class=\"hl-attr\">@MainActor</span>"))
    #expect(html.contains("<span class=\"hl-kw\">func</span>"))
    #expect(html.contains("<span class=\"hl-ty\">Int</span>"))
    #expect(html.contains("<span class=\"hl-com\">/* n */</span>"))
    #expect(html.contains("<span class=\"hl-num\">0x1F</span>"))
    #expect(html.contains("&lt;ok&gt;"))
    // Removing the spans and unescaping gives the code back exactly.
    let stripped = html.replacingOccurrences(of: #"<span class="hl-[a-z]+">"#, with: "", options: .regularExpression)
      .replacingOccurrences(of: "</span>", with: "")
    #expect(HTMLText.unescape(stripped) == code)
  }

  @Test("templates fill their placeholders")
  func template() {
    let template = Template(path: "t.html", text: "<title>{{ title }}</title>\n{{body}}")
    #expect(template.render(["title": "A", "body": "<p>B</p>"]) == "<title>A</title>\n<p>B</p>")
    #expect(template.unknownPlaceholders(["title"]).map(\.line) == [2])
  }
}
