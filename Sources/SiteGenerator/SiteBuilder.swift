import Foundation
import Literate

/// What a build did.
public struct SiteBuildReport: Sendable {
  /// The site's front page.
  public let indexPage: URL
  /// HTML pages in the site.
  public let pageCount: Int
  /// Bytes of every file in the site (pages, figures, styles, scripts, fonts).
  public let totalBytes: Int
  /// Files written by this build (unchanged files are left alone).
  public let filesWritten: Int
  /// Formulas sent to KaTeX by this build (the rest came from the cache).
  public let formulasRendered: Int
  /// Chapters listed as coming (no text or no executable yet).
  public let comingChapters: [String]
  /// Chapters (slugs) whose pages this build loaded, checked and rendered: their inputs changed, or nothing was cached.
  public let renderedChapters: [String]
  /// Chapters (slugs) whose pages came from the cache: nothing they depend on changed.
  public let reusedChapters: [String]
  /// How long each step of the build took, in order.
  public let phases: [SiteBuildPhase]
  /// What the build noticed that fails nothing: Chinese pages missing or outdated, figures left in English.
  public var notes: [String] = []
}

/// One step of a build and its wall-clock time.
public struct SiteBuildPhase: Sendable {
  public let name: String
  public let seconds: Double
}

/// Builds the course website: chapter texts with their real outputs, math
/// and figures, the landing, article-check and exercises pages, and the
/// offline search index.
///
/// The pipeline: load each written chapter and resolve its includes, metrics
/// and figures (`ChapterDocument`, checked by `Literate`'s `ChapterLint`) →
/// render every new formula in one KaTeX batch, its markup and KaTeX's stylesheet
/// shortened together (`MathStyleSheet`) → Markdown to HTML with cmark-gfm,
/// code highlighted, a chapter's `##` headings numbered (`PageRenderer`) → write the number
/// of every section link from every chapter's sections (`resolveSectionNumbers`) → gather the article checks and exercises
/// → check every internal link and anchor → wrap pages in `Site/templates/page.html`
/// → write only the files whose bytes changed. Any problem fails the build
/// before anything is written, naming its file and line.
///
/// The build is incremental (`PageCache`): a page whose inputs did not change
/// since it was last rendered is neither loaded nor rendered again; the pages
/// made from every chapter (landing, article check, exercises, search index)
/// are put together afresh on every build from the pages' contents.
///
///     let report = try SiteBuilder(configuration).build()
public struct SiteBuilder {
  public let configuration: SiteConfiguration

  public init(_ configuration: SiteConfiguration) { self.configuration = configuration }

  /// The site's own texts (`Site/content/<name>.md`), each a page `<name>.html`, in this order after the chapters.
  static let siteTexts = ["index", "article-check", "exercises", "sources", "glossary"]

  /// The site's pages in reading order, as built.
  struct Page {
    let fileName: String
    let navigationTitle: String
    var content: PageContent
    /// The Markdown file the page came from (relative path), to name in a problem.
    let sourcePath: String
    /// The Markdown as written, read only to find the line of a broken link.
    let sourceText: () -> String
    /// Every `id` in the body, when already known (from the cache or the renderer).
    var anchors: [String]?
    /// Its edition's folder in the site (`SiteLanguage.directory`): `""`, or `"zh/"`.
    var directory = ""
    /// Its path in the site: `zh/cnn.html`.
    var path: String { directory + fileName }
  }

  public func build() throws -> SiteBuildReport {
    var clock = PhaseClock()
    var issues = IssueLog()
    let cache = PageCache(directory: configuration.cacheDirectory.appendingPathComponent("pages"))
    var written: [SiteChapter] = []
    var coming: [SiteChapter] = []
    for chapter in configuration.chapters {
      if configuration.isWritten(chapter) { written.append(chapter) } else { coming.append(chapter) }
    }

    // 1. Sources: a chapter whose files are as they were is not even read.
    var texts = written.map { loadChapter($0, cache: cache, issues: &issues) }
    texts += Self.siteTexts.map { loadSiteText($0, cache: cache, issues: &issues) }
    // The Chinese edition: every text that has its translation (`chapter.zh.md`, `<name>.zh.md`).
    let chineseNames = editionNames(.chinese)
    let chineseChapters = written.filter { chineseNames.contains($0.slug) }
    let chineseSiteTexts = Self.siteTexts.filter { chineseNames.contains($0) }
    let englishCount = texts.count
    texts += chineseChapters.map { loadChapter($0, language: .chinese, cache: cache, issues: &issues) }
    texts += chineseSiteTexts.map { loadSiteText($0, language: .chinese, cache: cache, issues: &issues) }
    var notes: [String] = []
    var outdated: Set<String> = []  // Chinese pages translated from an older English text
    for text in texts[englishCount...] {
      let englishFile = text.file.deletingLastPathComponent().appendingPathComponent(
        text.file.lastPathComponent.replacingOccurrences(of: ".zh.md", with: ".md"))
      guard translationState(text.file, of: englishFile, reportsMissing: text.chapter == nil, issues: &issues) == .outdated else { continue }
      notes.append(Translation.outdatedNote(text.path))
      outdated.insert((text.chapter?.slug ?? text.cacheName.replacingOccurrences(of: "site-zh-", with: "")) + ".html")
    }
    let previewBannerChinese = configuration.isPreview ? readTemplate("templates/preview-banner.zh.html", &issues).text : ""
    let pageTemplate = readTemplate("templates/page.html", &issues)
    // A preview says so on every page; a full site has no banner.
    let previewBanner = configuration.isPreview ? readTemplate("templates/preview-banner.html", &issues).text : ""
    let katexCSS = katexStyleSheet(&issues)
    let siteCSS = siteAssets().filter { $0.pathExtension == "css" }.sorted { $0.path < $1.path }
      .compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    try issues.throwIfAny()
    clock.lap("sources")

    // 2. Math: the site's math style, then the pages to render and their formulas, in one KaTeX batch.
    let renderer = KaTeXRenderer(
      katexDirectory: configuration.katexDirectory, script: configuration.siteDirectory.appendingPathComponent("scripts/render-math.js"),
      cacheFile: configuration.cacheDirectory.appendingPathComponent("katex-cache.json"))
    // The style is remembered under the digest of what decides it (every formula, the stylesheets,
    // KaTeX); pages are keyed by the style itself, so a new formula that leaves every short name
    // as it was re-renders only its own page.
    let formulaDigest = mathDigest(texts, katexCSS: katexCSS, siteCSS: siteCSS, katexVersion: renderer.version)
    var math: [KaTeXRenderer.Request: String] = [:]
    var formulasRendered = 0
    let cachedStyle = cache.mathStyle(digest: formulaDigest)
    if cachedStyle == nil {
      // A new style needs every formula's markup (the cached pages' formulas are in their entries).
      formulasRendered += try renderMath(of: texts.indices, in: texts, into: &math, known: [], renderer: renderer, issues: &issues)
      try issues.throwIfAny()
    }
    let style = cachedStyle?.style ?? MathStyleSheet(katexCSS: katexCSS, siteCSS: siteCSS, formulas: math.values)
    let digest = cachedStyle?.styleDigest ?? styleDigest(style, katexVersion: renderer.version)
    let slugs = configuration.chapters.map(\.slug)
    let keys = texts.map { pageKey($0, mathDigest: digest, slugs: slugs) }
    let stale = texts.indices.filter { texts[$0].cached?.key != keys[$0] }
    for index in stale where texts[index].source == nil { reload(&texts[index], issues: &issues) }
    try issues.throwIfAny()
    // Formulas ready to place: from a stale page's last render when the style is the same, else from KaTeX.
    var ready: [KaTeXRenderer.Request: (html: String, text: String?)] = [:]
    for index in stale {
      if let saved = cache.pageMath(texts[index].cacheName, digest: digest) { ready.merge(saved.formulas) { first, _ in first } }
    }
    formulasRendered += try renderMath(of: stale, in: texts, into: &math, known: Set(ready.keys), renderer: renderer, issues: &issues)
    for (request, html) in math where ready[request] == nil {
      ready[request] = (style.compactor.compact(html), MathText.readable(html))
    }
    clock.lap("math")

    // 3. Pages: render the stale ones, reuse the rest.
    let pageRenderer = PageRenderer(math: ready.mapValues(\.html), mathText: ready.compactMapValues(\.text))
    for index in texts.indices {
      if stale.contains(index) {
        render(&texts[index], with: pageRenderer, slugs: Set(slugs))
      } else if let entry = texts[index].cached {
        texts[index].content = entry.content
        texts[index].anchors = entry.anchors
      }
    }
    clock.lap("render")

    // Section numbers are written into copies: the cache keeps the pages as rendered,
    // so that a number comes from every chapter's sections as they are now.
    var chapterTexts = Array(texts.prefix(written.count))
    var reportedSectionLinks = resolveSectionNumbers(&chapterTexts, issues: &issues)
    var chineseChapterTexts = Array(texts[englishCount..<(englishCount + chineseChapters.count)])
    reportedSectionLinks.formUnion(resolveSectionNumbers(&chineseChapterTexts, numbering: chapterTexts, language: .chinese, issues: &issues))
    var pages: [Page] = []
    var chapterPages: [(chapter: SiteChapter, content: PageContent, figure: String?)] = []
    for text in chapterTexts {
      guard let chapter = text.chapter, let content = text.content else { continue }
      pages.append(page(text, fileName: "\(chapter.slug).html", navigationTitle: chapter.title))
      chapterPages.append((chapter, content, text.figures.first.map { "figures/\(chapter.slug)/" + $0.dropFirst("figures/".count) }))
    }
    let (landingText, articleCheckText, exercisesText, sourcesText, glossaryText) =
      (texts[written.count], texts[written.count + 1], texts[written.count + 2], texts[written.count + 3], texts[written.count + 4])
    var landing = page(landingText, fileName: "index.html", navigationTitle: "Home")
    landing.content.body = landing.content.body.replacingText(
      "<p>{{chapters}}</p>", with: chapterCards(chapterPages, coming: coming))
    landing.anchors = nil  // the cards are new: read its anchors again
    pages.insert(landing, at: 0)
    pages.append(gatheredPage(
      fileName: "article-check.html", navigationTitle: "Article check", intro: page(articleCheckText, fileName: "", navigationTitle: ""),
      sectionTitle: "Article check", chapters: chapterPages))
    pages.append(gatheredPage(
      fileName: "exercises.html", navigationTitle: "Exercises", intro: page(exercisesText, fileName: "", navigationTitle: ""),
      sectionTitle: "Exercises", chapters: chapterPages, notes: exerciseNotes(SiteLanguage.english.strings)))
    pages.append(page(sourcesText, fileName: "sources.html", navigationTitle: "Sources"))
    pages.append(page(glossaryText, fileName: "glossary.html", navigationTitle: SiteLanguage.english.strings.glossary))
    pages.append(printPage(chapters: chapterPages))
    if let symbolGraph = configuration.symbolGraph { pages += apiReferencePage(symbolGraph, issues: &issues) }
    let chineseSite = Dictionary(uniqueKeysWithValues: zip(chineseSiteTexts, texts[(englishCount + chineseChapters.count)...]))
    let chinesePages = chineseEdition(chapterTexts: chineseChapterTexts, siteTexts: chineseSite, englishChapters: chapterPages, coming: coming)
    if !chinesePages.isEmpty, let missing = missingTranslationsNote(english: pages, chinese: chinesePages) { notes.append(missing) }
    clock.lap("gather")

    // 4. Files other than pages, then the links between everything.
    var files = try assetFiles(katexCSS: style.css)
    for text in chapterTexts {
      guard let chapter = text.chapter else { continue }
      for figure in text.figures {
        files["figures/\(chapter.slug)/" + figure.dropFirst("figures/".count)] = .copy(configuration.runDirectory(chapter).appendingPathComponent(figure))
      }
    }
    // The Chinese pages' figures: each a second time, its words translated (`FigureTranslation`).
    for text in chineseChapterTexts {
      guard let chapter = text.chapter else { continue }
      let translation = FigureTranslation(chapterDirectory: configuration.chapterDirectory(chapter), issues: &issues, path: configuration.relativePath)
      for figure in text.figures {
        let name = "figures/\(chapter.slug)/" + figure.dropFirst("figures/".count)
        let original = configuration.runDirectory(chapter).appendingPathComponent(figure)
        guard let svg = try? String(contentsOf: original, encoding: .utf8) else { files[SiteLanguage.chinese.directory + name] = .copy(original); continue }
        let translated = translation.translating(svg)
        files[SiteLanguage.chinese.directory + name] = .data(Data(translated.svg.utf8))
        if let untranslated = translated.untranslated(name: "zh/" + name, hasMap: translation.hasMap) { notes.append(untranslated) }
      }
    }
    // Each source file a code caption links to, shown whole on a page of its own.
    let sourcePages = sourcePageContents(linkedFrom: pages, issues: &issues)
    for content in sourcePages { files[SourcePage.fileName(for: content.title)] = .data(Data()) }  // written below
    let hasAPI = configuration.apiDirectory.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    // The print page's links are its chapters' links, checked there (and reported once).
    checkLinks(
      (pages + chinesePages).filter { $0.fileName != Self.printPageName }, files: files, hasAPI: hasAPI, alreadyReported: reportedSectionLinks,
      issues: &issues)
    try issues.throwIfAny()
    clock.lap("links")

    // 5. Templates, each edition in its language; a search index for each.
    issues.add(contentsOf: pageTemplate.unknownPlaceholders(Self.templateValues))
    try issues.throwIfAny()
    let siteTitle = landing.content.title.isEmpty ? "Course" : landing.content.title
    let english = Edition(
      language: .english, pages: pages, navigation: pages, siteTitle: siteTitle, banner: previewBanner, twins: Set(chinesePages.map(\.fileName)))
    renderPages(english, template: pageTemplate, coming: coming, hasAPI: hasAPI, into: &files)
    renderSourcePages(sourcePages, edition: english, template: pageTemplate, coming: coming, hasAPI: hasAPI, into: &files)
    files["assets/search-index.js"] = .data(Data(try SearchIndex.script(pages: pages.map { ($0.fileName, $0.content) }).utf8))
    if !chinesePages.isEmpty {
      let chineseTitle = chinesePages.first { $0.fileName == "index.html" }.map(\.content.title).flatMap { $0.isEmpty ? nil : $0 } ?? siteTitle
      let chinese = Edition(
        language: .chinese, pages: chinesePages, navigation: chineseNavigation(english: pages, chinese: chinesePages), siteTitle: chineseTitle,
        banner: previewBannerChinese, outdated: outdated, twins: Set(pages.map(\.fileName)))
      renderPages(chinese, template: pageTemplate, coming: coming, hasAPI: hasAPI, into: &files)
      // The Chinese pages search their own text: search.js finds the index beside itself (`zh/assets/`).
      let directory = SiteLanguage.chinese.directory
      files[directory + "assets/search-index.js"] = .data(Data(try SearchIndex.script(pages: chinesePages.map { ($0.fileName, $0.content) }).utf8))
      files[directory + "assets/search.js"] = .copy(configuration.siteDirectory.appendingPathComponent("assets/search.js"))
    }
    clock.lap("templates and search index")

    // 6. Remember what was rendered (the build found no problem), then write what changed.
    if cachedStyle == nil { try cache.storeMathStyle(style, digest: formulaDigest, styleDigest: digest) }
    for index in stale {
      let text = texts[index]
      guard let content = text.content else { continue }
      try cache.store(
        PageCache.Entry(
          key: keys[index], dependencies: text.dependencies, formulas: text.formulas, figures: text.figures,
          content: content, anchors: text.anchors ?? []),
        as: text.cacheName)
      var pageMath = PageCache.PageMath(digest: digest)
      for formula in text.formulas {
        let request = KaTeXRenderer.Request(tex: formula.tex, display: formula.display)
        pageMath.formulas[request] = ready[request]
      }
      try cache.storePageMath(pageMath, as: text.cacheName)
    }
    let filesWritten = try write(files)
    if hasAPI, let api = configuration.apiDirectory { try copyDirectory(api, to: configuration.outputDirectory.appendingPathComponent("api")) }
    clock.lap("write")
    return SiteBuildReport(
      indexPage: configuration.outputDirectory.appendingPathComponent("index.html"),
      pageCount: pages.count + chinesePages.count,
      totalBytes: directorySize(configuration.outputDirectory),
      filesWritten: filesWritten,
      formulasRendered: formulasRendered,
      comingChapters: coming.map(\.slug),
      renderedChapters: stale.compactMap { texts[$0].reportName },
      reusedChapters: texts.indices.filter { !stale.contains($0) }.compactMap { texts[$0].reportName },
      phases: clock.phases, notes: notes)
  }

  /// The API reference page, from the core's symbol graph.
  private func apiReferencePage(_ symbolGraph: URL, issues: inout IssueLog) -> [Page] {
    do {
      let reference = try APIReferencePage(symbolGraph: symbolGraph)
      var content = PageContent(title: "API reference", body: "", headings: [], sections: [], links: [])
      content.body = reference.body()
      content.headings = allMatches(of: #"<h([23]) id="([^"]*)"><code>(.*?)</code>"#, in: content.body).map {
        PageHeading(level: Int($0[1]) ?? 2, id: $0[2], html: "<code>\($0[3])</code>", text: HTMLText.unescape($0[3]))
      }
      content.sections = PageRenderer.searchSections(content.body, headings: content.headings) { _ in "" }
      content.links = allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: content.body).map { HTMLText.unescape($0[1]) }
      return [Page(
        fileName: "api.html", navigationTitle: "API reference", content: content,
        sourcePath: configuration.relativePath(symbolGraph), sourceText: { "" }, anchors: nil)]
    } catch {
      issues.add(configuration.relativePath(symbolGraph), 1, "cannot read the symbol graph: \(error)")
      return []
    }
  }

  private func readTemplate(_ relativePath: String, _ issues: inout IssueLog) -> Template {
    let url = configuration.siteDirectory.appendingPathComponent(relativePath)
    let path = configuration.relativePath(url)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      issues.add(path, 1, "cannot read the template")
      return Template(path: path, text: "")
    }
    return Template(path: path, text: text)
  }
}
