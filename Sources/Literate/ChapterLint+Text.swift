import Foundation

/// The checks of what the Markdown parser reads in a text: math, raw HTML,
/// images and links. The site build and `course lint` report the same ones.
extension ChapterLint {
  /// Schemes that run code when a reader follows the link.
  static let scriptSchemes = ["javascript:", "vbscript:", "data:"]

  func textIssues(_ directives: ChapterDirectives, textName: String) -> [LintIssue] {
    Self.textIssues(directives, file: textName, imagesAreFigures: true)
  }

  /// The problems of a text's Markdown, for any page's text (a chapter's, or one of the site's own).
  ///
  /// - Parameter imagesAreFigures: Whether every image must be one of the run's figures
  ///   (a chapter's text); the site's own texts may place its assets.
  public static func textIssues(_ directives: ChapterDirectives, file: String, imagesAreFigures: Bool) -> [LintIssue] {
    var issues = directives.math.problems.map { LintIssue(file: file, line: $0.line, message: $0.message) }
    for formula in directives.math.formulas
    where formula.tex.contains(EpochLines.index) || formula.tex.contains(EpochLines.numberPlaceholder) {
      issues.append(LintIssue(
        file: file, line: formula.line,
        message: "math: a per-epoch placeholder ([epoch], {{epoch}}) cannot sit inside a formula; move it out of the $…$"))
    }
    let structure = directives.structure
    for html in structure.rawHTML {
      issues.append(LintIssue(
        file: file, line: html.line,
        message: "raw HTML \(html.html) is not passed through to the site (a page runs no markup its text smuggled in): "
          + "write it in Markdown, or escape a literal '<' as \\<"))
    }
    for line in structure.unreadImages {
      issues.append(LintIssue(
        file: file, line: line,
        message: "'![' that Markdown does not read as an image: the brackets of its alt text must balance "
          + "(escape a lone one as \\] or \\[), and '](' must follow the alt text directly"))
    }
    for line in structure.unreadBold {
      // CommonMark closes `**` only where it is right-flanking: after punctuation such as '：' or '。'
      // it must be followed by a space or punctuation, which Chinese text rarely has.
      issues.append(LintIssue(
        file: file, line: line,
        message: "'**' that Markdown does not read as bold and would show on the page: a closing ** right after "
          + "punctuation (：。、) must be followed by a space or punctuation; move the punctuation outside the "
          + "bold (**结论：正确**：…) or add a space after the **"))
    }
    for image in structure.images where imagesAreFigures && !image.destination.hasPrefix("figures/") {
      issues.append(LintIssue(
        file: file, line: image.line,
        message: "image \(image.destination): a page places only figures its chapter's run writes (figures/NAME.svg); "
          + "the site works offline and copies nothing else"))
    }
    for link in structure.links {
      let destination = link.destination.lowercased().trimmingCharacters(in: .whitespaces)
      if scriptSchemes.contains(where: destination.hasPrefix) {
        issues.append(LintIssue(
          file: file, line: link.line, message: "link to \(link.destination.prefix(40)): a page links to no script; link to a page or an address"))
      } else if destination.hasPrefix("figures/") {
        issues.append(LintIssue(
          file: file, line: link.line,
          message: "link to \(link.destination): place a figure as an image, ![alt text](\(link.destination)) (a stray '[' in its alt text makes a link)"))
      }
    }
    return issues
  }
}
