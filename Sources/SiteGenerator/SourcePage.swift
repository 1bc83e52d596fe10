import Foundation

/// A page showing one source file whole, highlighted, with numbered lines and its regions
/// marked: where a code block's caption leads (`source-Chapters--cnn--Training.swift.html#region-step`),
/// so a reader sees the code around an excerpt, offline.
enum SourcePage {
  /// The page of a file, by its path relative to the package root (flat, so the template's relative links hold).
  static func fileName(for path: String) -> String {
    "source-" + path.replacingOccurrences(of: "/", with: "--") + ".html"
  }

  /// The file a source page shows, relative to the package root; nil for another page.
  static func path(ofFileName name: String) -> String? {
    guard name.hasPrefix("source-"), name.hasSuffix(".html") else { return nil }
    return String(name.dropFirst("source-".count).dropLast(".html".count)).replacingOccurrences(of: "--", with: "/")
  }

  /// The anchor of a region's first line.
  static func regionAnchor(_ region: String) -> String { "region-" + region }

  /// The page's title and body: the file, one `<span class="line" id="L…">` a line, each
  /// `// region: name` line also anchored as `region-name`; `chapters` are the pages that quote it.
  static func content(path: String, text: String, chapters: [(fileName: String, title: String)]) -> PageContent {
    let swift = path.hasSuffix(".swift")
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    var listing = ""
    for (index, line) in lines.enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      var region = ""
      if trimmed.hasPrefix("// region:") {
        let name = trimmed.dropFirst("// region:".count).trimmingCharacters(in: .whitespaces)
        region = "<span id=\"\(HTMLText.escape(regionAnchor(name)))\"></span>"
      }
      // Line by line: a highlighted span never crosses a line, so every line is a whole element.
      let code = swift ? SwiftHighlighter.html(for: line) : HTMLText.escape(line)
      listing += "<span class=\"line\" id=\"L\(index + 1)\">\(region)\(code)</span>\n"
    }
    let quotedBy = chapters.map { "<a href=\"\($0.fileName)\">\(HTMLText.escape($0.title))</a>" }.joined(separator: ", ")
    let body = "<h1 id=\"source\"><code>\(HTMLText.escape(path))</code></h1>"
      + "<p class=\"source-note\">The whole file, lines numbered; the code blocks of "
      + (quotedBy.isEmpty ? "the chapters" : quotedBy) + " quote its regions (between <code>// region:</code> and <code>// endregion</code>).</p>"
      + "<figure class=\"code-block source-listing\"><figcaption class=\"code-source\"><span class=\"code-file\">\(HTMLText.escape(path))</span></figcaption>"
      + "<pre><code\(swift ? " class=\"language-swift\"" : "")>\(listing)</code></pre></figure>"
    return PageContent(title: path, body: body, headings: [], sections: [], links: chapters.map(\.fileName))
  }
}
