import Foundation

/// One problem found in a chapter's text, at `file:line`.
public struct LintIssue: CustomStringConvertible, Equatable {
  public let file: String
  public let line: Int
  public let message: String
  public var description: String { "\(file):\(line): \(message)" }
}

/// Checks a chapter's `chapter.md` against its sources and its last run.
public struct ChapterLint {
  /// The chapter folder (`Chapters/<slug>`).
  public let chapterDirectory: URL
  /// The package root, for includes that start with `Sources/`.
  public let packageRoot: URL
  /// The chapter's output folder, holding `metrics.json` and `figures/`.
  public let outputDirectory: URL
  /// Whether the run may be a quick one (`--quick`): only for a preview; the course's
  /// own site and lint take full runs only.
  public let acceptsQuickRun: Bool
  /// The chapter's name everywhere else (sidebar, cards, search, `course list`), which
  /// its text's title must repeat; nil to leave the title unchecked.
  public let expectedTitle: String?
  /// The articles' folder (`ArticleSources.locate`), to check quotes against; nil leaves them unchecked.
  public let articlesDirectory: URL?
  /// Whether links are checked against what they name: `[section](#anchor)` a numbered section,
  /// a link to another chapter or to a site text one of its headings. The site checks them
  /// itself once every page is rendered (a cached page's links too).
  public let checksLinkTargets: Bool
  /// The text checked: `chapter.md`, or its translation `chapter.zh.md` (whose source line is
  /// blanked before any check, and which `translationIssues` compares with the English).
  public let textFileName: String

  public init(
    chapterDirectory: URL, packageRoot: URL, outputDirectory: URL, acceptsQuickRun: Bool = false, expectedTitle: String? = nil,
    articlesDirectory: URL? = nil, checksLinkTargets: Bool = true, textFileName: String = "chapter.md"
  ) {
    self.chapterDirectory = chapterDirectory
    self.packageRoot = packageRoot
    self.outputDirectory = outputDirectory
    self.acceptsQuickRun = acceptsQuickRun
    self.expectedTitle = expectedTitle
    self.articlesDirectory = articlesDirectory
    self.checksLinkTargets = checksLinkTargets
    self.textFileName = textFileName
  }

  /// The text this lint checks.
  public var textURL: URL { chapterDirectory.appendingPathComponent(textFileName) }

  /// Whether the text is a translation (`chapter.zh.md`) rather than the English source.
  public var isTranslation: Bool { textFileName != "chapter.md" }

  /// The file an include path names.
  public func resolve(_ includePath: String) -> URL {
    includePath.hasPrefix("Sources/") || includePath.hasPrefix("Chapters/")
      ? packageRoot.appendingPathComponent(includePath) : chapterDirectory.appendingPathComponent(includePath)
  }

  /// Everything a chapter's text draws on, each file read once: the text, its
  /// directives, the source files it includes (by resolved path, parsed into
  /// regions) and its last run's metrics. Lint and the site build share it.
  public struct Inputs {
    /// The text as written (a translation's source line blanked).
    public let markdown: String
    public let directives: ChapterDirectives
    /// The text of every include file that exists, by resolved path.
    public let sources: [String: String]
    /// The regions of every include file that exists, by resolved path.
    public let regions: [String: SourceRegions]
    /// `metrics.json` read, when it is readable.
    public let metrics: MetricsFile?
    /// The lines of every article the text cites, by path (when the articles were found).
    public let articleLines: [String: [String]]
    /// The bytes of every file read (the text, the include files, `metrics.json`), by path:
    /// what the text depends on, for a build cache to fingerprint.
    public let files: [String: Data]
  }

  /// Reads the chapter's text, the files it includes and its metrics, once each.
  ///
  /// - Throws: when `chapter.md` cannot be read (a missing include or metrics file is not an error here: `issues` reports it).
  public func readInputs() throws -> Inputs {
    let textData = try Data(contentsOf: textURL)
    guard let written = String(data: textData, encoding: .utf8) else {
      throw LiterateError("\(relative(textURL)): not UTF-8 text")
    }
    let markdown = isTranslation ? Translation.withoutSourceLine(written) : written
    var files = [textURL.path: textData]
    let directives = ChapterDirectives(markdown: markdown)
    var sources: [String: String] = [:]
    var regions: [String: SourceRegions] = [:]
    for include in directives.includes {
      let path = resolve(include.path).path
      guard sources[path] == nil, let data = FileManager.default.contents(atPath: path),
        let text = String(data: data, encoding: .utf8)
      else { continue }
      files[path] = data
      sources[path] = text
      regions[path] = SourceRegions(source: text)
    }
    let metricsURL = outputDirectory.appendingPathComponent("metrics.json")
    let metricsData = FileManager.default.contents(atPath: metricsURL.path)
    if let metricsData { files[metricsURL.path] = metricsData }
    var articleLines: [String: [String]] = [:]
    if let articlesDirectory {
      let articles = ArticleSources(directory: articlesDirectory)
      for number in Set(ArticleQuote.citations(in: markdown, chineseForm: isTranslation).quotes.map(\.article)) {
        guard let file = articles.file(number), let data = FileManager.default.contents(atPath: file.path) else { continue }
        files[file.path] = data
        articleLines[file.path] = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
      }
    }
    return Inputs(
      markdown: markdown, directives: directives, sources: sources, regions: regions,
      metrics: metricsData.flatMap { try? MetricsFile(data: $0) }, articleLines: articleLines, files: files)
  }

  /// Every problem: unreadable text, malformed directives, missing files or
  /// regions, metrics missing or in a format that does not fit, missing or
  /// unreadable figures, raw HTML, unclosed display math, typed section numbers and
  /// section links to no section, quotes not on the article's line they cite, articles cited
  /// but not linked on the sources page.
  public func issues() -> [LintIssue] {
    guard let inputs = try? readInputs() else {
      return [LintIssue(file: relative(textURL), line: 1, message: "cannot read the chapter text")]
    }
    return issues(inputs)
  }

  /// Every problem of inputs already read (see `readInputs`).
  public func issues(_ inputs: Inputs) -> [LintIssue] {
    let textName = relative(textURL)
    let directives = inputs.directives
    var issues = directives.malformed.map { LintIssue(file: textName, line: $0.line, message: "malformed placeholder \($0.text)") }

    for include in directives.includes {
      guard let regions = inputs.regions[resolve(include.path).path] else {
        issues.append(LintIssue(file: textName, line: include.line, message: "include: no such file \(include.path)"))
        continue
      }
      if regions.code(of: include.region) == nil {
        let known = regions.regions.keys.sorted().joined(separator: ", ")
        issues.append(LintIssue(
          file: textName, line: include.line,
          message: "include: \(include.path) has no region '\(include.region)' (its regions: \(known.isEmpty ? "none" : known))"))
      }
    }
    for (path, regions) in inputs.regions {
      issues += regions.problems.map { LintIssue(file: relative(URL(fileURLWithPath: path)), line: $0.line, message: $0.message) }
    }

    issues += metricIssues(inputs, textName: textName)
    issues += titleIssues(inputs.directives.structure, textName: textName)
    issues += typedResultIssues(inputs, textName: textName)
    issues += textIssues(directives, textName: textName)
    issues += sectionIssues(directives, textName: textName)
    issues += quoteIssues(inputs, textName: textName)
    issues += sourceLinkIssues(directives.structure, textName: textName)
    for figure in directives.figures
    where !FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent(figure.path).path) {
      issues.append(LintIssue(
        file: textName, line: figure.line, message: "figure \(figure.path) was not written by the chapter's last run"))
    }
    return issues.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
  }

  func relative(_ url: URL) -> String {
    let root = packageRoot.standardizedFileURL.path + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }
}
