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

  /// An anchor id from a heading's text, as GitHub makes them (`ChapterSections.slug`, shared with `course lint`).
  static func slug(_ text: String) -> String { ChapterSections.slug(text) }
}
