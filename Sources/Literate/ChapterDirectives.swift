import Foundation

/// The conventions a chapter's `chapter.md` uses on top of Markdown (see
/// Chapters/README.md), found with their line numbers: includes, metric
/// placeholders (and rows repeated per epoch, `EpochLines`), figures, math.
public struct ChapterDirectives {
  /// `{{#include main.swift:region}}`: code from a source file, by region.
  public struct Include: Equatable {
    public let line: Int
    /// As written: relative to the chapter folder, or to the package root when it starts with `Sources/`.
    public let path: String
    public let region: String
  }

  /// `{{metric:key}}` or `{{metric:key:format}}`: a number from metrics.json.
  public struct MetricReference: Equatable {
    public let line: Int
    public let key: String
    public let format: String?
    /// The exact text to replace.
    public let placeholder: String
    /// Whether the key is indexed `[epoch]`: its line repeats once per epoch of the run.
    public var isPerEpoch: Bool { key.contains(EpochLines.index) }
  }

  /// `![alt](figures/name.svg)`: a figure the chapter wrote.
  public struct Figure: Equatable {
    public let line: Int
    public let path: String
  }

  public private(set) var includes: [Include] = []
  public private(set) var metrics: [MetricReference] = []
  public private(set) var figures: [Figure] = []
  /// Placeholders that look like directives but do not parse.
  public private(set) var malformed: [(line: Int, text: String)] = []
  /// The text's formulas, and its unclosed `$$`.
  public let math: MathExtraction
  /// What the Markdown parser reads in the text (its formulas set aside): images, links, raw HTML.
  public let structure: MarkdownStructure

  public init(markdown: String) {
    math = MathExtraction(markdown: markdown, keepingLines: true)
    structure = MarkdownStructure(markdown: math.markdown)
    // Figures are the images the parser reads, wherever they sit and however their alt text runs.
    figures = structure.images.filter { $0.destination.hasPrefix("figures/") }.map { Figure(line: $0.line, path: $0.destination) }
    // Compiled once for the whole text, not once per line.
    let placeholderPattern = try? NSRegularExpression(pattern: #"\{\{[^}]*\}\}"#)
    for (index, line) in markdown.components(separatedBy: "\n").enumerated() where line.contains("{{") {
      let number = index + 1
      for placeholder in Self.matches(of: placeholderPattern, in: line) {
        let body = placeholder.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
        if placeholder == EpochLines.numberPlaceholder {
          continue
        } else if body.hasPrefix("#include ") {
          let target = body.dropFirst("#include ".count).trimmingCharacters(in: .whitespaces)
          let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
          if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
            includes.append(Include(line: number, path: parts[0], region: parts[1]))
          } else {
            malformed.append((number, placeholder + " (expected {{#include FILE:REGION}})"))
          }
        } else if body.hasPrefix("metric:") {
          if let reference = Self.metricReference(placeholder, line: number) {
            metrics.append(reference)
          } else {
            malformed.append((number, placeholder + " (expected {{metric:KEY}} or {{metric:KEY:FORMAT}})"))
          }
        } else {
          malformed.append((number, placeholder + " (unknown directive; use #include, metric: or epoch)"))
        }
      }
    }
  }

  /// The metric a placeholder `{{metric:KEY}}` or `{{metric:KEY:FORMAT}}` names, if it is one.
  public static func metricReference(_ placeholder: String, line: Int) -> MetricReference? {
    let body = placeholder.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
    guard body.hasPrefix("metric:") else { return nil }
    let parts = body.dropFirst("metric:".count).split(separator: ":", maxSplits: 1).map(String.init)
    guard let key = parts.first, !key.isEmpty else { return nil }
    return MetricReference(line: line, key: key, format: parts.count == 2 ? parts[1] : nil, placeholder: placeholder)
  }

  /// Every metric placeholder in a text, in order (without the Markdown checks of `init`).
  public static func metricReferences(in text: String) -> [MetricReference] {
    let pattern = try? NSRegularExpression(pattern: #"\{\{metric:[^}]*\}\}"#)
    return matches(of: pattern, in: text).compactMap { metricReference($0, line: 0) }
  }

  static func matches(of regex: NSRegularExpression?, in line: String, group: Int = 0) -> [String] {
    guard let regex else { return [] }
    return regex.matches(in: line, range: NSRange(line.startIndex..., in: line)).compactMap { match in
      Range(match.range(at: group), in: line).map { String(line[$0]) }
    }
  }
}
