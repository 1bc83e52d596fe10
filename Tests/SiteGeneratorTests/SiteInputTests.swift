import Foundation
import Testing
@testable import SiteGenerator

/// Inputs that used to reach the reader broken or unchecked: figures with brackets
/// in their alt text, raw HTML, images that point nowhere, tables of epochs, quick runs.
@Suite("Site inputs")
struct SiteInputTests {
  /// The fixture's text with `planted` as its own paragraph before "## Exercises".
  static func planting(_ planted: String) -> String {
    SiteFixture.chapterText.replacingOccurrences(of: "## Exercises", with: planted + "\n\n## Exercises")
  }

  @Test("a figure whose alt text holds brackets or wraps is placed, and its file copied")
  func figureWithBracketsAndTwoLines() throws {
    let fixture = try SiteFixture(text: Self.planting(
      "![Sigmoid on [-5, 5] (left).](figures/activations.svg)\n\n![A caption\nthat wraps.](figures/wrapped.svg)"))
    defer { fixture.remove() }
    for name in ["activations", "wrapped"] { try fixture.write(SiteFixture.svg, to: ".build/course/demo/figures/\(name).svg") }
    _ = try fixture.build()
    let page = try fixture.page("demo.html")
    #expect(page.contains(#"<img src="figures/demo/activations.svg" alt="Sigmoid on [-5, 5] (left).""#))
    #expect(page.contains(#"<img src="figures/demo/wrapped.svg" alt="A caption that wraps.""#))
    for name in ["activations", "wrapped"] {
      #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("figures/demo/\(name).svg").path), "\(name).svg")
    }
  }

  @Test("raw HTML never reaches a page as markup, whether in the prose or in a metric's text")
  func noExecutableMarkup() throws {
    let prose = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src=javascript:alert(1)></iframe>\n\n"
      + "Inline <b onclick=alert(1)>bold</b> and a [link](javascript:alert(1))."
    let html = Markdown.html(prose)
    for executable in ["<script", "onerror", "<iframe", "onclick", "javascript:"] {
      #expect(!html.contains(executable), "\(executable) in \(html)")
    }
    // A run's text (a generated sample, say) is not checked by the lint: the safe renderer still drops its markup.
    let fixture = try SiteFixture(text: Self.planting("The sample: {{metric:sample}}"))
    defer { fixture.remove() }
    try fixture.write(
      #"{"chapter": "demo", "seed": 1, "epochs": 3, "test_accuracy": 0.8772, "train_loss": [0.9, 0.5, 0.25], "article_check": {"h1": 0.63}, "#
        + #""sample": "<script>alert(1)</script> <img src=x onerror=alert(1)>"}"#,
      to: ".build/course/demo/metrics.json")
    _ = try fixture.build()
    let page = try fixture.page("demo.html")
    #expect(!page.contains("alert(1)</script>") && !page.contains("onerror"))
  }

  @Test("an image of a site text that points at no file fails the build at its line")
  func brokenImageSource() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let site = fixture.root.appendingPathComponent("Site")  // the fixture's own copy of the real Site/
    let index = site.appendingPathComponent("content/index.md")
    let text = try String(contentsOf: index, encoding: .utf8) + "\n![The logo.](assets/no-such-logo.svg)\n"
    try Data(text.utf8).write(to: index)
    var configuration = fixture.configuration
    configuration.siteDirectory = site
    let line = text.components(separatedBy: "\n").firstIndex { $0.contains("no-such-logo") }! + 1
    do {
      _ = try SiteBuilder(configuration).build()
      Issue.record("the build should fail on a broken image")
    } catch let error as SiteBuildError {
      #expect(
        error.issues.contains { $0.file.hasSuffix("Site/content/index.md") && $0.line == line && $0.message.contains("broken image") },
        "\(error.issues)")
    }
  }

  @Test("a table row with {{epoch}} shows each epoch the run had, and no more")
  func rowPerEpoch() throws {
    let row = "| epoch | loss |\n|---|---|\n| {{epoch}} | {{metric:train_loss[epoch]:.2f}} |"
    let fixture = try SiteFixture(text: Self.planting(row))
    defer { fixture.remove() }
    _ = try fixture.build()
    let page = try fixture.page("demo.html")
    #expect(page.contains("<td>1</td>\n<td>0.90</td>") && page.contains("<td>2</td>\n<td>0.50</td>") && page.contains("<td>3</td>\n<td>0.25</td>"))
    #expect(!page.contains("<td>4</td>") && !page.contains("[epoch]"))
  }

  @Test("a quick run's metrics fail a full site; a preview takes them and says so on every page")
  func quickRunsMakeOnlyAPreview() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    try fixture.write(
      #"{"chapter": "demo", "seed": 1, "epochs": 1, "quick": true, "test_accuracy": 0.5, "train_loss": [0.9], "article_check": {"h1": 0.63}}"#,
      to: ".build/course/demo/metrics.json")
    #expect(fixture.issues().contains { $0.file == ".build/course/demo/metrics.json" && $0.line == 1 && $0.message.contains("quick run") })
    var configuration = fixture.configuration
    configuration.isPreview = true
    let report = try SiteBuilder(configuration).build()
    #expect(report.pageCount > 1)
    for (name, data) in try SiteFixture.files(under: fixture.output) where name.hasSuffix(".html") {
      #expect(String(decoding: data, as: UTF8.self).contains("class=\"preview-banner\""), "\(name) has no preview banner")
    }
    // A full site has no banner.
    #expect(!SiteConfiguration(packageRoot: fixture.root, chapters: []).isPreview)
    #expect(SiteConfiguration(packageRoot: fixture.root, chapters: [], preview: true).runsDirectory.path.hasSuffix(".build/course-quick"))
  }
}
