import Foundation
import Literate

/// A link whose text is `section` (or `Section`) names a numbered section of a chapter:
/// `[section](#the-causal-mask)`, `[section](../cnn/chapter.md#the-backward-passes)`.
/// The renderer marks each one; the build writes its number once every page is rendered,
/// so a number never goes stale in the page cache when another chapter gains a section.
enum SectionReference {
  /// `⟦Ssection|#anchor⟧`: the link's text, its word and its target as written, until the number is known.
  static let markerPattern = "\u{27E6}S(section|Section)\\|([^\u{27E7}]*)\u{27E7}"

  /// The body with the text of every section link replaced by its marker.
  static func marking(_ html: String) -> String {
    replacingMatches(
      of: #"(<a href="(#[^"]*|(?:\.\./|\./)?[a-z0-9-]+/chapter\.md#[^"]*)"(?: title="[^"]*")?>)(section|Section)</a>"#, in: html
    ) { groups in
      "\(groups[1])\u{27E6}S\(groups[3])|\(groups[2])\u{27E7}</a>"
    }
  }

  /// The chapter (slug) and anchor a marked target names, seen from chapter `slug`.
  static func target(_ written: String, from slug: String) -> (slug: String, anchor: String)? {
    let target = HTMLText.unescape(written)
    if target.hasPrefix("#") { return (slug, String(target.dropFirst())) }
    guard let (targetSlug, anchor) = ChapterSections.chapterLinkTarget(target), let anchor else { return nil }
    return (targetSlug, anchor.removingPercentEncoding ?? anchor)
  }
}

extension SiteBuilder {
  /// Writes the number of every section link of the chapter pages, in their bodies and
  /// search text; a link to no numbered section is a problem at its line.
  ///
  /// - Returns: the links it reported, as `page file name + "#" + href as rendered`, for the
  ///   link check to leave alone (one problem per mistake).
  ///
  /// - Parameter numbering: the chapters whose sections number the links, when not `chapterTexts` themselves
  ///   (a translation's sections are its English source's: same anchors, in the same order).
  @discardableResult
  func resolveSectionNumbers(
    _ chapterTexts: inout [TextPage], numbering: [TextPage]? = nil, language: SiteLanguage = .english, issues: inout IssueLog
  ) -> Set<String> {
    var reported: Set<String> = []
    var sections: [String: [String]] = [:]  // slug → anchors of its h2, in order
    for text in numbering ?? chapterTexts {
      guard let chapter = text.chapter, let content = text.content else { continue }
      sections[chapter.slug] = content.headings.filter { $0.level == 2 }.map(\.id)
    }
    for index in chapterTexts.indices {
      guard let slug = chapterTexts[index].chapter?.slug, var content = chapterTexts[index].content,
        content.body.contains("\u{27E6}S")
      else { continue }
      var original: String?
      let text = chapterTexts[index]
      func resolve(_ groups: [String], reporting: Bool) -> String {
        let word = groups[1]
        guard let (targetSlug, anchor) = SectionReference.target(groups[2], from: slug),
          let anchors = sections[targetSlug], let position = anchors.firstIndex(of: anchor)
        else {
          guard reporting else { return word }
          if original == nil { original = text.source?.original ?? (try? String(contentsOf: text.file, encoding: .utf8)) ?? "" }
          let written = HTMLText.unescape(groups[2])
          let target = SectionReference.target(groups[2], from: slug)
          let message: String
          if let target, let anchors = sections[target.slug] {
            message = ChapterSections.missingSectionMessage(
              written, anchor: target.anchor, target: target.slug == slug ? "this chapter" : "chapter \(target.slug)", anchors: anchors)
          } else {
            message = "[section](\(written)): no written chapter '\(target?.slug ?? written)' to link a section of"
          }
          issues.add(text.path, lineNumber(of: "](\(written))", in: original ?? ""), message)
          let rendered = target.map { $0.slug == slug ? "#\($0.anchor)" : "\($0.slug).html#\($0.anchor)" } ?? written
          reported.insert("\(language.directory)\(slug).html#" + rendered)
          return word
        }
        return language.strings.sectionReference(word, position + 1)
      }
      content.body = replacingMatches(of: SectionReference.markerPattern, in: content.body) { resolve($0, reporting: true) }
      content.sections = content.sections.map { section in
        SearchSection(
          anchor: section.anchor, heading: section.heading,
          text: replacingMatches(of: SectionReference.markerPattern, in: section.text) { resolve($0, reporting: false) })
      }
      chapterTexts[index].content = content
    }
    return reported
  }
}
