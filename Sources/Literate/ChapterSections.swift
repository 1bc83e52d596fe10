import Foundation

/// A chapter's sections as the site numbers them: every `##` heading, 1, 2, … in order,
/// each with the anchor the site gives it. The site and `course lint` both name anchors
/// here (`slug`, `AnchorNamer`), so a link the lint accepts is a link the page has.
public struct ChapterSections {
  /// A numbered section: a level-2 heading.
  public struct Section: Equatable, Sendable {
    public let line: Int
    public let number: Int
    public let anchor: String
    /// The heading's text, formulas as their TeX.
    public let title: String
  }

  /// The `##` headings, numbered from 1.
  public let numbered: [Section]
  /// Every heading's anchor (any level), in order.
  public let anchors: [String]

  /// The sections of a text already parsed (formulas lifted out, `ChapterDirectives`).
  public init(_ directives: ChapterDirectives) {
    var namer = AnchorNamer()
    var numbered: [Section] = []
    var anchors: [String] = []
    for heading in directives.structure.headings {
      let written = Self.restoringFormulas(heading.text, formulas: directives.math.formulas)
      let anchor = namer.anchor(for: written)
      let title = Self.explicitAnchor(written)?.title ?? written
      anchors.append(anchor)
      if heading.level == 2 {
        numbered.append(Section(line: heading.line, number: numbered.count + 1, anchor: anchor, title: title))
      }
    }
    self.numbered = numbered
    self.anchors = anchors
  }

  /// The sections of a text as written.
  public init(markdown: String) { self.init(ChapterDirectives(markdown: markdown)) }

  /// The section an anchor names, if it is a numbered one.
  public func section(_ anchor: String) -> Section? { numbered.first { $0.anchor == anchor } }

  /// An anchor from a heading's text, as GitHub makes them: lowercased; letters and
  /// digits kept; spaces and hyphens become one `-`; everything else dropped.
  public static func slug(_ text: String) -> String {
    var result = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber { result.append(character) }
      else if character == " " || character == "-" { result.append("-") }
    }
    while result.contains("--") { result = result.replacingOccurrences(of: "--", with: "-") }
    let trimmed = result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    return trimmed.isEmpty ? "section" : trimmed
  }

  /// A heading that names its anchor, `一维卷积 {#convolution-in-one-dimension}` (a translation keeps
  /// its source's anchors, so links and the other edition's sections meet): its text without the
  /// `{#…}`, and the anchor. Nil for a heading that names none.
  public static func explicitAnchor(_ text: String) -> (title: String, anchor: String)? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{#", options: .backwards) else { return nil }
    let anchor = trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]
    guard !anchor.isEmpty, anchor.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
    return (trimmed[..<open.lowerBound].trimmingCharacters(in: .whitespaces), String(anchor))
  }

  /// Names the headings of one page: a heading whose slug an earlier one took gets `-2`, `-3`, ….
  public struct AnchorNamer {
    private var used: Set<String> = []

    public init() {}

    /// The anchor of a heading whose text is `text`: the one it names (`{#anchor}`), or its slug.
    public mutating func anchor(for text: String) -> String {
      if let explicit = ChapterSections.explicitAnchor(text) {
        used.insert(explicit.anchor)
        return explicit.anchor
      }
      var anchor = ChapterSections.slug(text)
      if used.contains(anchor) {
        var suffix = 2
        while used.contains("\(anchor)-\(suffix)") { suffix += 1 }
        anchor = "\(anchor)-\(suffix)"
      }
      used.insert(anchor)
      return anchor
    }
  }

  /// The problem of a section link to `anchor` in `target` ("this chapter", "chapter cnn")
  /// whose numbered sections are `anchors`: one line, with the nearest valid anchors.
  /// The chapter and anchor a link to another chapter's text names (`../cnn/chapter.md#the-backward-passes`,
  /// `cnn/chapter.md`), or nil when the link is not one: the same reading for lint and the site.
  public static func chapterLinkTarget(_ destination: String) -> (slug: String, anchor: String?)? {
    guard let match = chapterLink.firstMatch(in: destination, range: NSRange(destination.startIndex..., in: destination)),
      let slug = Range(match.range(at: 1), in: destination).map({ String(destination[$0]) })
    else { return nil }
    return (slug, Range(match.range(at: 2), in: destination).map { String(destination[$0]) })
  }

  private static let chapterLink = try! NSRegularExpression(pattern: #"^(?:\.\./|\./)?([a-z0-9-]+)/chapter\.md(?:#(.*))?$"#)

  public static func missingSectionMessage(_ link: String, anchor: String, target: String, anchors: [String]) -> String {
    let nearest = nearestAnchors(to: anchor, among: anchors)
    return "[section](\(link)): '#\(anchor)' is not a section (## heading) of \(target); "
      + (nearest.isEmpty ? "it has none" : "nearest: " + nearest.map { "#" + $0 }.joined(separator: ", "))
  }

  /// Up to three anchors closest to `anchor` by edit distance, closest first.
  static func nearestAnchors(to anchor: String, among anchors: [String]) -> [String] {
    let scored = anchors.map { ($0, editDistance(Array(anchor), Array($0))) }
    return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
  }

  private static func editDistance(_ first: [Character], _ second: [Character]) -> Int {
    guard !first.isEmpty else { return second.count }
    var previous = Array(0...second.count)
    for (row, character) in first.enumerated() {
      var current = [row + 1]
      for column in second.indices {
        current.append(min(previous[column + 1] + 1, current[column] + 1, previous[column] + (character == second[column] ? 0 : 1)))
      }
      previous = current
    }
    return previous[second.count]
  }

  /// Text whose formula tokens (`⟦m3⟧`) become their TeX, as the site reads a heading for its anchor.
  static func restoringFormulas(_ text: String, formulas: [MathExtraction.Formula]) -> String {
    guard text.contains("\u{27E6}") else { return text }
    var result = text
    for (index, formula) in formulas.enumerated().reversed() {
      for display in [false, true] {
        result = result.replacingOccurrences(of: MathExtraction.token(index, display: display), with: formula.tex)
      }
    }
    return result
  }
}
