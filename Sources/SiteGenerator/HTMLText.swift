import Foundation
import Literate

/// Small helpers for building and reading HTML as text.
enum HTMLText {
  static let blockTags: Set<String> = [
    "p", "div", "li", "ol", "ul", "td", "th", "tr", "table", "pre", "br", "h1", "h2", "h3", "h4", "h5", "h6",
    "figure", "figcaption", "blockquote", "section", "hr",
  ]

  /// Escapes text for an element's content or a double-quoted attribute.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// Undoes the escapes cmark writes into code blocks.
  static func unescape(_ html: String) -> String {
    guard html.contains("&") else { return html }
    return html.replacingText("&lt;", with: "<").replacingText("&gt;", with: ">")
      .replacingText("&quot;", with: "\"").replacingText("&#39;", with: "'")
      .replacingText("&amp;", with: "&")
  }

  /// The text of an HTML fragment: tags dropped, common entities decoded,
  /// whitespace collapsed.
  static func plainText(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    var tag = ""
    var inTag = false
    for character in text {
      if character == "<" {
        inTag = true
        tag = ""
      } else if character == ">" && inTag {
        inTag = false
        // Block-level tags separate words; inline ones (code, em, a, span) do not.
        let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
        if blockTags.contains(name) { output.append(" ") }
      } else if inTag {
        if tag.count < 12 { tag.append(character) }
      } else {
        output.append(character)
      }
    }
    output = unescape(output).replacingText("&nbsp;", with: " ")
    return output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
  }

  /// The HTML with every control character a reader could not see shown as its
  /// Control Pictures symbol (U+0008 → ␈), and every U+FFFD (a byte that was not
  /// UTF-8, in a generated sample) marked, each in a `<span class="control-char">`
  /// that names the code point: a raw backspace would otherwise vanish or
  /// corrupt what is copied. Tabs and line breaks stay as they are.
  static func showingControlCharacters(_ html: String) -> String {
    guard html.unicodeScalars.contains(where: isHiddenCharacter) else { return html }
    var output = String.UnicodeScalarView()
    for scalar in html.unicodeScalars {
      guard isHiddenCharacter(scalar) else { output.append(scalar); continue }
      let code = String(scalar.value, radix: 16, uppercase: true)
      let name = "U+" + String(repeating: "0", count: max(0, 4 - code.count)) + code
      let picture: Unicode.Scalar = switch scalar.value {
      case 0x00...0x1F: Unicode.Scalar(0x2400 + scalar.value)!
      case 0x7F: "\u{2421}"
      case 0xFFFD: "\u{FFFD}"
      default: "\u{2426}"  // ␦ for a C1 control, which has no picture of its own
      }
      output.append(contentsOf: "<span class=\"control-char\" title=\"\(name)\">\(picture)</span>".unicodeScalars)
    }
    return String(output)
  }

  private static func isHiddenCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: false
    case 0x00...0x1F, 0x7F...0x9F, 0xFFFD: true
    default: false
    }
  }

  /// An anchor id from a heading's text, as GitHub makes them (`ChapterSections.slug`, shared with `course lint`).
  static func slug(_ text: String) -> String { ChapterSections.slug(text) }
}
