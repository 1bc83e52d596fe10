import Foundation
import Literate

/// Turns a page's Markdown into the body of a page: HTML from cmark-gfm, then
/// anchors on headings, highlighted code with its source named, figures with
/// captions, scrollable tables, and KaTeX's HTML in place of each formula.
struct PageRenderer {
  /// KaTeX's HTML for each formula, by (display, tex).
  let math: [KaTeXRenderer.Request: String]
  /// Each formula as readable text (`MathText`), for the search index; TeX when there is none.
  var mathText: [KaTeXRenderer.Request: String] = [:]
  /// The words the page's own markup says (`Chapter 3`, `Full size`), in its edition's language.
  var strings: SiteStrings = .english

  func render(_ source: MarkdownSource, chapterNumber: Int? = nil) -> PageContent {
    var html = HTMLText.showingControlCharacters(Markdown.html(source.markdown))
    let formulaHTML: (Int) -> String = { index in
      guard source.formulas.indices.contains(index) else { return "" }
      let formula = source.formulas[index]
      return math[KaTeXRenderer.Request(tex: formula.tex, display: formula.display)] ?? HTMLText.escape(formula.tex)
    }
    let formulaTeX: (Int) -> String = { source.formulas.indices.contains($0) ? source.formulas[$0].tex : "" }
    let formulaText: (Int) -> String = { index in
      guard source.formulas.indices.contains(index) else { return "" }
      let formula = source.formulas[index]
      return mathText[KaTeXRenderer.Request(tex: formula.tex, display: formula.display)] ?? formula.tex
    }

    html = highlightCode(html)
    html = placeFigures(html, source: source, tex: formulaText)
    html = html.replacingText("<table>", with: "<div class=\"table-wrap\"><table>")
      .replacingText("</table>", with: "</table></div>")

    // Headings get ids (unique on the page); the first h1 is the title. A chapter's h2 are
    // numbered 1, 2, … (`ChapterSections`), their ids the text's without the number.
    var headings: [PageHeading] = []
    var namer = ChapterSections.AnchorNamer()
    var sectionCount = 0
    var title = ""
    html = replacingMatches(of: #"<h([1-6])>(.*?)</h\1>"#, in: html) { groups in
      let level = Int(groups[1]) ?? 2
      var inner = groups[2]
      var text = HTMLText.plainText(Self.replacingTokens(in: inner) { formulaTeX($0) })
      let id = namer.anchor(for: text)
      // A translated heading names its source's anchor, `一维卷积 {#convolution-in-one-dimension}`: the id, not text.
      if let explicit = ChapterSections.explicitAnchor(text) {
        text = explicit.title
        if let open = inner.range(of: "{#", options: .backwards) { inner = String(inner[..<open.lowerBound]).trimmingCharacters(in: .whitespaces) }
      }
      if chapterNumber != nil && level == 2 {
        sectionCount += 1
        inner = "<span class=\"section-number\">\(sectionCount).</span> " + inner
        text = "\(sectionCount). " + text
      }
      headings.append(PageHeading(level: level, id: id, html: inner, text: text))
      if level == 1 && title.isEmpty {
        title = text
        if let chapterNumber {
          return "<h1 id=\"\(id)\"><span class=\"chapter-number\">\(strings.chapter(chapterNumber))</span> \(inner)</h1>"
        }
      }
      let anchor = level > 1 ? "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"\(strings.linkToSection)\">#</a>" : ""
      return "<h\(level) id=\"\(id)\">\(inner)\(anchor)</h\(level)>"
    }
    if chapterNumber != nil { html = SectionReference.marking(html) }

    let sections = Self.searchSections(html, headings: headings, formulaText: formulaText)
    let links = allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: html).map { HTMLText.unescape($0[1]) }

    // Display formulas stand alone in a paragraph; inline ones sit in text.
    html = replacingMatches(of: "<p>\u{27E6}M([0-9]+)\u{27E7}</p>", in: html) { groups in
      "<div class=\"math-display\">\(formulaHTML(Int(groups[1]) ?? -1))</div>"
    }
    html = Self.replacingTokens(in: html) { formulaHTML($0) }
    headings = headings.map { PageHeading(level: $0.level, id: $0.id, html: Self.replacingTokens(in: $0.html) { formulaHTML($0) }, text: $0.text) }
    return PageContent(title: title, body: html, headings: headings, sections: sections, links: links)
  }

  /// Replaces every math token (`⟦m3⟧`, `⟦M3⟧`) with what `replacement` gives for its index.
  ///
  /// - Complexity: one pass over the text's UTF-8 bytes.
  static func replacingTokens(in text: String, with replacement: (Int) -> String) -> String {
    // ⟦ is E2 9F A6 in UTF-8, ⟧ is E2 9F A7.
    let utf8 = Array(text.utf8)
    var output: [UInt8] = []
    var last = 0
    var index = 0
    while index + 2 < utf8.count {
      guard utf8[index] == 0xE2, utf8[index + 1] == 0x9F, utf8[index + 2] == 0xA6 else { index += 1; continue }
      var cursor = index + 3
      guard cursor < utf8.count, utf8[cursor] == UInt8(ascii: "m") || utf8[cursor] == UInt8(ascii: "M") else { index += 3; continue }
      cursor += 1
      var number = 0
      let digitsStart = cursor
      while cursor < utf8.count, utf8[cursor] >= UInt8(ascii: "0"), utf8[cursor] <= UInt8(ascii: "9"), cursor - digitsStart < 9 {
        number = number * 10 + Int(utf8[cursor] - UInt8(ascii: "0"))
        cursor += 1
      }
      guard cursor > digitsStart, cursor + 2 < utf8.count, utf8[cursor] == 0xE2, utf8[cursor + 1] == 0x9F, utf8[cursor + 2] == 0xA7
      else { index += 3; continue }
      if output.isEmpty { output.reserveCapacity(utf8.count * 2) }
      output += utf8[last..<index]
      output += replacement(number).utf8
      index = cursor + 3
      last = index
    }
    if last == 0 { return text }
    output += utf8[last...]
    return String(decoding: output, as: UTF8.self)
  }

  /// Swift code blocks, coloured; every block gets a caption naming its source when it was included.
  private func highlightCode(_ html: String) -> String {
    replacingMatches(of: #"<pre><code([^>]*)>(.*?)</code></pre>"#, in: html, options: [.dotMatchesLineSeparators]) { groups in
      let attributes = groups[1]
      let language = allMatches(of: #"class="language-([^"]+)""#, in: attributes).first?[1] ?? ""
      let meta = HTMLText.unescape(allMatches(of: #"data-meta="([^"]*)""#, in: attributes).first?[1] ?? "")
      var code = groups[2]
      if language == "swift" { code = SwiftHighlighter.html(for: HTMLText.unescape(code)) }
      // Every block has a caption bar: its source file and region, or its language (the copy button goes there).
      var caption = "<figcaption class=\"code-source\"><span class=\"code-language\">\(HTMLText.escape(Self.languageName(language)))</span></figcaption>"
      let words = meta.split(separator: " ")
      if let source = words.first(where: { $0.hasPrefix("source=") }) {
        let parts = source.dropFirst("source=".count).split(separator: "#", maxSplits: 1)
        var file = "<span class=\"code-file\">\(HTMLText.escape(String(parts[0])))</span>"
        // The file's own page, at the region, when the build made one (`SourcePage`).
        if let page = words.first(where: { $0.hasPrefix("page=") }).map({ String($0.dropFirst("page=".count)) }) {
          let anchor = parts.count > 1 ? "#" + SourcePage.regionAnchor(String(parts[1])) : ""
          file = "<a class=\"code-file\" href=\"\(HTMLText.escape(page + anchor))\" title=\"\(strings.wholeFile)\">\(HTMLText.escape(String(parts[0])))</a>"
        }
        let region = parts.count > 1 ? " <span class=\"code-region\">\(HTMLText.escape(String(parts[1])))</span>" : ""
        caption = "<figcaption class=\"code-source\">\(file)\(region)</figcaption>"
      }
      let languageClass = language.isEmpty ? "" : " class=\"language-\(HTMLText.escape(language))\""
      return "<figure class=\"code-block\">\(caption)<pre><code\(languageClass)>\(code)</code></pre></figure>"
    }
  }

  /// What a code block without a source file is called in its caption bar.
  static func languageName(_ language: String) -> String {
    switch language {
    case "": "text"
    case "sh", "bash", "console", "shell": "shell"
    default: language
    }
  }

  /// A paragraph holding only an image becomes a figure with a caption; chapter
  /// figures point at their folder in the site. A run's figure is shown no wider than it
  /// was drawn and no narrower than keeps its labels readable (`FigureSize`): a narrow
  /// screen scrolls it in its frame; a click opens it alone, full size.
  private func placeFigures(_ html: String, source: MarkdownSource, tex: @escaping (Int) -> String) -> String {
    var html = html
    if let folder = source.figureFolder {
      html = html.replacingText("src=\"figures/", with: "src=\"\(folder)")
    }
    return replacingMatches(of: #"<p><img src="([^"]*)" alt="([^"]*)"(?: title="[^"]*")? /></p>"#, in: html) { groups in
      let captionHTML = groups[2]
      let alt = HTMLText.escape(HTMLText.unescape(Self.replacingTokens(in: captionHTML) { tex($0) }))
      let written = source.figureFolder.map { "figures/" + groups[1].dropFirst($0.count) } ?? groups[1]
      guard let size = source.figureSizes[HTMLText.unescape(written)] else {
        return "<figure class=\"figure\"><img src=\"\(groups[1])\" alt=\"\(alt)\" loading=\"lazy\">"
          + "<figcaption>\(captionHTML)</figcaption></figure>"
      }
      // The alt text says what the figure shows (Plotting's description); the caption beside it, what to see in it.
      let description = size.description.map(HTMLText.escape) ?? alt
      return "<figure class=\"figure\"><div class=\"figure-frame\"><a class=\"figure-open\" href=\"\(groups[1])\" title=\"\(strings.openFigure)\">"
        + "<img src=\"\(groups[1])\" alt=\"\(description)\" \(size.imageAttributes) loading=\"lazy\"></a></div>"
        + "<figcaption>\(captionHTML) <a class=\"figure-full\" href=\"\(groups[1])\">\(strings.fullSize)</a></figcaption></figure>"
    }
  }

  /// The page's text, split at its h2 and h3 headings, formulas as `formulaText` gives them.
  /// The headings still hold their math tokens (the ids keep the TeX, so anchors do not move).
  static func searchSections(_ html: String, headings: [PageHeading], formulaText: (Int) -> String) -> [SearchSection] {
    var sections: [SearchSection] = []
    var anchor = ""
    func headingText(_ heading: PageHeading?) -> String {
      // A formula's text is escaped before tags are dropped: `p < 0.5` is text, not the start of a tag
      // (which swallowed the rest of its section).
      heading.map { HTMLText.plainText(replacingTokens(in: $0.html) { HTMLText.escape(formulaText($0)) }) } ?? ""
    }
    var heading = headingText(headings.first)
    func flush(_ buffer: Substring) {
      let text = HTMLText.plainText(replacingTokens(in: String(buffer)) { HTMLText.escape(formulaText($0)) })
      if !text.isEmpty { sections.append(SearchSection(anchor: anchor, heading: heading, text: text)) }
    }
    // Sections start at each `<h1 id="…">…</h1>`, `<h2 …` or `<h3 …`.
    var sectionStart = html.startIndex
    var searchFrom = html.startIndex
    while let open = html.firstRange(ofText: "<h", from: searchFrom) {
      searchFrom = open.upperBound
      guard let (id, end) = Self.heading(in: html, at: open.upperBound) else { continue }
      flush(html[sectionStart..<open.lowerBound])
      anchor = html[open.upperBound] == "1" ? "" : id
      heading = headingText(headings.first { $0.id == id })
      sectionStart = end
      searchFrom = end
    }
    flush(html[sectionStart...])
    return sections
  }

  /// The id of a heading `1 id="…">…</h1>` (levels 1 to 3) that starts at `start`,
  /// just after its `<h`, and where its end tag ends.
  private static func heading(in html: String, at start: String.Index) -> (id: String, end: String.Index)? {
    let utf8 = html.utf8
    let levels = UInt8(ascii: "1")...UInt8(ascii: "3")
    guard start < html.endIndex, levels.contains(utf8[start]) else { return nil }
    let prefix = " id=\""
    let afterLevel = utf8.index(after: start)
    guard html[afterLevel...].hasPrefix(prefix) else { return nil }
    let idStart = utf8.index(afterLevel, offsetBy: prefix.utf8.count)
    guard let quote = html.firstRange(ofText: "\">", from: idStart) else { return nil }
    let id = html[idStart..<quote.lowerBound]
    guard !id.contains("\"") else { return nil }
    var search = quote.upperBound
    while let close = html.firstRange(ofText: "</h", from: search) {
      let levelIndex = close.upperBound
      if levelIndex < html.endIndex, levels.contains(utf8[levelIndex]) {
        let after = utf8.index(after: levelIndex)
        if after < html.endIndex, utf8[after] == UInt8(ascii: ">") { return (String(id), utf8.index(after: after)) }
      }
      search = close.upperBound
    }
    return nil
  }
}
