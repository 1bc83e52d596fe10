import CMarkGFM
import Foundation

/// What the Markdown parser itself reads in a text, each with its line: the
/// images, the links, the raw HTML, and text that looks like an image but is
/// not one. Read with cmark-gfm, the parser that renders the site, so a check
/// never disagrees with the page (a pattern matched line by line missed an
/// image whose alt text holds `]` or wraps onto a second line).
public struct MarkdownStructure {
  /// An image or a link, with where it points.
  public struct Target: Equatable, Sendable {
    /// The 1-based line where it starts.
    public let line: Int
    public let destination: String
    /// The text a reader sees (a link's label, an image's alt text), without markup.
    public var text: String = ""
  }

  /// A heading, with its level and its text as the parser reads it (formulas still tokens).
  public struct Heading: Equatable, Sendable {
    public let line: Int
    public let level: Int
    public let text: String
  }

  public private(set) var images: [Target] = []
  public private(set) var links: [Target] = []
  /// Raw HTML, which the site does not pass through: its line and its first characters (the first on each line).
  public private(set) var rawHTML: [(line: Int, html: String)] = []
  /// Lines of text holding `![` that the parser did not read as an image.
  public private(set) var unreadImages: [Int] = []
  /// Lines of text holding `**` that the parser did not read as bold (it would show on the page).
  public private(set) var unreadBold: [Int] = []
  /// The prose a reader reads, one text node at a time with its line: no code, no
  /// link or image addresses, no HTML (and no formulas: they were lifted out).
  public private(set) var prose: [(line: Int, text: String)] = []
  /// The first level-1 heading, the page's title, with its line.
  public private(set) var title: (line: Int, text: String)?
  /// Every heading, in order.
  public private(set) var headings: [Heading] = []

  /// Reads a text whose formulas were lifted out with their lines kept
  /// (`MathExtraction(markdown:keepingLines: true)`): TeX is not Markdown.
  public init(markdown: String) {
    cmark_gfm_core_extensions_ensure_registered()
    guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return }
    defer { cmark_parser_free(parser) }
    if let table = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, table) }
    var text = markdown
    text.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
    }
    guard let document = cmark_parser_finish(parser) else { return }
    // One text node per run of text: the parser splits at characters like `[`, which would cut a
    // placeholder such as {{metric:loss[0]}} in pieces.
    cmark_consolidate_text_nodes(document)
    guard let iterator = cmark_iter_new(document) else {
      cmark_node_free(document)
      return
    }
    defer {
      cmark_iter_free(iterator)
      cmark_node_free(document)
    }
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
      let line = Int(cmark_node_get_start_line(node))
      switch cmark_node_get_type(node) {
      case CMARK_NODE_IMAGE:
        // An image's own line is where its `](` is; its alt text starts where it does.
        let first = cmark_node_first_child(node).map { Int(cmark_node_get_start_line($0)) } ?? 0
        images.append(Target(line: first > 0 ? min(first, line) : line, destination: Self.string(cmark_node_get_url(node))))
      case CMARK_NODE_LINK:
        links.append(Target(line: line, destination: Self.string(cmark_node_get_url(node)), text: Self.plainText(of: node)))
      case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
        // One problem per line: `<b>bold</b>` is two nodes.
        if rawHTML.last?.line == line { continue }
        let html = Self.string(cmark_node_get_literal(node)).trimmingCharacters(in: .whitespacesAndNewlines)
        rawHTML.append((line, String(html.prefix(60))))
      case CMARK_NODE_TEXT:
        let literal = Self.string(cmark_node_get_literal(node))
        prose.append((line, literal))
        if literal.contains("![") { unreadImages.append(line) }
        if literal.contains("**") && unreadBold.last != line { unreadBold.append(line) }
      case CMARK_NODE_HEADING:
        let heading = Heading(line: line, level: Int(cmark_node_get_heading_level(node)), text: Self.plainText(of: node))
        headings.append(heading)
        if title == nil && heading.level == 1 { title = (line, heading.text) }
      default:
        break
      }
    }
  }

  /// The text of a node's descendants, without their markup.
  private static func plainText(of node: OpaquePointer) -> String {
    var text = ""
    var child = cmark_node_first_child(node)
    while let current = child {
      switch cmark_node_get_type(current) {
      case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += string(cmark_node_get_literal(current))
      default: text += plainText(of: current)
      }
      child = cmark_node_next(current)
    }
    return text
  }

  private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
