import Foundation

/// An article check quotes the article verbatim, at the line it cites: `000 §4.2, line 118: 「原文」`
/// (in a Chinese text also `000 §4.2 第 118 行：「原文」`).
/// Every citation is checked against the article when the articles are found, and every quote in
/// the "Article check" section must have one.
extension ChapterLint {
  func quoteIssues(_ inputs: Inputs, textName: String) -> [LintIssue] {
    let (quotes, openings) = ArticleQuote.citations(in: inputs.markdown, chineseForm: isTranslation)
    var issues = unsourcedQuoteIssues(inputs, openings: openings, textName: textName)
    guard let articlesDirectory else { return issues }
    let articles = ArticleSources(directory: articlesDirectory)
    for quote in quotes {
      guard let file = articles.file(quote.article), let lines = inputs.articleLines[file.path] else {
        let present = articles.numbers
        issues.append(LintIssue(
          file: textName, line: quote.line,
          message: "\(quote.article) §\(quote.section): no article \(quote.article)_*.txt in \(articlesDirectory.path) "
            + "(its articles: \(present.isEmpty ? "none" : present.joined(separator: ", ")))"))
        continue
      }
      let name = file.lastPathComponent
      guard lines.indices.contains(quote.articleLine - 1) else {
        issues.append(LintIssue(
          file: textName, line: quote.line,
          message: "\(quote.article) §\(quote.section), line \(quote.articleLine): \(name) has \(lines.count) lines"))
        continue
      }
      let articleLine = lines[quote.articleLine - 1]
      let fragments = quote.fragments
      let missing = fragments.filter { !articleLine.contains($0) }
      guard !missing.isEmpty || fragments.isEmpty else {
        if let issue = sectionIssue(quote, lines: lines, name: name, textName: textName) { issues.append(issue) }
        continue
      }
      let shown = articleLine.count > 80 ? articleLine.prefix(80) + "…" : Substring(articleLine)
      let what = fragments.isEmpty ? "the quote is empty" : "「\(missing[0])」 is not on that line"
      issues.append(LintIssue(
        file: textName, line: quote.line,
        message: "\(quote.article) §\(quote.section), line \(quote.articleLine): \(what) of \(name), which says 「\(shown)」"))
    }
    return issues
  }

  /// A citation whose section is not the one that holds its line (`000 §4.3, line 112` where
  /// line 112 sits under `### 4.2`): the section must be the numbered heading above the line,
  /// or one that contains it or that it contains (`§4` for a line under `4.2`). Lines under no
  /// numbered heading are not checked.
  private func sectionIssue(_ quote: ArticleQuote, lines: [String], name: String, textName: String) -> LintIssue? {
    guard let (number, heading) = ArticleSources.numberedSection(holding: quote.articleLine, in: lines) else { return nil }
    let cited = quote.section.hasSuffix(".") ? String(quote.section.dropLast()) : quote.section
    if number == cited || number.hasPrefix(cited + ".") || cited.hasPrefix(number + ".") { return nil }
    return LintIssue(
      file: textName, line: quote.line,
      message: "\(quote.article) §\(quote.section), line \(quote.articleLine): that line of \(name) is in §\(number) "
        + "(「\(heading.prefix(40))」): cite §\(number)")
  }

  /// An article the chapter cites (`003 §4`) that it never links on the sources page: a reader
  /// must be able to reach each article's description from the chapter that checks it.
  func sourceLinkIssues(_ structure: MarkdownStructure, textName: String) -> [LintIssue] {
    let linked = Set(structure.links.compactMap { link -> String? in
      guard let range = link.destination.range(of: "sources.md#article-") else { return nil }
      return String(link.destination[range.upperBound...].prefix(3))
    })
    var reported: Set<String> = []
    var issues: [LintIssue] = []
    for (line, text) in structure.prose {
      for match in Self.articleCitation.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let article = String(text[Range(match.range(at: 1), in: text)!])
        guard !linked.contains(article), reported.insert(article).inserted else { continue }
        issues.append(LintIssue(
          file: textName, line: line,
          message: "article \(article) is cited but never linked: link it once, where the chapter says what it mirrors, "
            + "as [article \(article)](../../Site/content/sources.md#article-\(article))"))
      }
    }
    return issues
  }

  private static let articleCitation = try! NSRegularExpression(pattern: #"(?<![\d.])(\d{3})\s+§"#)

  /// A 「 in the "Article check" section that opens no citation: every quote there names its source.
  private func unsourcedQuoteIssues(_ inputs: Inputs, openings: Set<Int>, textName: String) -> [LintIssue] {
    let headings = inputs.directives.structure.headings
    guard let start = headings.firstIndex(where: { $0.level == 2 && Self.isArticleCheck($0.text) }) else { return [] }
    let firstLine = headings[start].line
    let lastLine = headings[(start + 1)...].first { $0.level <= 2 }.map { $0.line - 1 } ?? Int.max
    let text = inputs.markdown
    let lineStarts = ArticleQuote.lineStartOffsets(text)
    var issues: [LintIssue] = []
    for (offset, unit) in text.utf16.enumerated() where unit == 0x300C && !openings.contains(offset) {  // 「
      let line = ArticleQuote.line(ofOffset: offset, lineStarts: lineStarts)
      guard line > firstLine, line <= lastLine else { continue }
      issues.append(LintIssue(
        file: textName, line: line,
        message: isTranslation
          ? "a quote 「…」 in the article check without its source: write it as NNN §S 第 L 行：「verbatim text」 (Chapters/README.md)"
          : "a quote 「…」 in the article check without its source: write it as NNN §S, line L: 「verbatim text」 (Chapters/README.md)"))
    }
    return issues
  }

  /// Whether a `##` heading is the article check ("Article check", "Article check: 000 §4",
  /// or a translation's "文章核对 {#article-check}").
  static func isArticleCheck(_ heading: String) -> Bool {
    if let explicit = ChapterSections.explicitAnchor(heading) { return explicit.anchor.hasPrefix("article-check") }
    return heading.lowercased().hasPrefix("article check")
  }
}
