import Foundation

@testable import Literate

/// The lint problems of `text` against `metrics`, in a chapter of its own
/// (`Chapters/demo`) that a temporary package root holds.
func lintIssues(text: String, metrics: String = "{}", expectedTitle: String? = nil) throws -> [LintIssue] {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
  let chapter = root.appendingPathComponent("Chapters/demo")
  let output = root.appendingPathComponent("out")
  try FileManager.default.createDirectory(at: chapter, withIntermediateDirectories: true)
  try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: root) }
  try metrics.write(to: output.appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
  try text.write(to: chapter.appendingPathComponent("chapter.md"), atomically: true, encoding: .utf8)
  return ChapterLint(chapterDirectory: chapter, packageRoot: root, outputDirectory: output, expectedTitle: expectedTitle)
    .issues()
}
