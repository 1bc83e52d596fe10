import Foundation

/// A formula as plain text, for the search index and page descriptions:
/// `σ(z) = 1/(1+e^(−z))` rather than `\sigma(z) = \frac{1}{1 + e^{-z}}`.
///
/// Read from KaTeX's MathML, where every symbol is already its Unicode
/// character and the structure is explicit: fractions become `a/b`, scripts
/// `x^2` and `w_ij`, accents combining marks (`ŷ`), roots `√(…)`; a part
/// with more than one term is put in parentheses, and relations get spaces.
enum MathText {
  /// The text of the `<math>` element in KaTeX's HTML, or nil when there is none.
  static func readable(_ katexHTML: String) -> String? {
    guard let start = katexHTML.firstRange(ofText: "<math"), let end = katexHTML.firstRange(ofText: "</math>", from: start.upperBound)
    else { return nil }
    var root = Node(name: "#root")
    var stack: [Node] = []
    MathMarkupCompactor.scan(String(katexHTML[start.lowerBound..<end.upperBound]), text: { text in
      var node = Node(name: "#text")
      node.text = HTMLText.unescape(text).replacingText("&nbsp;", with: " ")
      if stack.isEmpty { root.children.append(node) } else { stack[stack.count - 1].children.append(node) }
    }) { tag in
      if tag.isEnd {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty { root.children.append(node) } else { stack[stack.count - 1].children.append(node) }
      } else {
        var node = Node(name: tag.name)
        node.accent = tag.value("accent") == "true"
        if tag.isSelfClosing {
          if stack.isEmpty { root.children.append(node) } else { stack[stack.count - 1].children.append(node) }
        } else {
          stack.append(node)
        }
      }
    }
    let text = text(of: root).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return text.isEmpty ? nil : text
  }

  private struct Node {
    let name: String
    var children: [Node] = []
    var text = ""
    var accent = false
  }

  private static let relations: Set<String> = ["=", "≠", "≈", "<", ">", "≤", "≥", "←", "→", "⇒", "⇔", "∈", "∝", "≡", ":="]
  /// What an accent over a letter becomes: the combining mark that puts it there.
  private static let accents: [String: String] = [
    "^": "\u{0302}", "ˆ": "\u{0302}", "~": "\u{0303}", "˜": "\u{0303}", "ˉ": "\u{0304}", "‾": "\u{0305}", "¯": "\u{0304}",
    "˙": "\u{0307}", "¨": "\u{0308}", "→": "\u{20D7}", "⃗": "\u{20D7}",
  ]

  private static func text(of node: Node) -> String {
    let parts = node.children.map(text(of:))
    func part(_ index: Int) -> String { parts.indices.contains(index) ? parts[index] : "" }
    switch node.name {
    case "#text": return node.text
    case "mo": return relations.contains(part(0).trimmingCharacters(in: .whitespaces)) ? " \(parts.joined()) " : parts.joined()
    case "mspace": return " "
    case "mphantom", "annotation": return ""
    case "mfrac": return grouped(part(0)) + "/" + grouped(part(1))
    case "msup": return part(0) + "^" + grouped(part(1))
    case "msub": return part(0) + "_" + grouped(part(1))
    case "msubsup": return part(0) + "_" + grouped(part(1)) + "^" + grouped(part(2))
    case "munder": return part(0) + "_" + grouped(part(1))
    case "mover":
      if node.accent, let mark = accents[part(1).trimmingCharacters(in: .whitespaces)] { return part(0) + mark }
      return part(0) + "^" + grouped(part(1))
    case "munderover": return part(0) + "_" + grouped(part(1)) + "^" + grouped(part(2))
    case "msqrt": return "√" + grouped(parts.joined())
    case "mroot": return "√" + grouped(part(0))
    case "mtd": return parts.joined() + " "
    case "mtr": return parts.joined() + "; "
    default: return parts.joined()
    }
  }

  /// A part of a fraction or script, in parentheses when it is more than one term.
  private static func grouped(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    return trimmed.contains { "+−-=,<>±·× ".contains($0) } ? "(\(trimmed))" : trimmed
  }
}
