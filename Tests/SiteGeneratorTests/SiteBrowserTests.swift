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

  @Test("no page scrolls sideways at any width: long inline code wraps, a sample's control characters show as symbols")
  func noSidewaysScroll() throws {
    let longCall = "course.run(" + (1...30).map { "argument\($0): value\($0)" }.joined(separator: ",") + ")"
    let fixture = try SiteFixture(text: SiteFixture.chapterText.replacingOccurrences(
      of: "## The figure", with: "A call: `\(longCall)`. A sample: `{{metric:sample}}`.\n\n## The figure"))
    defer { fixture.remove() }
    try fixture.write(
      SiteFixture.metrics.replacingOccurrences(of: "\"seed\": 1,", with: #""seed": 1, "sample": "way _n__\u0008Abjr\ufffdst'", "#),
      to: ".build/course/demo/metrics.json")
    _ = try fixture.build()
    let html = try fixture.page("demo.html")
    #expect(!html.contains("\u{8}"), "a raw backspace reached the page")
    #expect(html.contains("<span class=\"control-char\" title=\"U+0008\">\u{2408}</span>"))
    #expect(html.contains("<span class=\"control-char\" title=\"U+FFFD\">\u{FFFD}</span>"))
    let page = fixture.output.appendingPathComponent("demo.html")
    for dark in [false, true] {
      for layout in try HeadlessChromium.layouts(of: page, widths: Self.widths, dark: dark) {
        #expect(layout.documentWidth <= layout.viewportWidth, "\(layout.viewportWidth) px: \(layout.overflowing ?? "?") makes the page \(layout.documentWidth) px wide")
        #expect(layout.darkBackground == dark)
        #expect(layout.scriptErrors.isEmpty, "script errors: \(layout.scriptErrors)")
      }
    }
  }

  @Test("code wraps instead of scrolling, its copy button sits above the code, and the drawer lists the page's sections")
  func codeAndContentsOnEveryScreen() throws {
    let long = "let total = " + (1...40).map { "value\($0)" }.joined(separator: " + ")
    let fixture = try SiteFixture(text: SiteFixture.chapterText.replacingOccurrences(
      of: "## The figure", with: "```swift\n\(long)\nprint(total)\n```\n\n## The figure"))
    defer { fixture.remove() }
    _ = try fixture.build()
    let page = fixture.output.appendingPathComponent("demo.html")
    let measure = """
      const last = (block) => { const range = document.createRange(); range.selectNodeContents(block.querySelector('code'));
        const rects = range.getClientRects(); return rects[rects.length - 1]; };
      document.body.setAttribute('data-extra', JSON.stringify(Array.from(document.querySelectorAll('.code-block')).map((block) => {
        const button = block.querySelector('.copy-button').getBoundingClientRect(), line = last(block);
        return { covers: button.bottom > line.top && button.top < line.bottom && button.right > line.left && button.left < line.right,
          opacity: getComputedStyle(block.querySelector('.copy-button')).opacity };
      })))
      """
    for layout in try HeadlessChromium.layouts(of: page, widths: Self.widths, actions: [measure]) {
      #expect(layout.scrollingCodeBlocks == 0, "\(layout.viewportWidth) px: \(layout.scrollingCodeBlocks) code blocks scroll sideways")
      #expect(layout.codeBlocks == 2)
      #expect(layout.smallestFigureLabel.map { $0 >= 11 } == true, "\(layout.viewportWidth) px: labels at \(layout.smallestFigureLabel ?? 0) px")
      let buttons = try JSONDecoder().decode([CopyButton].self, from: Data((layout.extra ?? "[]").utf8))
      #expect(buttons.count == 2)
      for button in buttons {
        #expect(!button.covers, "\(layout.viewportWidth) px: the copy button covers the last line of code")
        #expect(button.opacity == "1", "\(layout.viewportWidth) px: the copy button is faint (\(button.opacity)) where there is no hover")
      }
    }
    // The drawer on a phone lists the page's sections under its entry.
    let opened = try HeadlessChromium.layout(of: page, width: 390, height: 844, actions: [
      "document.querySelector('.menu-toggle').click()",
      "document.body.setAttribute('data-extra', String(Array.from(document.querySelectorAll('.nav-sections a')).filter((a) => a.getBoundingClientRect().width > 0).length))",
    ])
    #expect(opened.extra == "3", "the drawer shows \(opened.extra ?? "no") sections of the page")
  }

  private struct CopyButton: Decodable {
    let covers: Bool
    let opacity: String
  }

  /// The widths every page is measured at: a phone, a tablet, a laptop, a desktop.
  static let widths = [390, 900, 1280, 1920]

  @Test("search finds words after a formula with <, counts every match, takes ASCII names for Greek letters and marks the word on the page it opens")
  func searchFindsEverything() throws {
    let parts = (1...25).map { "### Part \($0)\n\nWhen $p < 0.\($0)$ the case is exotic.\n" }.joined(separator: "\n")
    let fixture = try SiteFixture(text: SiteFixture.chapterText.replacingOccurrences(of: "## Article check", with: parts + "\n## Article check"))
    defer { fixture.remove() }
    _ = try fixture.build()
    let page = fixture.output.appendingPathComponent("demo.html")
    // The index is not loaded until a search begins.
    #expect(!(try HeadlessChromium.dumpDOM(page)).contains("search-index.js"))
    let exotic = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(page, "exotic"))
    #expect(exotic.contains("data-result-count=\"25\""), "every section that matches is counted")
    #expect(exotic.contains("25 sections match"))
    #expect(exotic.contains("<a href=\"demo.html?highlight=exotic#part-1\">") || exotic.contains("?highlight=exotic#part-"))
    let sigma = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(page, "sigma"))
    #expect(!sigma.contains("data-result-count=\"0\"") && sigma.contains("<mark>σ</mark>"), "sigma finds σ")
    let arrived = try HeadlessChromium.dumpDOM(URL(string: page.absoluteString + "?highlight=exotic#part-3")!)
    #expect(arrived.components(separatedBy: "<mark class=\"search-hit\">exotic</mark>").count == 26)
  }

  @Test("the print page holds every chapter, each starting a printed sheet, with ids that stay unique")
  func printPage() throws {
    var fixture = try SiteFixture()
    defer { fixture.remove() }
    try fixture.addChapter("second", title: "Second chapter", text: SiteFixture.chapterText.replacingOccurrences(of: "# Demo chapter", with: "# Second chapter"))
    _ = try fixture.build()
    let html = try fixture.page("print.html")
    #expect(html.contains("<section class=\"print-chapter\" id=\"demo\""))
    #expect(html.contains("<section class=\"print-chapter\" id=\"second\""))
    #expect(html.contains("<h2 id=\"demo-the-figure\">") && html.contains("<h2 id=\"second-the-figure\">"))
    #expect(html.contains("href=\"#second-the-figure\""))
    // The landing page, each chapter on sheets of its own.
    #expect(try HeadlessChromium.printedPageCount(fixture.output.appendingPathComponent("print.html")) >= 3)
  }

  @Test("the theme button switches light and dark and the next page remembers it; → and ← follow next and previous")
  func themeAndKeys() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let page = fixture.output.appendingPathComponent("demo.html")
    let clickTheme = "document.querySelector('.theme-toggle').click()"
    // system → light → dark, then another page of the site, opened afresh, in a frame.
    let otherPage = """
      await new Promise((done) => { const frame = document.createElement('iframe'); frame.src = 'index.html';
        frame.onload = () => { document.body.setAttribute('data-extra', frame.contentDocument.documentElement.getAttribute('data-theme')); done(); };
        document.body.appendChild(frame); })
      """
    let dark = try HeadlessChromium.layouts(of: page, widths: [1280], dark: false, actions: [clickTheme, clickTheme, otherPage])[0]
    #expect(dark.darkBackground, "the theme button did not make the page dark")
    #expect(dark.extra == "dark", "the next page forgot the theme chosen (it is \(dark.extra ?? "?"))")
    // Light chosen under a dark system preference.
    let light = try HeadlessChromium.layouts(of: page, widths: [1280], dark: true, actions: [clickTheme])[0]
    #expect(!light.darkBackground)

    let keys = """
      const followed = [];
      for (const link of document.querySelectorAll('.prev-next a')) link.addEventListener('click', (event) => { event.preventDefault(); followed.push(link.getAttribute('href')); });
      for (const key of ['ArrowRight', 'ArrowLeft']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      document.body.setAttribute('data-extra', followed.join(' '))
      """
    #expect(try HeadlessChromium.layout(of: page, actions: [keys]).extra == "article-check.html index.html")
  }

  @Test("code comments, the # anchors, captions and muted text contrast at least 4.5:1 with their background, light and dark")
  func contrast() throws {
    let fixture = try SiteFixture(text: SiteFixture.chapterText.replacingOccurrences(
      of: "## The figure", with: "```swift\n@discardableResult func step() -> Int { 1 }\n```\n\n## The figure"))
    defer { fixture.remove() }
    _ = try fixture.build()
    let measure = """
      const rgb = (color) => color.match(/[0-9.]+/g).map(Number);
      const luminance = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      const ratio = (a, b) => { const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const backgroundOf = (element) => { for (let e = element; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
        if (!/rgba\\(0, 0, 0, 0\\)|transparent/.test(c)) return c; } return 'rgb(255, 255, 255)'; };
      const worst = [];
      for (const selector of ['.hl-com', '.hl-attr', '.hl-str', '.content h2 .anchor', '.code-source', '.figure figcaption', '.section-number', '.page-toc a']) {
        const element = document.querySelector(selector);
        if (!element) { worst.push(selector + ' missing'); continue; }
        const value = ratio(getComputedStyle(element).color, backgroundOf(element));
        if (value < 4.5) worst.push(selector + ' ' + value.toFixed(2));
      }
      document.body.setAttribute('data-extra', worst.join(', '))
      """
    for dark in [false, true] {
      let layout = try HeadlessChromium.layouts(of: fixture.output.appendingPathComponent("demo.html"), widths: [1920], dark: dark, actions: [measure])[0]
      #expect(layout.extra == "", "\(dark ? "dark" : "light"): below 4.5:1: \(layout.extra ?? "?")")
    }
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
      SiteChapter(number: 5, slug: "generalization", title: "Generalization: overfitting and its remedies"),
      SiteChapter(number: 6, slug: "lstm", title: "Recurrent networks and the LSTM"),
      SiteChapter(number: 7, slug: "attention", title: "Attention and the Transformer"),
      SiteChapter(number: 8, slug: "compression", title: "Pruning, int8 and distillation"),
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
    var pages = ["index.html", "article-check.html", "exercises.html", "sources.html", "glossary.html", "print.html"] + written.map { "\($0.slug).html" }
    // The Chinese edition's pages, as far as they are translated: each checked like its English twin.
    let chinese = ((try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("zh").path)) ?? [])
      .filter { $0.hasSuffix(".html") }.sorted().map { "zh/" + $0 }
    pages += chinese
    #expect(report.pageCount == pages.count)
    // The longest source page a code caption links to.
    let sourcePages = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix("source-") }
    #expect(!sourcePages.isEmpty, "no code caption links a source page")
    let size = { (name: String) in (try? FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(name).path)[.size] as? Int) ?? 0 }
    if let longest = sourcePages.max(by: { size($0) < size($1) }) { pages.append(longest) }
    var measurements = "page\twidth\tscheme\tdocument width\tcode blocks\tscrolling\tsmallest label px\tfigure\n"
    for name in pages {
      let url = output.appendingPathComponent(name)
      let dom = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(url, "neuron"))
      // A Chinese page says so, and its switch goes to the same page in English (a source page stays English).
      let isChinese = name.hasPrefix("zh/")
      let englishName = isChinese ? String(name.dropFirst("zh/".count)) : name
      if isChinese {
        #expect(dom.contains("<html lang=\"zh-CN\""), "\(name): not lang=zh-CN")
        #expect(dom.contains("class=\"language-switch\" href=\"../\(englishName)\""), "\(name): no switch to ../\(englishName)")
      } else if chinese.contains("zh/" + name) {
        #expect(dom.contains("class=\"language-switch\" href=\"zh/\(name)\""), "\(name): no switch to zh/\(name)")
      }
      if englishName == "article-check.html" || written.contains(where: { "\($0.slug).html" == englishName }) {
        #expect(dom.contains("class=\"katex\""), "\(name): no rendered math")
      }
      #expect(!dom.contains("data-result-count=\"0\""), "\(name): search for 'neuron' found nothing")
      if name == "index.html" {
        let sigma = try HeadlessChromium.dumpDOM(HeadlessChromium.withQuery(url, "sigma"))
        #expect(!sigma.contains("data-result-count=\"0\"") && sigma.contains("<mark>σ</mark>"), "searching 'sigma' finds no σ")
      }
      if written.contains(where: { "\($0.slug).html" == englishName }) || englishName == "index.html" {
        #expect(dom.contains("<img src=\"figures/") || dom.contains("<img src=\"../figures/"), "\(name): no figure")
      }
      if englishName == "print.html" {
        let count = isChinese ? chinese.filter { page in written.contains { "zh/\($0.slug).html" == page } }.count : written.count
        #expect(dom.components(separatedBy: "class=\"print-chapter\"").count == count + 1, "\(name) does not hold every chapter")
        let sheets = try HeadlessChromium.printedPageCount(url, dark: true)
        #expect(sheets >= count * 5, "\(name) prints on \(sheets) sheets")
      }
      let stem = name.replacingOccurrences(of: ".html", with: "").replacingOccurrences(of: "/", with: "-")
      try HeadlessChromium.screenshot(url, to: Self.screenshots.appendingPathComponent(stem + ".png"))

      // At every width, light and dark: nothing makes the page scroll sideways (wide tables, code and display
      // math scroll in their own boxes), every image loads, figure labels are readable, little code scrolls.
      for dark in [false, true] {
        for layout in try HeadlessChromium.layouts(of: url, widths: Self.widths, dark: dark) {
          let width = "\(name) at \(Int(layout.viewportWidth)) px\(dark ? ", dark" : "")"
          measurements += "\(name)\t\(Int(layout.viewportWidth))\t\(dark ? "dark" : "light")\t\(Int(layout.documentWidth))\t\(layout.codeBlocks)\t"
            + "\(layout.scrollingCodeBlocks)\t\(layout.smallestFigureLabel.map { String(format: "%.1f", $0) } ?? "-")\t\(layout.smallestLabelFigure ?? "-")\n"
          #expect(layout.scriptErrors.isEmpty, "\(width): script errors \(layout.scriptErrors)")
          #expect(layout.documentWidth <= layout.viewportWidth, "\(width): \(layout.overflowing ?? "?") sticks out (\(layout.documentWidth) px)")
          #expect(layout.brokenImages.isEmpty, "\(width): images that did not load: \(layout.brokenImages)")
          #expect(layout.darkBackground == dark, "\(width): the page is not \(dark ? "dark" : "light")")
          if let label = layout.smallestFigureLabel {
            #expect(label >= 11 - 0.01, "\(width): \(layout.smallestLabelFigure ?? "?") shows labels at \(label) px")
          }
          if layout.viewportWidth == 1280 {
            #expect(Double(layout.scrollingCodeBlocks) < 0.1 * Double(max(layout.codeBlocks, 1)),
              "\(width): \(layout.scrollingCodeBlocks) of \(layout.codeBlocks) code blocks scroll sideways")
          }
        }
      }
      try HeadlessChromium.screenshot(url, to: Self.screenshots.appendingPathComponent(stem + "-phone.png"), width: 390, height: 844)

      // Opened at its third section, the page shows that section's heading below the top bar.
      let page = try String(contentsOf: url, encoding: .utf8)
      let text = page.components(separatedBy: "<article").dropFirst().first?.components(separatedBy: "</article>").first ?? ""
      let ids = text.components(separatedBy: "<h2 id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
      guard ids.count >= 3 else { continue }
      let anchored = URL(string: url.absoluteString + "#" + ids[2])!
      let layout = try HeadlessChromium.layout(of: anchored)
      let top = try #require(layout.targetTop)
      #expect(top >= layout.topBarBottom && (top <= layout.topBarBottom + 40 || layout.scrollY >= layout.maxScrollY - 1), "\(name)#\(ids[2]) is at \(top) px")
      try HeadlessChromium.screenshot(anchored, to: Self.screenshots.appendingPathComponent(stem + "-anchor.png"))
    }
    // What was measured, beside the screenshots.
    try Data(measurements.utf8).write(to: Self.screenshots.appendingPathComponent("measurements.tsv"))
  }
}
