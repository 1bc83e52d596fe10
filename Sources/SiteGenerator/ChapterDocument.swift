import Foundation
import Literate

/// A chapter's text made ready for the Markdown parser: metric placeholders
/// filled from its last run, code regions included from its sources, and its
/// formulas lifted out (see `MathExtraction`). Every problem is collected with
/// its file and line.
struct ChapterDocument {
  let chapter: SiteChapter
  /// `Chapters/<slug>/chapter.md`, relative to the package root.
  let textPath: String
  /// The text as written, for finding the line of a later problem.
  let original: String
  /// Markdown with directives resolved and formulas replaced by tokens.
  let markdown: String
  let formulas: [MathExtraction.Formula]
  /// Figures the text places, as written (`figures/name.svg`), with their files.
  let figures: [(path: String, file: URL)]
  /// Every input that shapes the page, for the build cache.
  let inputDigest: String

  init(chapter: SiteChapter, configuration: SiteConfiguration, issues: inout IssueLog) throws {
    self.chapter = chapter
    let directory = configuration.chapterDirectory(chapter)
    let textURL = directory.appendingPathComponent("chapter.md")
    textPath = configuration.relativePath(textURL)
    original = try String(contentsOf: textURL, encoding: .utf8)

    let lint = ChapterLint(
      chapterDirectory: directory, packageRoot: configuration.packageRoot,
      outputDirectory: configuration.runDirectory(chapter))
    issues.add(contentsOf: lint.issues().map { SiteIssue(file: $0.file, line: $0.line, message: $0.message) })

    let directives = ChapterDirectives(markdown: original)
    var digest = StableHash()
    digest.add(original)

    // Metrics first: they may sit inside a formula or a table cell.
    var text = original
    let metricsURL = configuration.runDirectory(chapter).appendingPathComponent("metrics.json")
    if !directives.metrics.isEmpty, let metrics = try? MetricsFile(contentsOf: metricsURL) {
      for reference in directives.metrics {
        if let value = metrics.formatted(reference.key, format: reference.format) {
          text = text.replacingOccurrences(of: reference.placeholder, with: value)
          digest.add(reference.placeholder + "=" + value)
        }
      }
    }

    let extraction = MathExtraction(markdown: text)
    for problem in extraction.problems { issues.add(textPath, problem.line, problem.message) }
    formulas = extraction.formulas

    // Includes: the directive's line becomes the region's code, indented like
    // the directive; the fence opener learns where the code came from.
    var lines = extraction.markdown.components(separatedBy: "\n")
    var regionCache: [String: SourceRegions] = [:]
    var fenceOpener: Int?
    for index in lines.indices {
      let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        fenceOpener = fenceOpener == nil ? index : nil
        continue
      }
      guard trimmed.hasPrefix("{{#include "), trimmed.hasSuffix("}}") else { continue }
      let target = trimmed.dropFirst("{{#include ".count).dropLast(2).trimmingCharacters(in: .whitespaces)
      let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      let url = lint.resolve(parts[0])
      guard let regions = regionCache[url.path] ?? (try? String(contentsOf: url, encoding: .utf8)).map(SourceRegions.init),
        let code = regions.code(of: parts[1])
      else { continue }  // ChapterLint has reported it.
      regionCache[url.path] = regions
      digest.add(target + "\n" + code)
      let indentation = String(lines[index].prefix { $0 == " " })
      lines[index] = code.components(separatedBy: "\n").map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
      if let opener = fenceOpener, !lines[opener].contains("source=") {
        lines[opener] += " source=\(parts[0])#\(parts[1])"
      }
    }
    markdown = lines.joined(separator: "\n")

    figures = directives.figures.map { ($0.path, configuration.runDirectory(chapter).appendingPathComponent($0.path)) }
    for figure in figures {
      digest.add(figure.path)
      if let attributes = try? FileManager.default.attributesOfItem(atPath: figure.file.path) {
        digest.add("\(attributes[.size] ?? 0) \(attributes[.modificationDate].map { "\($0)" } ?? "")")
      }
    }
    inputDigest = digest.value
  }

  /// The line of the first place the original text mentions `needle`.
  func line(of needle: String) -> Int { lineNumber(of: needle, in: original) }
}

/// FNV-1a over UTF-8, 64 bits: stable across runs (Swift's `hashValue` is not).
struct StableHash {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    for byte in text.utf8 {
      state ^= UInt64(byte)
      state = state &* 0x100_0000_01b3
    }
    state ^= 0xff
    state = state &* 0x100_0000_01b3
  }

  mutating func add(_ data: Data) {
    for byte in data {
      state ^= UInt64(byte)
      state = state &* 0x100_0000_01b3
    }
  }

  var value: String { String(state, radix: 16) }

  static func of(_ text: String) -> String {
    var hash = StableHash()
    hash.add(text)
    return hash.value
  }
}
