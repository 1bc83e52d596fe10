import Foundation

/// TeX found in a Markdown text, lifted out before the Markdown parser sees it.
///
/// Markdown would eat TeX's backslashes and read its underscores as emphasis,
/// so every `$…$` (inline) and `$$…$$` (display) span is replaced by a token
/// the parser leaves alone, `⟦m3⟧` or `⟦M3⟧`, and put back as KaTeX's HTML
/// afterwards. Code spans and fenced code blocks are skipped; `\$` is a dollar.
/// A formula never spans a blank line (Markdown ends a paragraph there), so an
/// unclosed `$$` is reported where it opens, not at the next formula's `$$`.
public struct MathExtraction {
  public struct Formula: Equatable, Codable, Sendable {
    public let tex: String
    public let display: Bool
    /// The 1-based line where the formula starts.
    public let line: Int

    /// The same formula with other TeX (its placeholders filled).
    public func replacingTeX(_ newTeX: String) -> Formula { Formula(tex: newTeX, display: display, line: line) }
  }

  /// The text with every formula replaced by its token.
  public private(set) var markdown = ""
  public private(set) var formulas: [Formula] = []
  /// Unclosed `$$`, with their lines.
  public private(set) var problems: [(line: Int, message: String)] = []

  public static func token(_ index: Int, display: Bool) -> String { "\u{27E6}\(display ? "M" : "m")\(index)\u{27E7}" }

  /// - Parameter keepingLines: Whether each token is followed by the line breaks its
  ///   formula spanned, so that every line of the text keeps its number (for checks
  ///   that report lines); the site's pages take the tokens alone.
  public init(markdown source: String, keepingLines: Bool = false) {
    let characters = Array(source)
    var output = ""
    output.reserveCapacity(source.utf8.count)
    var position = 0
    var line = 1
    var atLineStart = true
    var lifted: [Formula] = []

    func copy(upTo end: Int) {
      while position < end {
        if characters[position] == "\n" { line += 1 }
        output.append(characters[position])
        position += 1
      }
    }
    /// Puts the token of the formula that opens at `position` and closes at `closing` in its place.
    func lift(_ tex: String, display: Bool, upTo closing: Int) {
      lifted.append(Formula(tex: tex, display: display, line: line))
      output += Self.token(lifted.count - 1, display: display)
      for skipped in characters[position..<closing] where skipped == "\n" {
        line += 1
        if keepingLines { output += "\n" }
      }
    }
    func find(_ pattern: [Character], from start: Int, stopAtBlankLine: Bool) -> Int? {
      var index = start
      while index + pattern.count <= characters.count {
        if stopAtBlankLine, characters[index] == "\n", index + 1 < characters.count {
          var next = index + 1
          while next < characters.count, characters[next] == " " || characters[next] == "\t" { next += 1 }
          if next >= characters.count || characters[next] == "\n" { return nil }
        }
        if characters[index] == "\\" { index += 2; continue }
        if characters[index..<index + pattern.count].elementsEqual(pattern) { return index }
        index += 1
      }
      return nil
    }

    while position < characters.count {
      let character = characters[position]
      if atLineStart {
        // A fenced code block: copied untouched up to its closing fence.
        var indent = position
        while indent < characters.count, indent - position < 4, characters[indent] == " " { indent += 1 }
        if indent < characters.count, characters[indent] == "`" || characters[indent] == "~" {
          let fenceCharacter = characters[indent]
          var run = indent
          while run < characters.count, characters[run] == fenceCharacter { run += 1 }
          if run - indent >= 3 {
            let fence = String(repeating: fenceCharacter, count: run - indent)
            var scan = run
            var closingEnd = characters.count
            while let newline = characters[scan...].firstIndex(of: "\n") {
              let lineStart = newline + 1
              let lineEnd = characters[lineStart...].firstIndex(of: "\n") ?? characters.count
              let candidate = String(characters[lineStart..<lineEnd]).trimmingCharacters(in: .whitespaces)
              if candidate.hasPrefix(fence), candidate.allSatisfy({ $0 == fenceCharacter }) {
                closingEnd = lineEnd
                break
              }
              scan = lineStart
            }
            copy(upTo: closingEnd)
            atLineStart = false
            continue
          }
        }
      }
      atLineStart = character == "\n"
      switch character {
      case "\\" where position + 1 < characters.count && characters[position + 1] == "$":
        copy(upTo: position + 2)
      case "`":
        var run = position
        while run < characters.count, characters[run] == "`" { run += 1 }
        let ticks = Array(repeating: Character("`"), count: run - position)
        var search = run
        var closing: Int?
        while let found = find(ticks, from: search, stopAtBlankLine: true) {
          let after = found + ticks.count
          if (after >= characters.count || characters[after] != "`") && (characters[found - 1] != "`") {
            closing = found
            break
          }
          search = found + 1
        }
        copy(upTo: closing.map { $0 + ticks.count } ?? run)
      case "$" where position + 1 < characters.count && characters[position + 1] == "$":
        guard let closing = find(["$", "$"], from: position + 2, stopAtBlankLine: true) else {
          problems.append((line, "math: '$$' is never closed before the next blank line; close the formula with '$$'"))
          copy(upTo: position + 2)
          continue
        }
        lift(String(characters[(position + 2)..<closing]).trimmingCharacters(in: .whitespacesAndNewlines), display: true, upTo: closing)
        position = closing + 2
      case "$":
        // Inline math opens on a non-space and closes on a non-space not followed by a digit.
        let next = position + 1 < characters.count ? characters[position + 1] : " "
        var closing: Int?
        if !next.isWhitespace {
          var search = position + 1
          while let found = find(["$"], from: search, stopAtBlankLine: true) {
            let after = found + 1 < characters.count ? characters[found + 1] : " "
            if !characters[found - 1].isWhitespace && !after.isNumber { closing = found; break }
            search = found + 1
          }
        }
        guard let closing else {
          copy(upTo: position + 1)
          continue
        }
        lift(String(characters[(position + 1)..<closing]), display: false, upTo: closing)
        position = closing + 1
      default:
        copy(upTo: position + 1)
      }
    }
    markdown = output
    formulas = lifted
  }
}
