import Foundation

/// An HTML template from `Site/templates/` with `{{name}}` placeholders.
///
///     <title>{{title}} · {{site_title}}</title>
///
/// Values are inserted as they are (they are HTML already); a placeholder the
/// builder does not know fails the build at the template's line, so a typo in
/// a restyled template is caught at once.
struct Template {
  let path: String
  let text: String
  /// The template cut at its placeholders: literal text, then a name, then text...
  private let pieces: [Piece]

  enum Piece {
    case literal(String)
    case placeholder(name: String, line: Int)
  }

  init(path: String, text: String) {
    self.path = path
    self.text = text
    var pieces: [Piece] = []
    var rest = Substring(text)
    var line = 1
    while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
      let literal = rest[..<open.lowerBound]
      pieces.append(.literal(String(literal)))
      line += literal.filter { $0 == "\n" }.count
      pieces.append(.placeholder(name: rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces), line: line))
      rest = rest[close.upperBound...]
    }
    pieces.append(.literal(String(rest)))
    self.pieces = pieces
  }

  /// Placeholders that `known` does not contain, as problems at their lines.
  func unknownPlaceholders(_ known: Set<String>) -> [SiteIssue] {
    pieces.compactMap { piece in
      guard case .placeholder(let name, let line) = piece, !known.contains(name) else { return nil }
      let list = known.sorted().joined(separator: ", ")
      return SiteIssue(file: path, line: line, message: "template: unknown placeholder {{\(name)}} (known: \(list))")
    }
  }

  func render(_ values: [String: String]) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count * 4)
    for piece in pieces {
      switch piece {
      case .literal(let literal): output += literal
      case .placeholder(let name, _): output += values[name] ?? ""
      }
    }
    return output
  }
}
