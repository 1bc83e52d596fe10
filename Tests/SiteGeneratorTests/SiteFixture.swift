import Foundation
@testable import SiteGenerator

/// A small fake course package in a temporary folder: one written chapter
/// (`demo`) with a Swift region, a metrics.json and an SVG figure, and one
/// chapter that is only a placeholder. The site uses a copy of the real `Site/` folder.
struct SiteFixture {
  let root: URL
  let output: URL

  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let chapterText = """
    # Demo chapter

    The demo teaches one neuron. Its weighted sum is $z = w \\cdot x + b$ and the
    sigmoid squashes it:

    $$
    \\sigma(z) = \\frac{1}{1 + e^{-z}}
    $$

    ```swift
    {{#include main.swift:forward}}
    ```

    The run measured an accuracy of {{metric:test_accuracy:%}} after {{metric:epochs}} epochs,
    with a final loss of {{metric:train_loss[-1]:.3f}}. A footnote[^note] and a link to
    [the figure](#the-figure), to [another section](#article-check), and to
    [the exercises](exercises.html). Prices like $5 and code like `let x = $y` stay text.

    ## The figure

    ![The loss falls, as $L$ should.](figures/loss.svg)

    ## Article check

    | claim | article says | we compute |
    |---|---|---|
    | output | 0.5 | {{metric:article_check.h1:.2f}} |

    ## Exercises

    Write `sigmoid(_:)`.

    [^note]: A note at the bottom.

    """

  static let swiftSource = """
    import Foundation

    // region: forward
    let weights = [0.5, -1.25] // two weights
    let label = "sigmoid"
    func forward(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    // endregion
    print(forward(0))

    """

  static let metrics = """
    {"chapter": "demo", "seed": 1, "epochs": 3, "test_accuracy": 0.8772, "train_loss": [0.9, 0.5, 0.25],
     "article_check": {"h1": 0.63}}
    """

  static let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
    <title>Loss</title><rect width="200" height="100" fill="#fff"/><path d="M10 10 L190 90" stroke="#a33" fill="none"/></svg>
    """

  /// A fresh fixture; `text` replaces the chapter's text (to plant a mistake).
  ///
  /// The site's own folder is a copy of the real `Site/`, without the Chinese
  /// texts of its pages (`content/*.zh.md`) unless `chineseSiteTexts`: the
  /// fixture's site is English-only until a test adds a translation.
  init(text: String = SiteFixture.chapterText, chineseSiteTexts: Bool = false) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("site-fixture-\(UUID().uuidString)")
    output = root.appendingPathComponent("site")
    let manager = FileManager.default
    try manager.createDirectory(at: root, withIntermediateDirectories: true)
    let site = root.appendingPathComponent("Site")
    try manager.copyItem(at: Self.repositoryRoot.appendingPathComponent("Site"), to: site)
    if !chineseSiteTexts {
      let content = site.appendingPathComponent("content")
      for name in try manager.contentsOfDirectory(atPath: content.path) where name.hasSuffix(".zh.md") {
        try manager.removeItem(at: content.appendingPathComponent(name))
      }
    }
    let chapter = root.appendingPathComponent("Chapters/demo")
    let run = root.appendingPathComponent(".build/course/demo")
    let placeholder = root.appendingPathComponent("Chapters/later")
    for folder in [chapter, run.appendingPathComponent("figures"), placeholder] {
      try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    try Data(text.utf8).write(to: chapter.appendingPathComponent("chapter.md"))
    try Data(Self.swiftSource.utf8).write(to: chapter.appendingPathComponent("main.swift"))
    try Data(Self.metrics.utf8).write(to: run.appendingPathComponent("metrics.json"))
    try Data(Self.svg.utf8).write(to: run.appendingPathComponent("figures/loss.svg"))
    try Data("# placeholder\n".utf8).write(to: placeholder.appendingPathComponent("chapter.md"))
    try Data("print(1)\n".utf8).write(to: placeholder.appendingPathComponent("main.swift"))
  }

  /// The course's chapters: the written `demo`, then any added ones, then the placeholder `later`.
  var chapters = [SiteChapter(number: 1, slug: "demo", title: "Demo chapter"), SiteChapter(number: 2, slug: "later", title: "Later")]

  /// The articles to check quotes against: none unless a test gives some (never the machine's).
  var articlesDirectory: URL?

  var configuration: SiteConfiguration {
    var configuration = SiteConfiguration(
      packageRoot: root,
      chapters: chapters,
      outputDirectory: output,
      siteDirectory: root.appendingPathComponent("Site"),
      cacheDirectory: root.appendingPathComponent("cache"))
    configuration.articlesDirectory = articlesDirectory
    return configuration
  }

  /// Adds a written chapter before the placeholder: its text, the demo's `main.swift`, and a run's metrics and figure.
  mutating func addChapter(_ slug: String, title: String, text: String) throws {
    let manager = FileManager.default
    let chapter = root.appendingPathComponent("Chapters/\(slug)")
    let run = root.appendingPathComponent(".build/course/\(slug)")
    try manager.createDirectory(at: run.appendingPathComponent("figures"), withIntermediateDirectories: true)
    try manager.createDirectory(at: chapter, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: chapter.appendingPathComponent("chapter.md"))
    try Data(Self.swiftSource.utf8).write(to: chapter.appendingPathComponent("main.swift"))
    try Data(Self.metrics.utf8).write(to: run.appendingPathComponent("metrics.json"))
    try Data(Self.svg.utf8).write(to: run.appendingPathComponent("figures/loss.svg"))
    let number = chapters.count
    chapters.insert(SiteChapter(number: number, slug: slug, title: title), at: chapters.count - 1)
    chapters[chapters.count - 1] = SiteChapter(number: number + 1, slug: "later", title: "Later")
  }

  /// Replaces a file of the fixture (relative to its root) with new text.
  func write(_ text: String, to relativePath: String) throws {
    try Data(text.utf8).write(to: root.appendingPathComponent(relativePath))
  }

  /// Every file of a built site, by path relative to the site's folder.
  static func files(under folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let prefix = folder.standardizedFileURL.path + "/"
    guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
    for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
      files[String(url.standardizedFileURL.path.dropFirst(prefix.count))] = try Data(contentsOf: url)
    }
    return files
  }

  func build() throws -> SiteBuildReport { try SiteBuilder(configuration).build() }

  func page(_ name: String) throws -> String {
    try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
  }

  /// The problems a failing build reports.
  func issues() -> [SiteIssue] {
    do {
      _ = try build()
      return []
    } catch let error as SiteBuildError {
      return error.issues
    } catch {
      return [SiteIssue(file: "?", line: 0, message: "unexpected error \(error)")]
    }
  }

  func remove() { try? FileManager.default.removeItem(at: root) }
}
