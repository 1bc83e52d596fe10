import Foundation
import Testing
@testable import SiteGenerator

@Suite("Site build")
struct SiteBuildTests {
  @Test("a chapter page has its metrics, included code, math, figure and anchors")
  func chapterPage() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let report = try fixture.build()
    #expect(report.pageCount == 7)  // landing, the demo chapter, article check, exercises, sources, glossary, the print page
    #expect(report.comingChapters == ["later"])

    let page = try fixture.page("demo.html")
    #expect(page.contains("accuracy of 87.7% after 3 epochs"))
    #expect(page.contains("final loss of 0.250"))
    #expect(!page.contains("{{"))
    // Included code, highlighted, with its source named and the markers gone.
    #expect(page.contains("<span class=\"hl-kw\">let</span> weights = [<span class=\"hl-num\">0.5</span>"))
    #expect(page.contains("<span class=\"hl-com\">// two weights</span>"))
    #expect(page.contains("<span class=\"hl-str\">&quot;sigmoid&quot;</span>"))
    // The caption links the file's own page, at the region, where the whole file is shown with numbered lines.
    #expect(page.contains("<a class=\"code-file\" href=\"source-Chapters--demo--main.swift.html#region-forward\" title=\"The whole file\">main.swift</a>"))
    let source = try fixture.page("source-Chapters--demo--main.swift.html")
    #expect(source.contains("<span class=\"line\" id=\"L3\"><span id=\"region-forward\"></span><span class=\"hl-com\">// region: forward</span></span>"))
    let lastLine = source.components(separatedBy: "<span class=\"line\" id=\"L8\">").dropFirst().first?.components(separatedBy: "\n").first ?? ""
    #expect(HTMLText.plainText(lastLine) == "print(forward(0))")
    #expect(!source.contains("id=\"L9\""))
    #expect(source.contains("<a href=\"demo.html\">Demo chapter</a>"))
    #expect(!page.contains("region: forward"))
    #expect(!page.contains("print(forward(0))"))
    // Math by KaTeX at build time, inline and display (attribute quotes dropped where HTML allows).
    #expect(page.contains("<span class=katex>"))
    #expect(page.contains("<div class=\"math-display\"><span class=katex-display>"))
    #expect(!page.contains("$$"))
    #expect(page.contains("Prices like $5"))
    #expect(page.contains("<code>let x = $y</code>"))
    // The figure, copied, with its caption; headings with anchors; the footnote.
    #expect(page.contains("<img src=\"figures/demo/loss.svg\" alt=\"The loss falls, as L should.\""))
    #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("figures/demo/loss.svg").path))
    #expect(page.contains("<h2 id=\"the-figure\">"))
    #expect(page.contains("A note at the bottom."))
    #expect(page.contains("<table>"))
    // Navigation: the sidebar marks this page, the placeholder chapter is "coming".
    #expect(page.contains("<a href=\"demo.html\" aria-current=\"page\">"))
    #expect(page.contains("class=\"coming\""))
    #expect(page.contains("rel=\"next\" href=\"article-check.html\""))
  }

  @Test("the article-check and exercises pages gather every chapter's section")
  func gatheredPages() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let articleCheck = try fixture.page("article-check.html")
    #expect(articleCheck.contains("<td>0.63</td>"))
    #expect(articleCheck.contains("href=\"demo.html#article-check\""))
    // Every gathered heading has its # link, to its place on this page.
    #expect(articleCheck.contains("<h2 id=\"demo-article-check\"><span class=\"chapter-number\">Chapter 1</span> Demo chapter<a class=\"anchor\" href=\"#demo-article-check\""))
    let exercises = try fixture.page("exercises.html")
    #expect(exercises.contains("<code>sigmoid(_:)</code>"))
    #expect(!exercises.contains("gathered-note"))
    let landing = try fixture.page("index.html")
    #expect(landing.contains("<img src=\"figures/demo/loss.svg\""))
    #expect(landing.contains("The demo teaches one neuron."))
  }

  @Test("the exercises page shows the progress `course check` remembered, under each chapter's heading")
  func exerciseProgress() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    var configuration = fixture.configuration
    configuration.exerciseProgress = ["demo": ExerciseCount(passed: 2, total: 5)]
    _ = try SiteBuilder(configuration).build()
    let exercises = try fixture.page("exercises.html")
    #expect(exercises.contains("</h2><p class=\"gathered-note\">Your progress: 2 of 5 passed at their last course check.</p>"))
    #expect(!(try fixture.page("article-check.html")).contains("gathered-note"))
  }

  @Test("the search index is a script with every section's text")
  func searchIndex() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let index = try fixture.page("assets/search-index.js")
    #expect(index.hasPrefix("// Generated"))
    #expect(index.contains("window.COURSE_SEARCH_INDEX = ["))
    #expect(index.contains("\"url\":\"demo.html#the-figure\""))
    #expect(index.contains("weighted sum"))
  }

  @Test("an unchanged site rebuilds without writing a file or starting KaTeX")
  func incrementalRebuild() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let first = try fixture.build()
    #expect(first.formulasRendered > 0)
    let second = try fixture.build()
    #expect(second.filesWritten == 0)
    #expect(second.formulasRendered == 0)
    // One changed sentence rewrites its page and the index, nothing else.
    let text = fixture.root.appendingPathComponent("Chapters/demo/chapter.md")
    try Data(SiteFixture.chapterText.replacingOccurrences(of: "one neuron", with: "a single neuron").utf8).write(to: text)
    let third = try fixture.build()
    #expect(third.formulasRendered == 0)
    #expect((1...4).contains(third.filesWritten))
    #expect(try fixture.page("demo.html").contains("a single neuron"))
  }

  @Test("KaTeX's fonts ship as woff2 only, and no page asks the network for anything")
  func offline() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let css = try fixture.page("assets/katex/katex.min.css")
    #expect(css.contains(".woff2"))
    #expect(!css.contains(".ttf"))
    let fonts = try FileManager.default.contentsOfDirectory(atPath: fixture.output.appendingPathComponent("assets/katex/fonts").path)
    #expect(fonts.contains("KaTeX_Main-Regular.woff2"))
    for name in ["index.html", "demo.html", "article-check.html", "exercises.html"] {
      let page = try fixture.page(name)
      #expect(!page.contains("src=\"http"), "\(name) loads from the network")
      #expect(!page.contains("href=\"http") || !page.contains("rel=\"stylesheet\" href=\"http"))
    }
  }
}
