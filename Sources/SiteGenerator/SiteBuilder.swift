import Foundation

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
    let reportedSectionLinks = resolveSectionNumbers(&chapterTexts, issues: &issues)
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
      sectionTitle: "Exercises", chapters: chapterPages, notes: configuration.exerciseProgress))
    pages.append(page(sourcesText, fileName: "sources.html", navigationTitle: "Sources"))
    pages.append(page(glossaryText, fileName: "glossary.html", navigationTitle: "Glossary"))
    pages.append(printPage(chapters: chapterPages))
    if let symbolGraph = configuration.symbolGraph { pages += apiReferencePage(symbolGraph, issues: &issues) }
    clock.lap("gather")

    // 4. Files other than pages, then the links between everything.
    var files = try assetFiles(katexCSS: style.css)
    for text in chapterTexts {
      guard let chapter = text.chapter else { continue }
      for figure in text.figures {
        files["figures/\(chapter.slug)/" + figure.dropFirst("figures/".count)] = .copy(configuration.runDirectory(chapter).appendingPathComponent(figure))
      }
    }
    // Each source file a code caption links to, shown whole on a page of its own.
    let sourcePages = sourcePageContents(linkedFrom: pages, issues: &issues)
    for content in sourcePages { files[SourcePage.fileName(for: content.title)] = .data(Data()) }  // written below
    let hasAPI = configuration.apiDirectory.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    // The print page's links are its chapters' links, checked there (and reported once).
    checkLinks(pages.filter { $0.fileName != Self.printPageName }, files: files, hasAPI: hasAPI, alreadyReported: reportedSectionLinks, issues: &issues)
    try issues.throwIfAny()
    clock.lap("links")

    // 5. Templates.
    let values = Set(["site_title", "page_title", "page_id", "sidebar", "toc", "content", "prev_next", "description", "preview_banner"])
    issues.add(contentsOf: pageTemplate.unknownPlaceholders(values))
    try issues.throwIfAny()
    let siteTitle = landing.content.title.isEmpty ? "Course" : landing.content.title
    for (index, page) in pages.enumerated() {
      let html = pageTemplate.render([
        "site_title": HTMLText.escape(siteTitle),
        "page_title": HTMLText.escape(page.fileName == "index.html" ? siteTitle : page.content.title),
        "page_id": String(page.fileName.dropLast(".html".count)),
        "description": HTMLText.escape(String(page.content.sections.first?.text.prefix(160) ?? "")),
        "sidebar": sidebar(pages: pages, current: index, coming: coming, hasAPI: hasAPI),
        "toc": tableOfContents(page.content.headings),
        "content": page.content.body,
        "prev_next": previousNext(pages: pages, current: index),
        "preview_banner": previewBanner,
      ])
      files[page.fileName] = .data(Data(html.utf8))
    }
    // Source pages are reached from code captions only: not in the chapter list, no previous or next.
    for content in sourcePages {
      let html = pageTemplate.render([
        "site_title": HTMLText.escape(siteTitle), "page_title": HTMLText.escape(content.title), "page_id": "source",
        "description": HTMLText.escape("The source file " + content.title), "sidebar": sidebar(pages: pages, current: -1, coming: coming, hasAPI: hasAPI),
        "toc": "", "content": content.body, "prev_next": "", "preview_banner": previewBanner,
      ])
      files[SourcePage.fileName(for: content.title)] = .data(Data(html.utf8))
    }
    files["assets/search-index.js"] = .data(Data(try SearchIndex.script(pages: pages.map { ($0.fileName, $0.content) }).utf8))
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
      pageCount: pages.count,
      totalBytes: directorySize(configuration.outputDirectory),
      filesWritten: filesWritten,
      formulasRendered: formulasRendered,
      comingChapters: coming.map(\.slug),
      renderedChapters: stale.compactMap { texts[$0].chapter?.slug },
      reusedChapters: texts.indices.filter { !stale.contains($0) }.compactMap { texts[$0].chapter?.slug },
      phases: clock.phases)
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
