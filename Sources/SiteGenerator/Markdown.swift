import CMarkGFM
import Foundation

/// CommonMark with GitHub's extensions (tables, autolinks, strikethrough,
/// footnotes), rendered to HTML by cmark-gfm.
enum Markdown {
  /// The parser's options: footnotes, typographic quotes and dashes, and the
  /// whole fence info string kept so a code block can say where its code came
  /// from. Safe rendering (no `CMARK_OPT_UNSAFE`): raw HTML and `javascript:`
  /// links never reach the page, even from a metric's text; the lint reports
  /// raw HTML in a text at its line, and the site's own markup (math, code,
  /// figures) is added after this step.
  static let options: Int32 = CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART | CMARK_OPT_FULL_INFO_STRING

  /// The HTML of a Markdown document.
  ///
  /// - Complexity: linear in the text; about 1 ms for a long chapter.
  static func html(_ markdown: String) -> String {
    cmark_gfm_core_extensions_ensure_registered()
    guard let parser = cmark_parser_new(options) else { return "" }
    defer { cmark_parser_free(parser) }
    for name in ["table", "autolink", "strikethrough"] {
      if let extensionHandle = cmark_find_syntax_extension(name) {
        cmark_parser_attach_syntax_extension(parser, extensionHandle)
      }
    }
    var text = markdown
    text.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) { characters in
        cmark_parser_feed(parser, characters.baseAddress, characters.count)
      }
    }
    guard let document = cmark_parser_finish(parser) else { return "" }
    defer { cmark_node_free(document) }
    guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }
}
