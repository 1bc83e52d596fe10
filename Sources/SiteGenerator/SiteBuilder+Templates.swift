import Foundation

/// Pages wrapped in `Site/templates/page.html`, one edition at a time.
extension SiteBuilder {
  /// One edition's pages and what its template needs around them.
  struct Edition {
    let language: SiteLanguage
    let pages: [Page]
    /// The chapter list and previous/next order (the Chinese one holds English pages not translated yet).
    let navigation: [Page]
    let siteTitle: String
    let banner: String
    /// Pages (file names) translated from an older English text: they say so in a banner.
    var outdated: Set<String> = []
    /// Pages (file names) the other edition has.
    let twins: Set<String>

    /// The landing page, from one of its pages: its own, or the English one while it has none.
    var home: String { pages.contains { $0.fileName == "index.html" } ? "index.html" : language.root + "index.html" }
  }

  /// Every placeholder `page.html` may use.
  static let templateValues = Set(
    ["site_title", "page_title", "page_id", "sidebar", "toc", "content", "prev_next", "description", "preview_banner", "lang", "root", "language_switch", "home"]
      + SiteStrings.english.template.keys)

  /// Writes the edition's pages into `files`, under its folder.
  func renderPages(_ edition: Edition, template: Template, coming: [SiteChapter], hasAPI: Bool, into files: inout [String: SiteFile]) {
    let language = edition.language
    let strings = language.strings
    for page in edition.pages {
      let current = edition.navigation.firstIndex { $0.fileName == page.fileName } ?? -1
      var banner = edition.banner
      if edition.outdated.contains(page.fileName) {
        banner += "<div class=\"outdated-banner\" role=\"note\">"
          + strings.outdated.replacingOccurrences(of: "%@", with: language.root + page.fileName) + "</div>"
      }
      var values = strings.template
      values.merge([
        "site_title": HTMLText.escape(edition.siteTitle),
        "page_title": HTMLText.escape(page.fileName == "index.html" ? edition.siteTitle : page.content.title),
        "page_id": String(page.fileName.dropLast(".html".count)),
        "description": HTMLText.escape(String(page.content.sections.first?.text.prefix(160) ?? "")),
        "sidebar": sidebar(pages: edition.navigation, current: current, coming: coming, hasAPI: hasAPI, language: language),
        "toc": tableOfContents(page.content.headings, strings: strings),
        "content": page.content.body,
        "prev_next": current >= 0 ? previousNext(pages: edition.navigation, current: current, strings: strings) : "",
        "preview_banner": banner,
        "lang": language.code,
        "root": language.root,
        "language_switch": languageSwitch(page, language: language, twins: edition.twins),
        "home": edition.home,
      ]) { _, new in new }
      files[page.path] = .data(Data(template.render(values).utf8))
    }
  }

  /// The source pages (English, reached from code captions only: not in the chapter list, no previous or next).
  func renderSourcePages(_ contents: [PageContent], edition: Edition, template: Template, coming: [SiteChapter], hasAPI: Bool, into files: inout [String: SiteFile]) {
    for content in contents {
      var values = SiteStrings.english.template
      values.merge([
        "site_title": HTMLText.escape(edition.siteTitle), "page_title": HTMLText.escape(content.title), "page_id": "source",
        "description": HTMLText.escape(SiteStrings.english.sourceFile + content.title),
        "sidebar": sidebar(pages: edition.navigation, current: -1, coming: coming, hasAPI: hasAPI),
        "toc": "", "content": content.body, "prev_next": "", "preview_banner": edition.banner, "lang": "en", "root": "", "language_switch": "", "home": "index.html",
      ]) { _, new in new }
      files[SourcePage.fileName(for: content.title)] = .data(Data(template.render(values).utf8))
    }
  }
}
