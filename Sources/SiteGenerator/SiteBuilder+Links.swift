import Foundation

/// Internal links and anchors, checked once every page exists.
extension SiteBuilder {
  /// Rewrites links between chapter texts (`../backprop/chapter.md#deltas`) to
  /// their pages, then fails on any link to a page, file or anchor the site
  /// does not have, at the line of the Markdown that wrote it.
  func checkLinks(_ pages: inout [Page], files: [String: SiteFile], hasAPI: Bool, issues: inout IssueLog) {
    let slugs = Set(configuration.chapters.map(\.slug))
    for index in pages.indices {
      pages[index].content.body = replacingMatches(of: #"href="(?:\.\./|\./)?([a-z0-9-]+)/chapter\.md(#[^"]*)?""#, in: pages[index].content.body) { groups in
        slugs.contains(groups[1]) ? "href=\"\(groups[1]).html\(groups[2])\"" : groups[0]
      }
      pages[index].content.links = allMatches(of: #"<a [^>]*?href="([^"]*)""#, in: pages[index].content.body).map { HTMLText.unescape($0[1]) }
    }
    var anchors: [String: Set<String>] = [:]
    for page in pages {
      anchors[page.fileName] = Set(allMatches(of: #" id="([^"]*)""#, in: page.content.body).map { $0[1] })
    }
    for page in pages {
      for link in Set(page.content.links) {
        if link.contains(":") && !link.hasPrefix("#") { continue }  // http:, mailto: ... leave the site
        let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var target = parts[0].hasPrefix("./") ? String(parts[0].dropFirst(2)) : parts[0]
        if target.isEmpty { target = page.fileName }
        let fragment = parts.count > 1 ? parts[1].removingPercentEncoding ?? parts[1] : nil
        let originalLink = parts[0].contains("chapter.md") ? link : link
        let line = lineOfLink(originalLink, in: page.source.original)
        if target.hasPrefix("api/") && hasAPI { continue }
        if let pageAnchors = anchors[target] {
          if let fragment, !fragment.isEmpty, !pageAnchors.contains(fragment) {
            issues.add(page.source.path, line, "broken anchor: \(link) (\(target) has no section '#\(fragment)')")
          }
        } else if files[target] == nil {
          issues.add(page.source.path, line, "broken link: \(link) (no such page or file in the site)")
        }
      }
    }
  }

  /// Where the Markdown writes a link: `](target`, or `[label]: target`, or the target anywhere.
  private func lineOfLink(_ link: String, in markdown: String) -> Int {
    for candidate in ["](\(link)", "]: \(link)", link] + chapterLinkForms(link) where markdown.contains(candidate) {
      return lineNumber(of: candidate, in: markdown)
    }
    return 1
  }

  /// A rewritten chapter link (`backprop.html#x`) as a text may have written it.
  private func chapterLinkForms(_ link: String) -> [String] {
    guard let dot = link.range(of: ".html") else { return [] }
    let slug = link[..<dot.lowerBound]
    let rest = link[dot.upperBound...]
    return ["../\(slug)/chapter.md\(rest)", "\(slug)/chapter.md\(rest)"]
  }
}
