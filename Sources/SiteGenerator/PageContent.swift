import Foundation
import Literate

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
  /// Each figure's drawn size and smallest label, by its path as written (`figures/loss.svg`).
  var figureSizes: [String: FigureSize] = [:]

  init(chapter document: ChapterDocument) {
    path = document.textPath
    original = document.original
    markdown = document.markdown
    formulas = document.formulas
    figureFolder = "figures/\(document.chapter.slug)/"
    for figure in document.figures {
      if let text = try? String(contentsOf: figure.file, encoding: .utf8), let size = FigureSize(svg: text) {
        figureSizes[figure.path] = size
      }
    }
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
struct PageHeading: Equatable, Codable {
  let level: Int
  let id: String
  /// The heading's inner HTML (may hold math).
  let html: String
  let text: String
}

/// A section of a page's text, for the search index.
struct SearchSection: Equatable, Codable {
  let anchor: String
  let heading: String
  let text: String
}

/// One rendered page body, before the template wraps it.
struct PageContent: Equatable, Codable {
  var title: String
  var body: String
  var headings: [PageHeading]
  var sections: [SearchSection]
  /// Every `href` in the body, to check once all pages exist.
  var links: [String]
}
