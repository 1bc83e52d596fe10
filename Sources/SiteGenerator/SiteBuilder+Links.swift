import Foundation

/// Internal links and anchors, checked once every page exists.
extension SiteBuilder {
  /// Fails on any link to a page, file or anchor the site does not have, at
  /// the line of the Markdown that wrote it. (Links between chapter texts,
  /// `../backprop/chapter.md#deltas`, were made links to pages when each page was rendered.)
  ///
  /// - Parameter alreadyReported: links a section-number check reported (`page file name#link`), not reported twice.
  func checkLinks(_ pages: [Page], files: [String: SiteFile], hasAPI: Bool, alreadyReported: Set<String> = [], issues: inout IssueLog) {
    var anchors: [String: Set<String>] = [:]
    for page in pages {
      anchors[page.path] = Set(page.anchors ?? Self.anchors(in: page.content.body))
    }
    for page in pages {
      var original: String?
      for link in Set(page.content.links) {
        if link.contains(":") && !link.hasPrefix("#") { continue }  // http:, mailto: ... leave the site
        let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var target = Self.sitePath(parts[0], from: page.directory)
        if parts[0].isEmpty { target = page.path }
        let fragment = parts.count > 1 ? parts[1].removingPercentEncoding ?? parts[1] : nil
        if target.hasPrefix("api/") && hasAPI { continue }
        var problem: String?
        if let pageAnchors = anchors[target] {
          if let fragment, !fragment.isEmpty, !pageAnchors.contains(fragment) {
            problem = "broken anchor: \(link) (\(target) has no section '#\(fragment)')"
          }
        } else if files[target] == nil {
          problem = "broken link: \(link) (no such page or file in the site)"
        }
        guard let problem, !alreadyReported.contains("\(page.path)#\(link)") else { continue }
        // The text is read only now, to name the line (a cached page's text was not read).
        if original == nil { original = page.sourceText() }
        issues.add(page.sourcePath, lineOfLink(link, in: original ?? ""), problem)
      }
      // Every `src` (an image, a figure) is a file of the site: a page never shows a broken image
      // and never loads anything from the network.
      for source in Set(allMatches(of: #"<[a-z]+ [^>]*?src="([^"]*)""#, in: page.content.body).map { HTMLText.unescape($0[1]) }) {
        let problem: String
        if source.hasPrefix("data:") {
          continue
        } else if source.contains(":") || source.hasPrefix("//") {
          problem = "image \(source) is not in the site: the site works offline, so it shows only files it copies"
        } else if files[Self.sitePath(source, from: page.directory)] == nil {
          problem = "broken image: \(source) (no such file in the site: place a figure its chapter's run writes, or a file of Site/assets/)"
        } else {
          continue
        }
        if original == nil { original = page.sourceText() }
        issues.add(page.sourcePath, lineOfLink(source, in: original ?? ""), problem)
      }
    }
  }

  /// A relative link's file in the site, seen from a page in `directory` (`""`, `"zh/"`): `../cnn.html` from `zh/` is `cnn.html`.
  static func sitePath(_ link: String, from directory: String) -> String {
    var parts = directory.split(separator: "/").map(String.init)
    for part in link.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
      if part == "." { continue }
      if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
    }
    return parts.joined(separator: "/")
  }

  /// Where the Markdown writes a link: `](target`, or `[label]: target`, or the target anywhere.
  private func lineOfLink(_ link: String, in markdown: String) -> Int {
    for candidate in ["](\(link)", "]: \(link)", link] + chapterLinkForms(link) where markdown.contains(candidate) {
      return lineNumber(of: candidate, in: markdown)
    }
    return 1
  }

  /// A rewritten chapter link (`backprop.html#x`), link to a site text (`sources.html#x`) or figure (`figures/cnn/loss.svg`) as a text may have written it.
  private func chapterLinkForms(_ link: String) -> [String] {
    let parts = link.split(separator: "/", maxSplits: 2)
    if parts.count == 3, parts[0] == "figures" { return ["](figures/\(parts[2])", "figures/\(parts[2])"] }
    guard let dot = link.range(of: ".html") else { return [] }
    let slug = link[..<dot.lowerBound]
    let rest = link[dot.upperBound...]
    // The whole destination first, `…#exercise)`, so that a link is not found inside a longer one (`…#exercises`).
    if Self.siteTexts.contains(String(slug)) { return ["Site/content/\(slug).md\(rest))", "Site/content/\(slug).md\(rest)"] }
    return ["/\(slug)/chapter.md\(rest))", "../\(slug)/chapter.md\(rest)", "\(slug)/chapter.md\(rest)"]
  }
}
