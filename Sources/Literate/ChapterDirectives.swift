import Foundation

/// The three conventions a chapter's `chapter.md` uses on top of Markdown
/// (see Chapters/README.md), found with their line numbers.
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

  public init(markdown: String) {
    // Compiled once for the whole text, not once per line.
    let placeholderPattern = try? NSRegularExpression(pattern: #"\{\{[^}]*\}\}"#)
    let imagePattern = try? NSRegularExpression(pattern: #"!\[[^\]]*\]\(([^)\s]+)"#)
    for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
      let number = index + 1
      // Most lines have neither a placeholder nor an image: skip the expressions for them.
      let mayHavePlaceholder = line.contains("{{")
      let mayHaveImage = line.contains("![")
      guard mayHavePlaceholder || mayHaveImage else { continue }
      for placeholder in mayHavePlaceholder ? Self.matches(of: placeholderPattern, in: line) : [] {
        let body = placeholder.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("#include ") {
          let target = body.dropFirst("#include ".count).trimmingCharacters(in: .whitespaces)
          let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
          if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
            includes.append(Include(line: number, path: parts[0], region: parts[1]))
          } else {
            malformed.append((number, placeholder + " (expected {{#include FILE:REGION}})"))
          }
        } else if body.hasPrefix("metric:") {
          let parts = body.dropFirst("metric:".count).split(separator: ":", maxSplits: 1).map(String.init)
          if let key = parts.first, !key.isEmpty {
            metrics.append(
              MetricReference(line: number, key: key, format: parts.count == 2 ? parts[1] : nil, placeholder: placeholder))
          } else {
            malformed.append((number, placeholder + " (expected {{metric:KEY}} or {{metric:KEY:FORMAT}})"))
          }
        } else {
          malformed.append((number, placeholder + " (unknown directive; use #include or metric:)"))
        }
      }
      for target in mayHaveImage ? Self.matches(of: imagePattern, in: line, group: 1) : [] where target.hasPrefix("figures/") {
        figures.append(Figure(line: number, path: target))
      }
    }
  }

  static func matches(of regex: NSRegularExpression?, in line: String, group: Int = 0) -> [String] {
    guard let regex else { return [] }
    return regex.matches(in: line, range: NSRange(line.startIndex..., in: line)).compactMap { match in
      Range(match.range(at: group), in: line).map { String(line[$0]) }
    }
  }
}
