import Foundation

/// What a translation keeps identical to its English source (Chapters/README.md, "The Chinese
/// edition"): the headings with their levels and anchors, in order; the metric placeholders (as a
/// multiset of key and format); the includes and figures, in order; the article quotes 「…」 and
/// the links to sections. Each difference is a problem at the translation's line: its own line for
/// what it adds, and for what it lacks the line where the English has it, carried over paragraph by
/// paragraph within the same section (`LineMap`).
struct TranslationParity {
  let english: ChapterDirectives
  let chinese: ChapterDirectives
  let englishText: String
  let chineseText: String
  /// For messages: the English file (`chapter.md`) and the translation's path.
  let englishName: String
  let chineseName: String

  /// One thing both texts must have, at its line.
  struct Item {
    let line: Int
    /// What must be equal.
    let key: String
    /// How a message names it.
    let shown: String
  }

  func issues() -> [LintIssue] {
    let lines = LineMap(english: english, chinese: chinese, englishText: englishText, chineseText: chineseText)
    var issues = headingIssues(lines)
    issues += ordered("include", Self.includes(english), Self.includes(chinese), lines)
    issues += ordered("figure", Self.figures(english), Self.figures(chinese), lines)
    issues += unordered("placeholder", Self.metrics(english), Self.metrics(chinese), lines)
    issues += unordered("article quote", Self.quotes(englishText), Self.quotes(chineseText), lines)
    issues += unordered("section link", Self.sectionLinks(english), Self.sectionLinks(chinese), lines)
    return issues
  }

  // MARK: What is compared

  static func includes(_ directives: ChapterDirectives) -> [Item] {
    directives.includes.map { Item(line: $0.line, key: "\($0.path):\($0.region)", shown: "{{#include \($0.path):\($0.region)}}") }
  }

  static func figures(_ directives: ChapterDirectives) -> [Item] {
    directives.figures.map { Item(line: $0.line, key: $0.path, shown: "figure \($0.path)") }
  }

  static func metrics(_ directives: ChapterDirectives) -> [Item] {
    directives.metrics.map { Item(line: $0.line, key: $0.key + ":" + ($0.format ?? ""), shown: $0.placeholder) }
  }

  /// Every 「…」, wherever it stands (an article check's quote is the article's own words in both editions).
  static func quotes(_ text: String) -> [Item] {
    var items: [Item] = []
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
      var rest = Substring(line)
      while let open = rest.firstIndex(of: "「") {
        guard let close = rest[open...].firstIndex(of: "」") else { break }
        let quote = String(rest[open...close])
        items.append(Item(line: index + 1, key: quote, shown: quote))
        rest = rest[rest.index(after: close)...]
      }
    }
    return items
  }

  /// Links to a section of this chapter or another (`#anchor`, `../cnn/chapter.md#anchor`).
  static func sectionLinks(_ directives: ChapterDirectives) -> [Item] {
    directives.structure.links.filter { $0.destination.hasPrefix("#") || ChapterSections.chapterLinkTarget($0.destination)?.anchor != nil }
      .map { Item(line: $0.line, key: $0.destination, shown: "a link to \($0.destination)") }
  }

  // MARK: Comparisons

  /// The headings, level and anchor, in order; a translated heading names its anchor (`{#…}`).
  private func headingIssues(_ lines: LineMap) -> [LintIssue] {
    let englishAnchors = ChapterSections(english).anchors
    let chineseAnchors = ChapterSections(chinese).anchors
    let englishHeadings = english.structure.headings
    let chineseHeadings = chinese.structure.headings
    var issues: [LintIssue] = []
    for (index, heading) in chineseHeadings.enumerated() where ChapterSections.explicitAnchor(heading.text) == nil {
      let expected = index < englishAnchors.count ? " {#\(englishAnchors[index])}" : " {#anchor}"
      issues.append(LintIssue(
        file: chineseName, line: heading.line,
        message: "heading '\(heading.text)' names no anchor: end it with\(expected), its English heading's anchor"))
    }
    let english = zip(englishHeadings, englishAnchors).map {
      Item(line: $0.line, key: "\($0.level) \($1)", shown: "'\(String(repeating: "#", count: $0.level)) \($0.text)' {#\($1)}")
    }
    let chinese = zip(chineseHeadings, chineseAnchors).map {
      Item(line: $0.line, key: "\($0.level) \($1)", shown: "'\(String(repeating: "#", count: $0.level)) \($0.text)'")
    }
    return issues + ordered("heading", english, chinese, lines).filter { issue in
      !issues.contains { $0.line == issue.line && issue.message.contains("is not in") }
    }
  }

  /// Items that must come in the same order: the longest common subsequence is kept, the rest reported.
  private func ordered(_ kind: String, _ english: [Item], _ chinese: [Item], _ lines: LineMap) -> [LintIssue] {
    let englishKeys = english.map(\.key)
    let chineseKeys = chinese.map(\.key)
    var common = [[Int]](repeating: [Int](repeating: 0, count: chinese.count + 1), count: english.count + 1)
    for i in stride(from: english.count - 1, through: 0, by: -1) {
      for j in stride(from: chinese.count - 1, through: 0, by: -1) {
        common[i][j] = englishKeys[i] == chineseKeys[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
      }
    }
    var issues: [LintIssue] = []
    var (i, j) = (0, 0)
    while i < english.count || j < chinese.count {
      if i < english.count, j < chinese.count, englishKeys[i] == chineseKeys[j] {
        i += 1
        j += 1
      } else if j < chinese.count, i == english.count || common[i][j + 1] >= common[i + 1][j] {
        issues.append(extra(kind, chinese[j]))
        j += 1
      } else {
        issues.append(missing(kind, english[i], lines))
        i += 1
      }
    }
    return issues
  }

  /// Items that must be there as often, in any order (a sentence may move a number): each of the
  /// translation's is paired with the nearest unpaired English one of the same key.
  private func unordered(_ kind: String, _ english: [Item], _ chinese: [Item], _ lines: LineMap) -> [LintIssue] {
    var issues: [LintIssue] = []
    for key in Set(english.map(\.key) + chinese.map(\.key)).sorted() {
      var unpaired = english.filter { $0.key == key }.map { ($0, lines.chineseLine(ofEnglish: $0.line)) }
      for item in chinese where item.key == key {
        guard let nearest = unpaired.indices.min(by: { abs(unpaired[$0].1 - item.line) < abs(unpaired[$1].1 - item.line) }) else {
          issues.append(extra(kind, item))
          continue
        }
        unpaired.remove(at: nearest)
      }
      issues += unpaired.map { missing(kind, $0.0, lines) }
    }
    return issues
  }

  private func missing(_ kind: String, _ item: Item, _ lines: LineMap) -> LintIssue {
    LintIssue(
      file: chineseName, line: lines.chineseLine(ofEnglish: item.line),
      message: "lacks the \(kind) \(item.shown) of \(englishName):\(item.line): a translation keeps every \(kind) of its source")
  }

  private func extra(_ kind: String, _ item: Item) -> LintIssue {
    LintIssue(
      file: chineseName, line: item.line,
      message: "\(item.shown): this \(kind) is not in \(englishName) (a translation adds none; change the English first)")
  }
}

/// Where a line of the English text lies in its translation: the same section (by heading), then,
/// when the section has as many paragraphs in both, the same paragraph, at the same line within it
/// as far as the paragraph goes; else the section's heading.
struct LineMap {
  private let englishBlocks: [[(start: Int, length: Int)]]
  private let chineseBlocks: [[(start: Int, length: Int)]]
  private let chineseHeadingLines: [Int]
  private let englishHeadingLines: [Int]

  init(english: ChapterDirectives, chinese: ChapterDirectives, englishText: String, chineseText: String) {
    englishHeadingLines = english.structure.headings.map(\.line)
    chineseHeadingLines = chinese.structure.headings.map(\.line)
    englishBlocks = Self.sectionBlocks(englishText, headingLines: englishHeadingLines)
    chineseBlocks = Self.sectionBlocks(chineseText, headingLines: chineseHeadingLines)
  }

  func chineseLine(ofEnglish line: Int) -> Int {
    let section = englishHeadingLines.filter { $0 <= line }.count
    guard section < chineseBlocks.count else { return chineseHeadingLines.last ?? 1 }
    let fallback = section == 0 ? 1 : chineseHeadingLines[section - 1]
    let english = englishBlocks[section]
    let chinese = chineseBlocks[section]
    guard english.count == chinese.count, let block = english.lastIndex(where: { $0.start <= line }) else { return fallback }
    return chinese[block].start + min(line - english[block].start, chinese[block].length - 1)
  }

  /// Each section's paragraphs (runs of non-blank lines; a fenced block is one), as first line and length.
  private static func sectionBlocks(_ text: String, headingLines: [Int]) -> [[(start: Int, length: Int)]] {
    var sections = [[(start: Int, length: Int)]](repeating: [], count: headingLines.count + 1)
    var fence: String?
    var open: (start: Int, length: Int)?
    var section = 0
    func close() {
      if let block = open { sections[section].append(block) }
      open = nil
    }
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
      let number = index + 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let marker = trimmed.hasPrefix("```") ? "```" : trimmed.hasPrefix("~~~") ? "~~~" : nil
      if fence == nil, headingLines.contains(number) {
        close()
        section = headingLines.filter { $0 <= number }.count
        sections[section].append((number, 1))
        continue
      }
      if fence == nil, trimmed.isEmpty {
        close()
        continue
      }
      if open == nil { open = (number, 0) }
      open?.length += 1
      if let marker {
        if fence == nil { fence = marker } else if fence == marker { fence = nil }
      }
    }
    close()
    return sections
  }
}
