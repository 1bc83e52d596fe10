import Foundation

/// Markdown ready for the parser, from any source: a chapter, or one of the
/// site's own texts (`Site/content/*.md`).
struct MarkdownSource {
  /// For messages: the file, relative to the package root.
  let path: String
  /// The text as written, for finding the line of a problem.
  let original: String
  /// Directives resolved, formulas replaced by tokens.
  let markdown: String
  let formulas: [MathExtraction.Formula]
  /// Where the page's figures go in the site (`figures/<slug>/`), if it has any.
  let figureFolder: String?

  init(chapter document: ChapterDocument) {
    path = document.textPath
    original = document.original
    markdown = document.markdown
    formulas = document.formulas
    figureFolder = "figures/\(document.chapter.slug)/"
  }

  init(path: String, text: String) {
    self.path = path
    original = text
    let extraction = MathExtraction(markdown: text)
    markdown = extraction.markdown
    formulas = extraction.formulas
    figureFolder = nil
  }
}

/// A heading of a page, for its contents and for anchors.
struct PageHeading: Equatable {
  let level: Int
  let id: String
  /// The heading's inner HTML (may hold math).
  let html: String
  let text: String
}

/// A section of a page's text, for the search index.
struct SearchSection {
  let anchor: String
  let heading: String
  let text: String
}

/// One rendered page body, before the template wraps it.
struct PageContent {
  var title: String
  var body: String
  var headings: [PageHeading]
  var sections: [SearchSection]
  /// Every `href` in the body, to check once all pages exist.
  var links: [String]
}

/// Regular-expression replacement over a whole string, with the groups of each match.
func replacingMatches(of pattern: String, in text: String, options: NSRegularExpression.Options = [], with transform: ([String]) -> String) -> String {
  guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return text }
  let nsText = text as NSString
  var result = ""
  var last = 0
  for match in regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
    result += nsText.substring(with: NSRange(location: last, length: match.range.location - last))
    let groups = (0..<match.numberOfRanges).map { index -> String in
      let range = match.range(at: index)
      return range.location == NSNotFound ? "" : nsText.substring(with: range)
    }
    result += transform(groups)
    last = match.range.location + match.range.length
  }
  result += nsText.substring(from: last)
  return result
}

/// Every match's groups.
func allMatches(of pattern: String, in text: String) -> [[String]] {
  guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
  let nsText = text as NSString
  return regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)).map { match in
    (0..<match.numberOfRanges).map { index in
      let range = match.range(at: index)
      return range.location == NSNotFound ? "" : nsText.substring(with: range)
    }
  }
}
