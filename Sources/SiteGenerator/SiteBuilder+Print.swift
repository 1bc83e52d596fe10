import Foundation

/// The whole course on one page (as mdBook's print.html), for printing or saving as a PDF.
extension SiteBuilder {
  /// Every written chapter, in order, each starting a printed page. Ids are prefixed with the
  /// chapter's slug (`neurons-why-squash`) so they stay unique, and links between chapters
  /// become links within the page.
  func printPage(chapters: [(chapter: SiteChapter, content: PageContent, figure: String?)], strings: SiteStrings = .english) -> Page {
    let slugs = Set(chapters.map(\.chapter.slug))
    var body = "<h1 id=\"the-whole-course\">\(strings.printTitle)</h1><p class=\"print-note\">\(strings.printNote)</p>"
    var headings: [PageHeading] = []
    for entry in chapters {
      let slug = entry.chapter.slug
      var chapterBody = entry.content.body
        .replacingText(" id=\"", with: " id=\"\(slug)-")
        .replacingText("href=\"#", with: "href=\"#\(slug)-")
      chapterBody = replacingMatches(of: #"href="([a-z0-9-]+)\.html(#[^"]*)?""#, in: chapterBody) { groups in
        guard slugs.contains(groups[1]) else { return groups[0] }
        let fragment = groups[2].isEmpty ? "" : "-" + groups[2].dropFirst()
        return "href=\"#\(groups[1])\(fragment)\""
      }
      body += "<section class=\"print-chapter\" id=\"\(slug)\" aria-label=\"\(strings.chapter(entry.chapter.number))\">\(chapterBody)</section>"
      headings.append(PageHeading(
        level: 2, id: slug, html: "\(entry.chapter.number). \(HTMLText.escape(entry.chapter.title))",
        text: "\(entry.chapter.number). \(entry.chapter.title)"))
    }
    if chapters.isEmpty { body += "<p>\(strings.noChapterYet)</p>" }
    // No search entries: a search finds each section on its chapter's page.
    let content = PageContent(
      title: strings.printTitle, body: body, headings: headings, sections: [],
      links: allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: body).map { HTMLText.unescape($0[1]) })
    return Page(
      fileName: Self.printPageName, navigationTitle: strings.printNavigation, content: content,
      sourcePath: "Site/templates/page.html", sourceText: { "" }, anchors: nil)
  }

  /// The print page's file name.
  static let printPageName = "print.html"
}
