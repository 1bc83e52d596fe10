import Foundation

/// A chapter of the course as the site lists it (the `course` tool's catalog
/// passes these in, so the list lives in one place).
public struct SiteChapter: Sendable, Equatable {
  public let number: Int
  public let slug: String
  public let title: String

  public init(number: Int, slug: String, title: String) {
    self.number = number
    self.slug = slug
    self.title = title
  }
}

/// Where the site's inputs are and where it goes.
public struct SiteConfiguration: Sendable {
  /// The package root: `Chapters/`, `Sources/` and, by default, `Site/` live here.
  public var packageRoot: URL
  /// Templates, styles, scripts and the landing text (default `<root>/Site`).
  public var siteDirectory: URL
  /// Where the built site is written.
  public var outputDirectory: URL
  /// What the build remembers between runs: rendered math and pages.
  public var cacheDirectory: URL
  /// The chapters' run outputs: `<runsDirectory>/<slug>/metrics.json` and `figures/`.
  public var runsDirectory: URL
  /// Every chapter of the course, in reading order (written or not).
  public var chapters: [SiteChapter]
  /// The folder of Debian's `katex` node package.
  public var katexDirectory: URL
  /// A DocC static-hosting build of the core's API to ship as `api/`, if any.
  public var apiDirectory: URL?
  /// The core's symbol graph (`Autograd.symbols.json`): when given, the site has an API reference page.
  public var symbolGraph: URL?
  /// Whether the site is a preview built from quick runs: every page says so in a banner,
  /// and quick runs' metrics are accepted (a full site refuses them).
  public var isPreview: Bool
  /// The articles' folder (`ArticleSources.locate`), to check the chapters' quotes against; nil leaves them unchecked.
  public var articlesDirectory: URL?

  /// Where a full site and a preview keep their runs, pages and cache: apart, so that
  /// neither replaces the other's (`course site --quick` leaves the full runs as they are).
  public static func defaultFolders(preview: Bool) -> (runs: String, site: String, cache: String) {
    preview ? (".build/course-quick", ".build/site-quick", ".build/site-cache-quick") : (".build/course", ".build/site", ".build/site-cache")
  }

  /// What `course check` remembered, by chapter slug (2 of 5 passed): each edition's exercises page words it.
  public var exerciseProgress: [String: ExerciseCount] = [:]

  public init(
    packageRoot: URL, chapters: [SiteChapter], outputDirectory: URL? = nil, siteDirectory: URL? = nil,
    cacheDirectory: URL? = nil, runsDirectory: URL? = nil,
    katexDirectory: URL = URL(fileURLWithPath: "/usr/share/nodejs/katex"), apiDirectory: URL? = nil, preview: Bool = false
  ) {
    let folders = Self.defaultFolders(preview: preview)
    self.packageRoot = packageRoot
    self.chapters = chapters
    self.outputDirectory = outputDirectory ?? packageRoot.appendingPathComponent(folders.site)
    self.siteDirectory = siteDirectory ?? packageRoot.appendingPathComponent("Site")
    self.cacheDirectory = cacheDirectory ?? packageRoot.appendingPathComponent(folders.cache)
    self.runsDirectory = runsDirectory ?? packageRoot.appendingPathComponent(folders.runs)
    self.katexDirectory = katexDirectory
    self.apiDirectory = apiDirectory
    self.isPreview = preview
  }

  func chapterDirectory(_ chapter: SiteChapter) -> URL {
    packageRoot.appendingPathComponent("Chapters").appendingPathComponent(chapter.slug)
  }

  /// Where the chapter's run writes its metrics and figures.
  public func runDirectory(_ chapter: SiteChapter) -> URL { runsDirectory.appendingPathComponent(chapter.slug) }

  /// A path relative to the package root when it lies inside it, for messages.
  func relativePath(_ url: URL) -> String {
    let root = packageRoot.standardizedFileURL.path + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }

  /// Whether a chapter is written: it has an executable and a real text, not a placeholder.
  public func isWritten(_ chapter: SiteChapter) -> Bool {
    let directory = chapterDirectory(chapter)
    guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("main.swift").path),
      let text = try? String(contentsOf: directory.appendingPathComponent("chapter.md"), encoding: .utf8)
    else { return false }
    // Only the first three lines with text matter: a placeholder is a line or two.
    var lines: [Substring] = []
    for line in text.split(separator: "\n") where line.contains(where: { $0 != " " && $0 != "\t" }) {
      lines.append(line)
      if lines.count == 3 { break }
    }
    return lines.count >= 3 && !lines[0].lowercased().contains("placeholder")
  }
}

/// How many of a chapter's exercises passed at their last `course check`, of how many.
public struct ExerciseCount: Equatable, Sendable {
  public let passed: Int
  public let total: Int

  public init(passed: Int, total: Int) {
    self.passed = passed
    self.total = total
  }
}
