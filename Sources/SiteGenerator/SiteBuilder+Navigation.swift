import Foundation

/// The parts of a page that come from the whole site: sidebar, contents,
/// previous/next, the landing page's chapter cards and the gathered pages.
extension SiteBuilder {
  /// The chapter list, with the current page marked for screen readers.
  func sidebar(pages: [Page], current: Int, coming: [SiteChapter], hasAPI: Bool, language: SiteLanguage = .english) -> String {
    let strings = language.strings
    var items: [(order: Int, html: String)] = []
    for (index, page) in pages.enumerated() {
      let currentMark = index == current ? " aria-current=\"page\"" : ""
      // A page of the other edition (`../cnn.html`, no translation yet) keeps its place in the list.
      let chapter = configuration.chapters.first { "\($0.slug).html" == page.fileName || "\(language.root)\($0.slug).html" == page.fileName }
      let number = chapter.map { "<span class=\"nav-number\">\($0.number)</span> " } ?? ""
      let order = chapter.map { $0.number * 10 } ?? (page.fileName == "\(language.root)index.html" || page.fileName == "index.html" ? 0 : 1000 + index)
      // The current page's sections, under its entry: the contents where there is no contents column (a phone's drawer).
      let sections = index == current ? pageSections(page.content.headings, strings: strings) : ""
      items.append((order, "<li><a href=\"\(page.fileName)\"\(currentMark)>\(number)\(HTMLText.escape(page.navigationTitle))</a>\(sections)</li>"))
    }
    for chapter in coming {
      items.append((chapter.number * 10, "<li class=\"coming\"><span><span class=\"nav-number\">\(chapter.number)</span> "
        + "\(HTMLText.escape(chapter.title)) <em>\(strings.coming)</em></span></li>"))
    }
    if hasAPI {
      items.append((2000, "<li><a href=\"\(language.root)api/documentation/autograd/index.html\">\(strings.apiReference)</a></li>"))
    }
    return "<ol class=\"nav-list\">" + items.sorted { $0.order < $1.order }.map(\.html).joined() + "</ol>"
  }

  /// The page's top sections (h2) as a list for the chapter list, or nothing for a page with fewer than two.
  func pageSections(_ headings: [PageHeading], strings: SiteStrings = .english) -> String {
    let entries = headings.filter { $0.level == 2 }
    guard entries.count >= 2 else { return "" }
    return "<ol class=\"nav-sections\" aria-label=\"\(strings.onThisPage)\">"
      + entries.map { "<li><a href=\"#\($0.id)\">\($0.html)</a></li>" }.joined() + "</ol>"
  }

  /// The page's sections (h2 and h3), or nothing for a page with fewer than two.
  func tableOfContents(_ headings: [PageHeading], strings: SiteStrings = .english) -> String {
    // A long page (the API reference) lists its top sections only.
    let deep = headings.filter { $0.level == 3 }.count <= 40
    let entries = headings.filter { $0.level == 2 || ($0.level == 3 && deep) }
    guard entries.count >= 2 else { return "" }
    let items = entries.map { heading in
      "<li class=\"toc-level-\(heading.level)\"><a href=\"#\(heading.id)\">\(heading.html)</a></li>"
    }
    return "<nav class=\"page-toc\" aria-labelledby=\"toc-title\"><h2 id=\"toc-title\">\(strings.onThisPage)</h2><ol>"
      + items.joined() + "</ol></nav>"
  }

  func previousNext(pages: [Page], current: Int, strings: SiteStrings = .english) -> String {
    var links: [String] = []
    if current > 0 {
      let page = pages[current - 1]
      links.append("<a class=\"prev\" rel=\"prev\" href=\"\(page.fileName)\"><span class=\"direction\">\(strings.previous)</span> \(HTMLText.escape(page.navigationTitle))</a>")
    }
    if current + 1 < pages.count {
      let page = pages[current + 1]
      links.append("<a class=\"next\" rel=\"next\" href=\"\(page.fileName)\"><span class=\"direction\">\(strings.next)</span> \(HTMLText.escape(page.navigationTitle))</a>")
    }
    return "<nav class=\"prev-next\" aria-label=\"\(strings.previousAndNext)\">" + links.joined() + "</nav>"
  }

  /// The landing page's chapter list: each written chapter with its first figure and opening sentence.
  ///
  /// - Parameter otherEdition: chapters with a page in the other edition only (`../cnn.html`), marked so.
  func chapterCards(
    _ chapters: [(chapter: SiteChapter, content: PageContent, figure: String?)], coming: [SiteChapter],
    otherEdition: [(chapter: SiteChapter, content: PageContent, figure: String?)] = [], language: SiteLanguage = .english
  ) -> String {
    let strings = language.strings
    let entries = chapters.map { ($0, "", "") } + otherEdition.map { ($0, language.root, strings.otherEditionOnly) }
    var cards: [(Int, String)] = entries.map { entry, root, mark in
      let opening = entry.content.sections.first?.text ?? ""
      // Formulas are readable text here (`MathText`), so the sentence keeps them.
      let sentence = opening.split(separator: strings.sentenceEnd, maxSplits: 1).first.map { String($0) + String(strings.sentenceEnd) } ?? ""
      let figure = entry.figure.map { "<img src=\"\(root)\($0)\" alt=\"\" loading=\"lazy\">" } ?? ""
      return (entry.chapter.number, "<li class=\"chapter-card\"><a href=\"\(root)\(entry.chapter.slug).html\">\(figure)"
        + "<span class=\"card-number\">\(strings.chapter(entry.chapter.number))</span>"
        + "<span class=\"card-title\">\(HTMLText.escape(entry.chapter.title))\(mark)</span></a>"
        + "<p>\(HTMLText.escape(sentence))</p></li>")
    }
    cards += coming.map { chapter in
      (chapter.number, "<li class=\"chapter-card coming\"><span class=\"card-number\">\(strings.chapter(chapter.number))</span>"
        + "<span class=\"card-title\">\(HTMLText.escape(chapter.title))</span><p>\(strings.comingSoon)</p></li>")
    }
    return "<ol class=\"chapter-cards\">" + cards.sorted { $0.0 < $1.0 }.map(\.1).joined() + "</ol>"
  }

  /// The learner's progress under each chapter of the exercises page, in an edition's words.
  func exerciseNotes(_ strings: SiteStrings) -> [String: String] {
    configuration.exerciseProgress.mapValues { strings.exerciseProgress($0.passed, $0.total) }
  }

  /// A page that gathers one section (by its h2 title) from every chapter:
  /// the article checks, the exercises, after the page's own introduction (`intro`);
  /// `notes` (by chapter slug) go under a chapter's heading.
  func gatheredPage(
    fileName: String, navigationTitle: String, intro: Page, sectionTitle: String,
    chapters: [(chapter: SiteChapter, content: PageContent, figure: String?)], notes: [String: String] = [:],
    strings: SiteStrings = .english
  ) -> Page {
    var content = intro.content
    if content.title.isEmpty { content.title = navigationTitle }
    let anchor = HTMLText.slug(sectionTitle)
    var body = content.body
    for entry in chapters {
      let chapterBody = entry.content.body
      guard let start = chapterBody.firstRange(ofText: "<h2 id=\"\(anchor)\">") else { continue }
      let afterHeading = chapterBody.firstRange(ofText: "</h2>", from: start.upperBound)?.upperBound ?? start.upperBound
      let end = chapterBody.firstRange(ofText: "<h2 ", from: afterHeading)?.lowerBound ?? chapterBody.endIndex
      // Ids inside the section get the chapter's slug in front, to stay unique here, and each
      // heading's # links to its copy on this page; other links into the chapter go to the chapter.
      let slug = entry.chapter.slug
      let section = String(chapterBody[afterHeading..<end])
        .replacingText(" id=\"", with: " id=\"\(slug)-")
        .replacingText("href=\"#", with: "href=\"\(slug).html#")
        .replacingText("<a class=\"anchor\" href=\"\(slug).html#", with: "<a class=\"anchor\" href=\"#\(slug)-")
      let id = "\(slug)-\(anchor)"
      body += "<section class=\"gathered\" aria-labelledby=\"\(id)\"><h2 id=\"\(id)\">"
        + "<span class=\"chapter-number\">\(strings.chapter(entry.chapter.number))</span> \(HTMLText.escape(entry.chapter.title))"
        + "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"\(strings.linkToSection)\">#</a></h2>"
        + (notes[entry.chapter.slug].map { "<p class=\"gathered-note\">\(HTMLText.escape($0))</p>" } ?? "")
        + section + "<p class=\"gathered-source\"><a href=\"\(entry.chapter.slug).html#\(anchor)\">\(strings.readInChapter(entry.chapter.number))</a></p></section>"
      content.headings.append(PageHeading(level: 2, id: id, html: HTMLText.escape(entry.chapter.title), text: entry.chapter.title))
    }
    if chapters.isEmpty { body += "<p>\(strings.noChapterYet)</p>" }
    content.body = body
    content.links = allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: content.body).map { HTMLText.unescape($0[1]) }
    return Page(
      fileName: fileName, navigationTitle: navigationTitle, content: content,
      sourcePath: intro.sourcePath, sourceText: intro.sourceText, anchors: nil)
  }
}
