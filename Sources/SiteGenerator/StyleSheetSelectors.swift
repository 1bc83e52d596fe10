import Foundation

/// The selectors of a stylesheet, read and rewritten without touching its
/// declarations.
///
/// Renaming KaTeX's classes must change `.vlist-t2` in a selector but never
/// `url(fonts/KaTeX_Main-Regular.woff2)` in a declaration, so this walks the
/// rules: a rule's prelude (before `{`) is a selector list, unless it is an
/// at-rule; `@media`/`@supports` blocks hold more rules, every other at-rule
/// (`@font-face`) and every declaration block is copied as it is.
enum StyleSheetSelectors {
  /// The stylesheet with every selector list passed through `transform`.
  static func rewrite(_ css: String, _ transform: (String) -> String) -> String {
    let text = Array(withoutComments(css).utf8)
    var output: [UInt8] = []
    output.reserveCapacity(text.count)
    var preludeStart = 0
    var index = 0
    while index < text.count {
      switch text[index] {
      case UInt8(ascii: "{"):
        let prelude = String(decoding: text[preludeStart..<index], as: UTF8.self)
        let trimmed = prelude.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("@media") || trimmed.hasPrefix("@supports") || trimmed.hasPrefix("@layer") {
          // A group of rules: its own preludes are selectors again.
          output += Array(prelude.utf8) + [UInt8(ascii: "{")]
          index += 1
        } else {
          output += Array((trimmed.hasPrefix("@") ? prelude : transform(prelude)).utf8)
          let end = endOfBlock(text, from: index)
          output += text[index..<end]
          index = end
        }
        preludeStart = index
      case UInt8(ascii: "}"):
        // The end of a group; anything before it was stray text.
        output += text[preludeStart...index]
        index += 1
        preludeStart = index
      case UInt8(ascii: ";") where String(decoding: text[preludeStart..<index], as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("@"):
        // A statement at-rule (`@import …;`, `@charset …;`).
        output += text[preludeStart...index]
        index += 1
        preludeStart = index
      default:
        index += 1
      }
    }
    output += text[preludeStart..<text.count]
    return String(decoding: output, as: UTF8.self)
  }

  /// Every selector list of the stylesheet, in order.
  static func selectors(_ css: String) -> [String] {
    var found: [String] = []
    _ = rewrite(css) { found.append($0); return $0 }
    return found
  }

  /// Every class a selector names (`.mord` in `.katex .mord.mathnormal`), in order of appearance.
  static func classNames(in selector: String) -> [String] {
    allMatches(of: #"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)"#, in: selector).map { $0[1] }
  }

  /// The selector with each class selector (`.name`) replaced by what `replacement` gives for its name.
  static func renamingClasses(in selector: String, _ replacement: (String) -> String) -> String {
    replacingMatches(of: #"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)"#, in: selector) { replacement($0[1]) }
  }

  /// The selector with the type selector `name` (not a class or id that contains it) replaced.
  static func renamingElements(in selector: String, _ name: String, to replacement: String) -> String {
    replacingMatches(of: #"(?<![-_a-zA-Z0-9.#\\])"# + NSRegularExpression.escapedPattern(for: name) + #"(?![-_a-zA-Z0-9])"#, in: selector) { _ in replacement }
  }

  private static func withoutComments(_ css: String) -> String {
    replacingMatches(of: #"/\*.*?\*/"#, in: css, options: [.dotMatchesLineSeparators]) { _ in "" }
  }

  /// The index just past the `}` that closes the block opening at `start`,
  /// skipping braces inside quoted strings.
  private static func endOfBlock(_ text: [UInt8], from start: Int) -> Int {
    var depth = 0
    var quote: UInt8?
    var index = start
    while index < text.count {
      let byte = text[index]
      if let open = quote {
        if byte == UInt8(ascii: "\\") { index += 1 } else if byte == open { quote = nil }
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        quote = byte
      } else if byte == UInt8(ascii: "{") {
        depth += 1
      } else if byte == UInt8(ascii: "}") {
        depth -= 1
        if depth == 0 { return index + 1 }
      }
      index += 1
    }
    return text.count
  }
}
