import Foundation

/// One name for each chapter: its text's title is the name the course gives it elsewhere.
extension ChapterLint {
  /// The page's title is the parser's first level-1 heading, as the site renders it.
  func titleIssues(_ structure: MarkdownStructure, textName: String) -> [LintIssue] {
    guard let expectedTitle else { return [] }
    guard let (line, title) = structure.title else {
      return [LintIssue(file: textName, line: 1, message: "no title: start the text with '# \(expectedTitle)'")]
    }
    guard title != expectedTitle else { return [] }
    return [LintIssue(
      file: textName, line: line,
      message: "the title '\(title)' is not the chapter's name in the course's list, '\(expectedTitle)' "
        + "(Sources/course/Chapters/ChapterCatalog.swift): a chapter has one name everywhere, so change one of the two")]
  }
}
