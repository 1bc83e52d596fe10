import Foundation
import Literate

/// The Chinese edition: the same pages under `zh/`, made from each text's translation where it
/// has one (Chapters/README.md, "The Chinese edition"), with the same runs, figures and code.
extension SiteBuilder {
  /// The chapters (slugs) and site texts (names) that have a page in `language`'s edition.
  func editionNames(_ language: SiteLanguage) -> Set<String> {
    let manager = FileManager.default
    var names: Set<String> = []
    for chapter in configuration.chapters
    where manager.fileExists(atPath: configuration.chapterDirectory(chapter).appendingPathComponent(language.textFileName("chapter.md")).path) {
      names.insert(chapter.slug)
    }
    for name in Self.siteTexts
    where manager.fileExists(atPath: configuration.siteDirectory.appendingPathComponent("content/" + language.textFileName("\(name).md")).path) {
      names.insert(name)
    }
    return names
  }

  /// The Chinese pages, in the English pages' order, for the texts that have a translation: chapters,
  /// the landing page (its cards link the chapters not translated yet to their English pages), the
  /// gathered pages, the sources page, and the print page of the translated chapters.
  func chineseEdition(
    chapterTexts: [TextPage], siteTexts: [String: TextPage], englishChapters: [(chapter: SiteChapter, content: PageContent, figure: String?)],
    coming: [SiteChapter]
  ) -> [Page] {
    let language = SiteLanguage.chinese
    let strings = language.strings
    var pages: [Page] = []
    var chapterPages: [(chapter: SiteChapter, content: PageContent, figure: String?)] = []
    for text in chapterTexts {
      guard let chapter = text.chapter, let content = text.content else { continue }
      // Its own title (the translation's `#` heading) in its lists.
      let title = content.title.isEmpty ? chapter.title : content.title
      var page = page(text, fileName: "\(chapter.slug).html", navigationTitle: title)
      page.directory = language.directory
      pages.append(page)
      let figure = text.figures.first.map { "figures/\(chapter.slug)/" + $0.dropFirst("figures/".count) }
      chapterPages.append((SiteChapter(number: chapter.number, slug: chapter.slug, title: title), content, figure))
    }
    func sitePage(_ name: String, fileName: String, title: String) -> Page? {
      guard let text = siteTexts[name] else { return nil }
      var page = page(text, fileName: fileName, navigationTitle: title)
      page.directory = language.directory
      return page
    }
    if var landing = sitePage("index", fileName: "index.html", title: strings.home) {
      let translated = Set(chapterPages.map(\.chapter.slug))
      landing.content.body = landing.content.body.replacingText(
        "<p>{{chapters}}</p>",
        with: chapterCards(chapterPages, coming: coming, otherEdition: englishChapters.filter { !translated.contains($0.chapter.slug) }, language: language))
      landing.anchors = nil
      pages.insert(landing, at: 0)
    }
    for (name, title) in [("article-check", strings.articleCheck), ("exercises", strings.exercises)] {
      guard let intro = sitePage(name, fileName: "", title: "") else { continue }
      var page = gatheredPage(
        fileName: "\(name).html", navigationTitle: title, intro: intro, sectionTitle: name == "exercises" ? "Exercises" : "Article check",
        chapters: chapterPages, notes: name == "exercises" ? exerciseNotes(strings) : [:], strings: strings)
      page.directory = language.directory
      pages.append(page)
    }
    if let sources = sitePage("sources", fileName: "sources.html", title: strings.sources) { pages.append(sources) }
    if let glossary = sitePage("glossary", fileName: "glossary.html", title: strings.glossary) { pages.append(glossary) }
    if !chapterPages.isEmpty {
      var print = printPage(chapters: chapterPages, strings: strings)
      print.directory = language.directory
      pages.append(print)
    }
    return pages
  }

  /// The chapter list of the Chinese pages: every English page, as its Chinese twin where there is
  /// one, else as the English page itself (`../cnn.html`, marked as English), so no chapter is out of reach.
  func chineseNavigation(english: [Page], chinese: [Page]) -> [Page] {
    let root = SiteLanguage.chinese.root
    return english.map { page in
      if let twin = chinese.first(where: { $0.fileName == page.fileName }) { return twin }
      var other = Page(
        fileName: root + page.fileName, navigationTitle: page.navigationTitle + SiteLanguage.chinese.strings.otherEditionOnly,
        content: page.content, sourcePath: page.sourcePath, sourceText: page.sourceText, anchors: nil)
      other.directory = SiteLanguage.chinese.directory
      return other
    }
  }

  /// The note a build prints when some English pages have no Chinese twin yet, or nil.
  func missingTranslationsNote(english: [Page], chinese: [Page]) -> String? {
    let translated = Set(chinese.map(\.fileName))
    let missing = english.map(\.fileName).filter { !translated.contains($0) }
    guard !missing.isEmpty else { return nil }
    return "Chinese edition: \(missing.count) of \(english.count) pages not translated yet, built in English only: "
      + missing.joined(separator: ", ")
  }

  /// Whether a translation (`file`, of the English `englishFile`) records the English bytes as
  /// they are: an outdated one is a note and a banner on its page; one that records nothing, a problem
  /// (reported here unless `reportsMissing` is false: a chapter's lint reports it).
  func translationState(_ file: URL, of englishFile: URL, reportsMissing: Bool = true, issues: inout IssueLog) -> Translation.SourceState {
    guard let text = try? String(contentsOf: file, encoding: .utf8), let english = FileManager.default.contents(atPath: englishFile.path) else {
      return .current  // Loading it reports what cannot be read.
    }
    let state = Translation.sourceState(of: text, englishName: englishFile.lastPathComponent, english: english)
    if case .missing(let expected) = state, reportsMissing {
      issues.add(configuration.relativePath(file), 1, "the first line must record the English it translates: \(expected)")
    }
    return state
  }

  /// The switch to the page's twin in the other edition, at the same section (site.js keeps the
  /// `#section` and remembers the choice); nothing when the twin does not exist.
  func languageSwitch(_ page: Page, language: SiteLanguage, twins: Set<String>) -> String {
    guard twins.contains(page.fileName) else { return "" }
    let other = language.other
    let href = language.root + other.directory + page.fileName
    return "<a class=\"language-switch\" href=\"\(href)\" hreflang=\"\(other.code)\" lang=\"\(other.code)\" "
      + "data-language=\"\(other.storedName)\">\(other.name)</a>"
  }
}
