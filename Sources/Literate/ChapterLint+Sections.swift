import Foundation

/// Section numbers are the site's: a `##` heading carries none, a reference to a section is a
/// link whose text is `section` (the site writes its number), and a typed "section 3" is refused,
/// since it goes stale when a section is added above it.
extension ChapterLint {
  /// "section 3", "Sections 2 and 3", "section 4.1": a number typed after the word.
  static let typedSectionNumber = try! NSRegularExpression(pattern: #"\b([Ss]ections?)\s+(\d+(?:\.\d+)*)"#)
  /// "第 3 节", "第3节": a number typed in a translation's words.
  static let typedChineseSectionNumber = try! NSRegularExpression(pattern: #"第\s*\d+(?:\.\d+)*\s*节"#)
  /// "3. Title", "3 Title", "4.1 Title": a heading that starts with a typed number.
  static let typedHeadingNumber = try! NSRegularExpression(pattern: #"^\s*(\d+(?:\.\d+)*\.?)\s"#)
  /// A link to one of the site's own texts as it lies in the package: `../../Site/content/sources.md#article-003`.
  static let siteTextLink = try! NSRegularExpression(pattern: #"^(?:\.\./)*Site/content/([a-z0-9-]+)\.md(?:#(.*))?$"#)

  func sectionIssues(_ directives: ChapterDirectives, textName: String) -> [LintIssue] {
    var issues: [LintIssue] = []
    let structure = directives.structure
    for heading in structure.headings where heading.level == 2 {
      guard let typed = Self.firstMatch(Self.typedHeadingNumber, in: heading.text, group: 1) else { continue }
      let title = ChapterSections.restoringFormulas(heading.text, formulas: directives.math.formulas)
      issues.append(LintIssue(
        file: textName, line: heading.line,
        message: "heading '\(title)' types its number '\(typed)': the site numbers every ## heading, so write it without"))
    }
    for (line, text) in structure.prose {
      let range = NSRange(text.startIndex..., in: text)
      for match in Self.typedSectionNumber.matches(in: text, range: range) {
        let typed = String(text[Range(match.range, in: text)!])
        let word = String(text[Range(match.range(at: 1), in: text)!]).hasPrefix("S") ? "Section" : "section"
        issues.append(LintIssue(
          file: textName, line: line,
          message: "'\(typed)' is a typed section number, which goes stale when sections move: "
            + "write [\(word)](#anchor) (or [\(word)](../slug/chapter.md#anchor)) and the site writes the number"))
      }
      guard isTranslation else { continue }
      for match in Self.typedChineseSectionNumber.matches(in: text, range: range) {
        issues.append(LintIssue(
          file: textName, line: line,
          message: "'\(text[Range(match.range, in: text)!])' is a typed section number, which goes stale when sections move: "
            + "write [section](#anchor) and the site writes 第 N 节"))
      }
    }
    guard checksLinkTargets else { return issues }
    let own = ChapterSections(directives)
    for link in structure.links {
      let isSection = link.text == "section" || link.text == "Section"
      if let problem = isSection ? sectionLinkProblem(link.destination, own: own) : anchorProblem(link.destination) {
        issues.append(LintIssue(file: textName, line: link.line, message: problem))
      }
    }
    return issues
  }

  /// What is wrong with a link to an anchor of another chapter's text or of a site text
  /// (`../../Site/content/sources.md#article-003`), if anything: the site would fail on it too.
  func anchorProblem(_ destination: String) -> String? {
    let file: URL
    if let name = Self.firstMatch(Self.siteTextLink, in: destination, group: 1) {
      file = packageRoot.appendingPathComponent("Site/content/\(name).md")
    } else if let slug = ChapterSections.chapterLinkTarget(destination)?.slug {
      file = packageRoot.appendingPathComponent("Chapters/\(slug)/chapter.md")
    } else {
      return nil
    }
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
      return "link to \(destination): no such text \(relative(file))"
    }
    guard let anchor = destination.split(separator: "#", maxSplits: 1).dropFirst().first.map(String.init), !anchor.isEmpty else { return nil }
    let anchors = ChapterSections(markdown: text).anchors
    guard !anchors.contains(anchor) else { return nil }
    let nearest = ChapterSections.nearestAnchors(to: anchor, among: anchors).map { "#" + $0 }.joined(separator: ", ")
    return "link to \(destination): \(relative(file)) has no heading '#\(anchor)'\(nearest.isEmpty ? "" : "; nearest: " + nearest)"
  }

  /// What is wrong with a section link's destination, if anything.
  func sectionLinkProblem(_ destination: String, own: ChapterSections) -> String? {
    if destination.hasPrefix("#") {
      let anchor = String(destination.dropFirst())
      guard own.section(anchor) == nil else { return nil }
      return ChapterSections.missingSectionMessage(destination, anchor: anchor, target: "this chapter", anchors: own.numbered.map(\.anchor))
    }
    guard let (slug, anchor) = ChapterSections.chapterLinkTarget(destination), let anchor, !anchor.isEmpty else {
      return "[section](\(destination)): a section link points at a section, #anchor in this chapter or ../<slug>/chapter.md#anchor in another"
    }
    let file = packageRoot.appendingPathComponent("Chapters/\(slug)/chapter.md")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
      return "[section](\(destination)): no chapter text \(relative(file))"
    }
    let sections = ChapterSections(markdown: text)
    guard sections.section(anchor) == nil else { return nil }
    return ChapterSections.missingSectionMessage(destination, anchor: anchor, target: "chapter \(slug)", anchors: sections.numbered.map(\.anchor))
  }

  static func firstMatch(_ regex: NSRegularExpression, in text: String, group: Int) -> String? {
    guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
      let range = Range(match.range(at: group), in: text)
    else { return nil }
    return String(text[range])
  }
}
