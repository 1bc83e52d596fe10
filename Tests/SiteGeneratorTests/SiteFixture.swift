import Foundation
@testable import SiteGenerator

/// A small fake course package in a temporary folder: one written chapter
/// (`demo`) with a Swift region, a metrics.json and an SVG figure, and one
/// chapter that is only a placeholder. The site uses the real `Site/` folder.
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
  init(text: String = SiteFixture.chapterText) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("site-fixture-\(UUID().uuidString)")
    output = root.appendingPathComponent("site")
    let manager = FileManager.default
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

  var configuration: SiteConfiguration {
    SiteConfiguration(
      packageRoot: root,
      chapters: [SiteChapter(number: 1, slug: "demo", title: "Demo"), SiteChapter(number: 2, slug: "later", title: "Later")],
      outputDirectory: output,
      siteDirectory: Self.repositoryRoot.appendingPathComponent("Site"),
      cacheDirectory: root.appendingPathComponent("cache"))
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
