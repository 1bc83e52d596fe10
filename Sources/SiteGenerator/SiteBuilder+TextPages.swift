import Foundation
import Literate

/// A page made from one Markdown text (a chapter, or one of `Site/content/*.md`),
/// as far as this build needed to load it.
struct TextPage {
  /// Its name in the page cache: `chapter-neurons`, `site-index`.
  let cacheName: String
  /// The chapter it is, if it is one.
  let chapter: SiteChapter?
  /// The edition it belongs to.
  var language: SiteLanguage = .english
  /// The Markdown file, and its path relative to the package root for messages.
  let file: URL
  let path: String
  /// The cache's entry, when every file it was made from is unchanged.
  var cached: PageCache.Entry?
  /// The text read and resolved, when this build loaded it (its inputs changed, or it must render again).
  var source: MarkdownSource?
  var dependencies: [String: String] = [:]
  var formulas: [MathExtraction.Formula] = []
  /// Figures it places, as written (`figures/loss.svg`).
  var figures: [String] = []
  /// The rendered body, from the renderer or the cache.
  var content: PageContent?
  var anchors: [String]?

  /// How a build's report names it, when it is a chapter: `cnn`, `zh/cnn`.
  var reportName: String? { chapter.map { language.directory + $0.slug } }
}

/// Loading pages only when they changed, and rendering only those.
extension SiteBuilder {
  /// A chapter, taken from the cache when its files are as they were, read and checked otherwise.
  func loadChapter(_ chapter: SiteChapter, language: SiteLanguage = .english, cache: PageCache, issues: inout IssueLog) -> TextPage {
    let file = configuration.chapterDirectory(chapter).appendingPathComponent(language.textFileName("chapter.md"))
    var text = TextPage(
      cacheName: "chapter-\(language.directory.replacingOccurrences(of: "/", with: "-"))\(chapter.slug)", chapter: chapter,
      language: language, file: file, path: configuration.relativePath(file))
    useCacheOrReload(&text, cache: cache, issues: &issues)
    return text
  }

  /// One of the site's own texts (`Site/content/<name>.md`).
  func loadSiteText(_ name: String, language: SiteLanguage = .english, cache: PageCache, issues: inout IssueLog) -> TextPage {
    let file = configuration.siteDirectory.appendingPathComponent("content/" + language.textFileName("\(name).md"))
    var text = TextPage(
      cacheName: "site-\(language.directory.replacingOccurrences(of: "/", with: "-"))\(name)", chapter: nil, language: language,
      file: file, path: configuration.relativePath(file))
    useCacheOrReload(&text, cache: cache, issues: &issues)
    return text
  }

  private func useCacheOrReload(_ text: inout TextPage, cache: PageCache, issues: inout IssueLog) {
    if let entry = cache.entry(text.cacheName), PageCache.dependenciesUnchanged(entry.dependencies) {
      text.cached = entry
      text.dependencies = entry.dependencies
      text.formulas = entry.formulas
      text.figures = entry.figures
    } else {
      reload(&text, issues: &issues)
    }
  }

  /// Reads, resolves and checks the page's text: for a chapter, its includes,
  /// metrics and figures (`ChapterDocument`); every problem goes to `issues`.
  func reload(_ text: inout TextPage, issues: inout IssueLog) {
    if let chapter = text.chapter {
      do {
        let document = try ChapterDocument(chapter: chapter, configuration: configuration, language: text.language, issues: &issues)
        text.source = MarkdownSource(chapter: document)
        text.dependencies = document.dependencies
        text.figures = document.figures.map(\.path)
      } catch {
        issues.add(text.path, 1, "cannot read the chapter text: \(error)")
        return
      }
    } else {
      guard let data = FileManager.default.contents(atPath: text.file.path), let written = String(data: data, encoding: .utf8) else {
        issues.add(text.path, 1, "cannot read the site text \(text.file.lastPathComponent)")
        return
      }
      let markdown = text.language == .english ? written : Translation.withoutSourceLine(written)
      // The site's own texts pass the same Markdown checks as a chapter's (raw HTML, math, links).
      let checks = ChapterLint.textIssues(ChapterDirectives(markdown: markdown), file: text.path, imagesAreFigures: false)
      issues.add(contentsOf: checks.map { SiteIssue(file: $0.file, line: $0.line, message: $0.message) })
      text.source = MarkdownSource(path: text.path, text: markdown)
      text.dependencies = [text.file.path: StableHash.of(bytes: data)]
    }
    text.formulas = text.source?.formulas ?? []
  }

  /// The digest of the site's math style: KaTeX and its stylesheet, the site's
  /// stylesheets and every formula of the site decide every short class name.
  func mathDigest(_ texts: [TextPage], katexCSS: String, siteCSS: [String], katexVersion: String) -> String {
    var hash = StableHash()
    hash.add("math-style-1")
    hash.add(katexVersion)
    hash.add(katexCSS)
    for sheet in siteCSS { hash.add(sheet) }
    let keys = Set(texts.flatMap { $0.formulas.map { KaTeXRenderer.Request(tex: $0.tex, display: $0.display).cacheKey } })
    for key in keys.sorted() { hash.add(key) }
    return hash.value
  }

  /// The digest of a math style itself: the short names its markup uses and its stylesheet,
  /// with the KaTeX that wrote the markup. Pages rendered under an equal digest place their
  /// formulas byte for byte alike.
  func styleDigest(_ style: MathStyleSheet, katexVersion: String) -> String {
    var hash = StableHash()
    hash.add("style-1")
    hash.add(katexVersion)
    hash.add(style.css)
    let compactor = style.compactor
    for (name, short) in compactor.classNames.sorted(by: { $0.key < $1.key }) { hash.add(name + "=" + short) }
    for (key, name) in compactor.combinedClasses.sorted(by: { $0.key < $1.key }) { hash.add(key + "=" + name) }
    for name in compactor.keptClasses.sorted() { hash.add(name) }
    return hash.value
  }

  /// The key a page is cached under: everything its rendered body depends on (see `PageCache`).
  func pageKey(_ text: TextPage, mathDigest: String, slugs: [String]) -> String {
    var hash = StableHash()
    hash.add(PageCache.generatorVersion)
    hash.add(text.cacheName)
    if let chapter = text.chapter {
      hash.add("\(chapter.number) \(chapter.slug) \(chapter.title)")
      // Quotes were checked against the articles, or not: a page checked without them is checked again with them.
      hash.add(configuration.articlesDirectory?.path ?? "no articles")
    }
    hash.add(slugs.joined(separator: " "))
    // A translation links the pages its edition has, and the English ones of the rest.
    if text.language != .english { hash.add("edition " + editionNames(text.language).sorted().joined(separator: " ")) }
    hash.add(mathDigest)
    for (path, digest) in text.dependencies.sorted(by: { $0.key < $1.key }) { hash.add(path + "=" + digest) }
    return hash.value
  }

  /// KaTeX's markup for the formulas of some pages, less those in `math` or
  /// `known` already (one node process for all that are new to the KaTeX cache);
  /// each formula KaTeX rejects is a problem at its page and line.
  ///
  /// - Returns: how many formulas went to node.
  func renderMath(
    of indices: some Collection<Int>, in texts: [TextPage], into math: inout [KaTeXRenderer.Request: String],
    known: Set<KaTeXRenderer.Request>, renderer: KaTeXRenderer, issues: inout IssueLog
  ) throws -> Int {
    var requests = Set<KaTeXRenderer.Request>()
    for index in indices {
      for formula in texts[index].formulas {
        let request = KaTeXRenderer.Request(tex: formula.tex, display: formula.display)
        if math[request] == nil && !known.contains(request) { requests.insert(request) }
      }
    }
    let rendering = try renderer.render(requests)
    for (request, result) in rendering.results {
      if case .success(let html) = result { math[request] = html }
    }
    for index in indices {
      for formula in texts[index].formulas {
        if case .failure(let error)? = rendering.results[.init(tex: formula.tex, display: formula.display)] {
          issues.add(texts[index].path, formula.line, "math: \(error.message) in $\(formula.tex)$")
        }
      }
    }
    return rendering.renderedCount
  }

  /// Renders a loaded page: its body, with links between chapter texts
  /// (`../backprop/chapter.md#deltas`) made links between pages, and its anchors.
  /// A page of another edition links a chapter or site text to its page in the same edition when
  /// that has one (`editionNames`), else to the English page (`../cnn.html`).
  func render(_ text: inout TextPage, with renderer: PageRenderer, slugs: Set<String>) {
    guard let source = text.source else { return }
    var renderer = renderer
    renderer.strings = text.language.strings
    var content = renderer.render(source, chapterNumber: text.chapter?.number)
    if let chapter = text.chapter, content.title.isEmpty { content.title = chapter.title }
    let local = text.language == .english ? nil : editionNames(text.language)
    func href(_ name: String, _ fragment: String) -> String {
      let inEdition = local.map { $0.contains(name) } ?? true
      return "href=\"\(inEdition ? "" : text.language.root)\(name).html\(fragment)\""
    }
    content.body = replacingMatches(of: #"href="(?:\.\./|\./)?([a-z0-9-]+)/chapter\.md(#[^"]*)?""#, in: content.body) { groups in
      slugs.contains(groups[1]) ? href(groups[1], groups[2]) : groups[0]
    }
    // A chapter links the site's own texts as they lie in the package: `../../Site/content/sources.md#article-000`.
    content.body = replacingMatches(of: #"href="(?:\.\./)*Site/content/([a-z0-9-]+)\.md(#[^"]*)?""#, in: content.body) { groups in
      Self.siteTexts.contains(groups[1]) ? href(groups[1], groups[2]) : groups[0]
    }
    // A link written to a page (`exercises.html`) goes to the English one while its edition has none.
    if let local {
      content.body = replacingMatches(of: #"href="([a-z0-9-]+)\.html(#[^"]*)?""#, in: content.body) { groups in
        (slugs.contains(groups[1]) || Self.siteTexts.contains(groups[1])) && !local.contains(groups[1]) ? href(groups[1], groups[2]) : groups[0]
      }
    }
    content.links = allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: content.body).map { HTMLText.unescape($0[1]) }
    text.anchors = Self.anchors(in: content.body)
    text.content = content
  }

  /// Every `id` in a page's body.
  static func anchors(in body: String) -> [String] {
    allMatches(of: #" id="([^"]*)""#, in: body).map { $0[1] }
  }

  /// The site page of a rendered text.
  func page(_ text: TextPage, fileName: String, navigationTitle: String) -> Page {
    let original = text.source?.original
    let file = text.file
    return Page(
      fileName: fileName, navigationTitle: navigationTitle,
      content: text.content ?? PageContent(title: "", body: "", headings: [], sections: [], links: []),
      sourcePath: text.path, sourceText: { original ?? (try? String(contentsOf: file, encoding: .utf8)) ?? "" },
      anchors: text.anchors)
  }
}

/// Wall-clock time of each step of a build.
struct PhaseClock {
  private var last = ContinuousClock.now
  private(set) var phases: [SiteBuildPhase] = []

  /// Ends the current step, naming it.
  mutating func lap(_ name: String) {
    let now = ContinuousClock.now
    let elapsed = now - last
    phases.append(SiteBuildPhase(name: name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
    last = now
  }
}
