import Foundation
import Literate
import Testing

// The Chinese edition (issue #20, Z3): every string metric with English words
// that a chapter's text cites has a Chinese twin, recorded by the chapter's run.

/// The text of `Chapters/<chapter>/chapter.md` in this package.
func chapterText(_ chapter: String) throws -> String {
  let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  return try String(contentsOf: package.appendingPathComponent("Chapters/\(chapter)/chapter.md"), encoding: .utf8)
}

/// The placeholders of `chapter`'s text whose value in the run's metrics.json
/// in `directory` is a text with English words (or a list of texts, one with
/// English words) and has no Chinese twin of the same kind beside it.
func placeholdersWithoutChineseTwin(in directory: URL, chapter: String) throws -> [String] {
  let metrics = try MetricsFile(contentsOf: directory.appendingPathComponent("metrics.json"))
  var missing: [String] = []
  for reference in ChapterDirectives(markdown: try chapterText(chapter)).metrics where !reference.isPerEpoch {
    let keyPath = reference.key.hasSuffix("[*]") ? String(reference.key.dropLast(3)) : reference.key
    let value = metrics.value(at: keyPath)
    let texts = value as? [String] ?? (value as? String).map { [$0] } ?? []
    guard texts.contains(where: MetricsFile.hasEnglishWords), !missing.contains(reference.key) else { continue }
    let twin = metrics.value(at: MetricsFile.chineseKeyPath(of: keyPath))
    let twinTexts = twin as? [String] ?? (twin as? String).map { [$0] } ?? []
    if twinTexts.count != texts.count { missing.append(reference.key) }
  }
  return missing
}

/// Checks that the run in `directory` recorded a Chinese twin for every string
/// metric with English words that `chapter`'s text cites.
func expectChineseTwins(in directory: URL, chapter: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let missing = try placeholdersWithoutChineseTwin(in: directory, chapter: chapter)
  #expect(missing.isEmpty, "\(chapter): metrics with English words and no @zh twin: \(missing.joined(separator: ", "))",
    sourceLocation: sourceLocation)
}
