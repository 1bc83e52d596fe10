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
}

/// Builds the course website: chapter texts with their real outputs, math
/// and figures, the landing, article-check and exercises pages, and the
/// offline search index.
///
/// The pipeline: load each written chapter and resolve its includes, metrics
/// and figures (`ChapterDocument`, checked by `Literate`'s `ChapterLint`) →
/// render every formula in one KaTeX batch, its markup and KaTeX's stylesheet
/// shortened together (`MathStyleSheet`) → Markdown to HTML with cmark-gfm,
/// code highlighted (`PageRenderer`) → gather the article checks and exercises
/// → check every internal link and anchor → wrap pages in `Site/templates/page.html`
/// → write only the files whose bytes changed. Any problem fails the build
/// before anything is written, naming its file and line.
///
///     let report = try SiteBuilder(configuration).build()
public struct SiteBuilder {
  public let configuration: SiteConfiguration

  public init(_ configuration: SiteConfiguration) { self.configuration = configuration }

  /// The site's pages in reading order, as built.
  struct Page {
    let fileName: String
    let navigationTitle: String
    var content: PageContent
    /// The Markdown the page came from, to find the line of a broken link.
    let source: MarkdownSource
  }

  public func build() throws -> SiteBuildReport {
    var issues = IssueLog()
    let site = configuration.siteDirectory
    let written = configuration.chapters.filter(configuration.isWritten)
    let coming = configuration.chapters.filter { !configuration.isWritten($0) }

    // 1. Sources: the chapters and the site's own texts.
    var chapterDocuments: [ChapterDocument] = []
    for chapter in written {
      do { chapterDocuments.append(try ChapterDocument(chapter: chapter, configuration: configuration, issues: &issues)) }
      catch { issues.add("Chapters/\(chapter.slug)/chapter.md", 1, "cannot read the chapter text: \(error)") }
    }
    let landing = readSource("content/index.md", &issues)
    let articleCheckIntro = readSource("content/article-check.md", &issues)
    let exercisesIntro = readSource("content/exercises.md", &issues)
    let pageTemplate = readTemplate("templates/page.html", &issues)
    let katexCSS = katexStyleSheet(&issues)
    try issues.throwIfAny()

    // 2. Math: every formula of the site in one KaTeX batch.
    let chapterSources = chapterDocuments.map(MarkdownSource.init(chapter:))
    let allSources = chapterSources + [landing, articleCheckIntro, exercisesIntro]
    var requests = Set<KaTeXRenderer.Request>()
    for source in allSources { for formula in source.formulas { requests.insert(.init(tex: formula.tex, display: formula.display)) } }
    let renderer = KaTeXRenderer(
      katexDirectory: configuration.katexDirectory, script: site.appendingPathComponent("scripts/render-math.js"),
      cacheFile: configuration.cacheDirectory.appendingPathComponent("katex-cache.json"))
    let cachedBefore = (try? Data(contentsOf: renderer.cacheFile)).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }?.count ?? 0
    let mathResults = requests.isEmpty ? [:] : try renderer.render(requests)
    var math: [KaTeXRenderer.Request: String] = [:]
    for (request, result) in mathResults {
      if case .success(let html) = result { math[request] = html }
    }
    for source in allSources {
      for formula in source.formulas {
        if case .failure(let error)? = mathResults[.init(tex: formula.tex, display: formula.display)] {
          issues.add(source.path, formula.line, "math: \(error.message) in $\(formula.tex)$")
        }
      }
    }
    let cachedAfter = (try? Data(contentsOf: renderer.cacheFile)).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }?.count ?? 0
    let mathText = math.compactMapValues(MathText.readable)
    let siteCSS = siteAssets().filter { $0.pathExtension == "css" }.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    let mathStyle = MathStyleSheet(katexCSS: katexCSS, siteCSS: siteCSS, formulas: math.values)
    math = math.mapValues(mathStyle.compactor.compact)

    // 3. Pages.
    let pageRenderer = PageRenderer(math: math, mathText: mathText)
    var pages: [Page] = []
    var chapterPages: [(chapter: SiteChapter, content: PageContent, figure: String?)] = []
    for (document, source) in zip(chapterDocuments, chapterSources) {
      var content = pageRenderer.render(source, chapterNumber: document.chapter.number)
      if content.title.isEmpty { content.title = document.chapter.title }
      pages.append(Page(fileName: "\(document.chapter.slug).html", navigationTitle: document.chapter.title, content: content, source: source))
      chapterPages.append((document.chapter, content, document.figures.first.map { "figures/\(document.chapter.slug)/" + $0.path.dropFirst("figures/".count) }))
    }
    var landingContent = pageRenderer.render(landing)
    landingContent.body = landingContent.body.replacingOccurrences(
      of: "<p>{{chapters}}</p>", with: chapterCards(chapterPages, coming: coming))
    pages.insert(Page(fileName: "index.html", navigationTitle: "Home", content: landingContent, source: landing), at: 0)
    pages.append(gatheredPage(
      fileName: "article-check.html", navigationTitle: "Article check", intro: articleCheckIntro,
      sectionTitle: "Article check", chapters: chapterPages, renderer: pageRenderer))
    pages.append(gatheredPage(
      fileName: "exercises.html", navigationTitle: "Exercises", intro: exercisesIntro,
      sectionTitle: "Exercises", chapters: chapterPages, renderer: pageRenderer))

    if let symbolGraph = configuration.symbolGraph {
      do {
        let reference = try APIReferencePage(symbolGraph: symbolGraph)
        let source = MarkdownSource(path: configuration.relativePath(symbolGraph), text: "")
        var content = PageContent(title: "API reference", body: "", headings: [], sections: [], links: [])
        content.body = reference.body()
        content.headings = allMatches(of: #"<h([23]) id="([^"]*)"><code>(.*?)</code>"#, in: content.body).map {
          PageHeading(level: Int($0[1]) ?? 2, id: $0[2], html: "<code>\($0[3])</code>", text: HTMLText.unescape($0[3]))
        }
        content.sections = PageRenderer.searchSections(content.body, headings: content.headings) { _ in "" }
        content.links = allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: content.body).map { HTMLText.unescape($0[1]) }
        pages.append(Page(fileName: "api.html", navigationTitle: "API reference", content: content, source: source))
      } catch {
        issues.add(configuration.relativePath(symbolGraph), 1, "cannot read the symbol graph: \(error)")
      }
    }

    // 4. Files other than pages, then the links between everything.
    var files = try assetFiles(katexCSS: mathStyle.css)
    for document in chapterDocuments {
      for figure in document.figures {
        if let data = try? Data(contentsOf: figure.file) {
          files["figures/\(document.chapter.slug)/" + figure.path.dropFirst("figures/".count)] = .data(data)
        }
      }
    }
    let hasAPI = configuration.apiDirectory.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    checkLinks(&pages, files: files, hasAPI: hasAPI, issues: &issues)
    try issues.throwIfAny()

    // 5. Templates.
    let values = Set(["site_title", "page_title", "page_id", "sidebar", "toc", "content", "prev_next", "description"])
    issues.add(contentsOf: pageTemplate.unknownPlaceholders(values))
    try issues.throwIfAny()
    let siteTitle = landingContent.title.isEmpty ? "Course" : landingContent.title
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
      ])
      files[page.fileName] = .data(Data(html.utf8))
    }
    files["assets/search-index.js"] = .data(Data(try SearchIndex.script(pages: pages.map { ($0.fileName, $0.content) }).utf8))

    // 6. Write what changed.
    let written_ = try write(files)
    if hasAPI, let api = configuration.apiDirectory { try copyDirectory(api, to: configuration.outputDirectory.appendingPathComponent("api")) }
    return SiteBuildReport(
      indexPage: configuration.outputDirectory.appendingPathComponent("index.html"),
      pageCount: pages.count,
      totalBytes: directorySize(configuration.outputDirectory),
      filesWritten: written_,
      formulasRendered: max(0, cachedAfter - cachedBefore),
      comingChapters: coming.map(\.slug))
  }

  private func readSource(_ relativePath: String, _ issues: inout IssueLog) -> MarkdownSource {
    let url = configuration.siteDirectory.appendingPathComponent(relativePath)
    let path = configuration.relativePath(url)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      issues.add(path, 1, "cannot read the site text \(relativePath)")
      return MarkdownSource(path: path, text: "")
    }
    let source = MarkdownSource(path: path, text: text)
    return source
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
