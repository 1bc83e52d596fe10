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

  @Test("a page opened at an anchor shows that section just below the top bar, on a desktop and on a phone")
  func anchorJump() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let url = URL(string: fixture.output.appendingPathComponent("demo.html").absoluteString + "#the-figure")!
    for (width, height) in [(1280, 900), (390, 844)] {
      let layout = try HeadlessChromium.layout(of: url, width: width, height: height)
      #expect(layout.viewportWidth == Double(width))
      let top = try #require(layout.targetTop, "no element #the-figure")
      #expect(layout.scrollY > 0, "\(width) px: the page did not scroll to the anchor")
      // Not hidden behind the sticky bar, and at the top unless the page cannot scroll further.
      #expect(top >= layout.topBarBottom, "\(width) px: the heading is under the top bar (\(top) < \(layout.topBarBottom))")
      #expect(top <= layout.topBarBottom + 40 || layout.scrollY >= layout.maxScrollY - 1, "\(width) px: the heading is \(top) px down")
      let shot = Self.screenshots.appendingPathComponent("fixture-demo-anchor-\(width).png")
      try HeadlessChromium.screenshot(url, to: shot, width: width, height: height)
      // A blank picture (the quirk HeadlessChromium works around) is about 5 KB.
      #expect(try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int ?? 0 > 10_000, "\(shot.lastPathComponent) looks blank")
    }
  }

  @Test("on a phone the chapter list waits behind a menu button: it opens, takes focus, and closes on Escape")
  func phoneLayout() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let page = fixture.output.appendingPathComponent("demo.html")
    let desktop = try HeadlessChromium.layout(of: page, width: 1280, height: 900)
    #expect(desktop.sidebarShown && !desktop.menuButtonShown)

    let closed = try HeadlessChromium.layout(of: page, width: 390, height: 844)
    #expect(closed.viewportWidth == 390)
    #expect(closed.menuButtonShown && !closed.sidebarShown)
    #expect(closed.menuExpanded == "false")
    #expect(!closed.sidebarLinkFocusable, "the hidden chapter list's links take focus")
    #expect(closed.documentWidth <= 390, "the page scrolls sideways: \(closed.overflowing ?? "?") is too wide")

    let open = "document.querySelector('.menu-toggle').click()"
    let opened = try HeadlessChromium.layout(of: page, width: 390, height: 844, actions: [open])
    #expect(opened.sidebarShown && opened.menuExpanded == "true")
    #expect(opened.sidebarBottom >= opened.viewportHeight - 1, "the open drawer stops at \(opened.sidebarBottom) of \(opened.viewportHeight) px")
    #expect(opened.focused.hasPrefix("a:"), "focus should move into the chapter list, it is on \(opened.focused)")
    #expect(opened.sidebarLinkFocusable)

    let escape = "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))"
    let closedAgain = try HeadlessChromium.layout(of: page, width: 390, height: 844, actions: [open, escape])
    #expect(!closedAgain.sidebarShown && closedAgain.menuExpanded == "false")
    #expect(closedAgain.focused.hasPrefix("button.menu-toggle"), "Escape should give focus back to the button, it is on \(closedAgain.focused)")
    let tapBeside = "document.querySelector('main p').click()"
    let tapped = try HeadlessChromium.layout(of: page, width: 390, height: 844, actions: [open, tapBeside])
    #expect(!tapped.sidebarShown && tapped.menuExpanded == "false", "a tap beside the open drawer should close it")

    try HeadlessChromium.screenshot(page, to: Self.screenshots.appendingPathComponent("fixture-demo-phone.png"), width: 390, height: 844)
    try HeadlessChromium.screenshot(page, to: Self.screenshots.appendingPathComponent("fixture-demo-phone-menu.png"), width: 390, height: 844, actions: [open])
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
      SiteChapter(number: 4, slug: "cnn", title: "Convolutional networks"),
      SiteChapter(number: 5, slug: "lstm", title: "Recurrent networks and the LSTM"),
      SiteChapter(number: 6, slug: "attention", title: "Attention and the Transformer"),
      SiteChapter(number: 9, slug: "engine", title: "How the core is made fast"),
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
    let pages = ["index.html", "article-check.html", "exercises.html", "sources.html"] + written.map { "\($0.slug).html" }
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
      let stem = name.replacingOccurrences(of: ".html", with: "")
      try HeadlessChromium.screenshot(url, to: Self.screenshots.appendingPathComponent(stem + ".png"))

      // On a phone: nothing makes the page scroll sideways (wide tables, code and display math scroll in their own boxes).
      let phone = try HeadlessChromium.layout(of: url, width: 390, height: 844)
      #expect(phone.documentWidth <= 390, "\(name) at 390 px: \(phone.overflowing ?? "?") sticks out (\(phone.documentWidth) px)")
      try HeadlessChromium.screenshot(url, to: Self.screenshots.appendingPathComponent(stem + "-phone.png"), width: 390, height: 844)

      // Opened at its third section, the page shows that section's heading below the top bar.
      let page = try String(contentsOf: url, encoding: .utf8)
      let ids = page.components(separatedBy: "<h2 id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
      guard ids.count >= 3 else { continue }
      let anchored = URL(string: url.absoluteString + "#" + ids[2])!
      let layout = try HeadlessChromium.layout(of: anchored)
      let top = try #require(layout.targetTop)
      #expect(top >= layout.topBarBottom && (top <= layout.topBarBottom + 40 || layout.scrollY >= layout.maxScrollY - 1), "\(name)#\(ids[2]) is at \(top) px")
      try HeadlessChromium.screenshot(anchored, to: Self.screenshots.appendingPathComponent(stem + "-anchor.png"))
    }
  }
}
