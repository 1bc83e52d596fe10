import Foundation

@testable import Literate

/// A chapter folder with one text and a run's metrics, in a temporary package root.
struct LintFixture {
  let root: URL
  var chapter: URL { root.appendingPathComponent("Chapters/demo") }
  var output: URL { root.appendingPathComponent("out") }

  init(text: String, metrics: String = #"{"epochs": 1}"#, figures: [String] = []) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters/demo"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("out/figures"), withIntermediateDirectories: true)
    try text.write(to: chapter.appendingPathComponent("chapter.md"), atomically: true, encoding: .utf8)
    try metrics.write(to: output.appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
    for figure in figures {
      try "<svg/>".write(to: output.appendingPathComponent(figure), atomically: true, encoding: .utf8)
    }
  }

  func issues(acceptsQuickRun: Bool = false, expectedTitle: String? = nil) -> [LintIssue] {
    ChapterLint(
      chapterDirectory: chapter, packageRoot: root, outputDirectory: output, acceptsQuickRun: acceptsQuickRun,
      expectedTitle: expectedTitle
    ).issues()
  }

  func remove() { try? FileManager.default.removeItem(at: root) }
}

/// The lint problems of `text` against `metrics`, in a fixture removed afterwards.
///
/// Problems of articles cited but not linked on the sources page are left out unless asked for:
/// most fixtures cite an article in passing without linking it.
func lintIssues(text: String, metrics: String = "{}", expectedTitle: String? = nil, includingSourceLinks: Bool = false) throws -> [LintIssue] {
  let fixture = try LintFixture(text: text, metrics: metrics)
  defer { fixture.remove() }
  return fixture.issues(expectedTitle: expectedTitle).filter { includingSourceLinks || !$0.message.contains("never linked") }
}
