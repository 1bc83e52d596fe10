import Foundation
import Testing
@testable import SiteGenerator

/// The built site in a real browser, from `file://`: math rendered, figures
/// in place, scripts running (search from `?q=`, copy buttons), screenshots saved.
@Suite("Site in a browser", .enabled(if: HeadlessChromium.isAvailable, "needs chromium"), .serialized)
struct SiteBrowserTests {
  static let screenshots = SiteFixture.repositoryRoot.appendingPathComponent(".build/site-screenshots")

  @Test("a chapter page renders math, shows its figure and answers a search from the URL")
  func chapterPage() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let page = fixture.output.appendingPathComponent("demo.html")
    let dom = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(page, "sigmoid"))
    #expect(dom.contains("class=\"katex\""))
    #expect(dom.contains("class=\"katex-display\""))
    #expect(dom.contains("<img src=\"figures/demo/loss.svg\""))
    // search.js ran the query from the URL and found the chapter.
    #expect(dom.contains("id=\"search-results\" class=\"search-results\" data-result-count=\"") && !dom.contains("data-result-count=\"0\""))
    #expect(dom.contains("class=\"search-result\"><a href=\"demo.html"))
    #expect(dom.contains("<mark>sigmoid</mark>"))
    // site.js ran: the code block has its copy button.
    #expect(dom.contains("class=\"copy-button\""))

    let shot = Self.screenshots.appendingPathComponent("fixture-demo.png")
    try HeadlessChromium.screenshot(page, to: shot)
    let size = try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int ?? 0
    #expect(size > 10_000)
  }

  @Test("a word that is nowhere finds nothing, and says so")
  func noResults() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let dom = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(fixture.output.appendingPathComponent("index.html"), "xylophone"))
    #expect(dom.contains("data-result-count=\"0\""))
    #expect(dom.contains("No results for"))
  }

  /// The real course site, when every written chapter has run: every page is
  /// loaded, checked and photographed (into .build/site-screenshots).
  @Test("every page of the real site loads from file:// with its math and figures")
  func realSite() throws {
    let root = SiteFixture.repositoryRoot
    let chapters = [
      SiteChapter(number: 1, slug: "neurons", title: "Neurons"),
      SiteChapter(number: 2, slug: "backprop", title: "Backpropagation"),
      SiteChapter(number: 3, slug: "cross-entropy", title: "Cross-entropy and the MLP"),
    ]
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("real-site-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    var configuration = SiteConfiguration(packageRoot: root, chapters: chapters, outputDirectory: output)
    configuration.cacheDirectory = root.appendingPathComponent(".build/site-cache")
    let written = chapters.filter(configuration.isWritten)
    let ran = written.allSatisfy {
      FileManager.default.fileExists(atPath: configuration.runDirectory($0).appendingPathComponent("metrics.json").path)
    }
    guard ran, !written.isEmpty else { return }  // run `swift run -c release course site` first
    let report = try SiteBuilder(configuration).build()
    let pages = ["index.html", "article-check.html", "exercises.html"] + written.map { "\($0.slug).html" }
    #expect(report.pageCount == pages.count)
    for name in pages {
      let url = output.appendingPathComponent(name)
      let dom = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(url, "neuron"))
      if name == "article-check.html" || written.contains(where: { "\($0.slug).html" == name }) {
        #expect(dom.contains("class=\"katex\""), "\(name): no rendered math")
      }
      #expect(!dom.contains("data-result-count=\"0\""), "\(name): search for 'neuron' found nothing")
      if written.contains(where: { "\($0.slug).html" == name }) || name == "index.html" {
        #expect(dom.contains("<img src=\"figures/"), "\(name): no figure")
      }
      try HeadlessChromium.screenshot(url, to: Self.screenshots.appendingPathComponent(name.replacingOccurrences(of: ".html", with: ".png")))
    }
  }
}
