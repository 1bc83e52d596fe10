import Foundation

/// One name for each chapter: its text's title is the name the course gives it elsewhere.
extension ChapterLint {
  func titleIssues(_ markdown: String, textName: String) -> [LintIssue] {
    guard let expectedTitle else { return [] }
    let lines = markdown.components(separatedBy: "\n")
    guard let index = lines.firstIndex(where: { $0.hasPrefix("# ") }) else {
      return [LintIssue(file: textName, line: 1, message: "no title: start the text with '# \(expectedTitle)'")]
    }
    let title = lines[index].dropFirst(2).trimmingCharacters(in: .whitespaces)
    guard title != expectedTitle else { return [] }
    return [LintIssue(
      file: textName, line: index + 1,
      message: "the title '\(title)' is not the chapter's name in the course's list, '\(expectedTitle)' "
        + "(Sources/course/Chapters/ChapterCatalog.swift): a chapter has one name everywhere, so change one of the two")]
  }
}
