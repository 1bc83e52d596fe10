import Foundation

/// The pages of the source files that code captions link to.
extension SiteBuilder {
  /// The source pages the pages' code captions link to (`SourcePage`), each naming the pages that quote it;
  /// a file that cannot be read is a problem at the first page that links it.
  func sourcePageContents(linkedFrom pages: [Page], issues: inout IssueLog) -> [PageContent] {
    var quotedBy: [String: [(fileName: String, title: String)]] = [:]
    for page in pages where page.fileName != Self.printPageName {
      for link in Set(page.content.links) {
        let name = String(link.split(separator: "#", maxSplits: 1).first ?? "")
        guard SourcePage.path(ofFileName: name) != nil else { continue }
        if quotedBy[name]?.contains(where: { $0.fileName == page.fileName }) == true { continue }
        quotedBy[name, default: []].append((page.fileName, page.navigationTitle))
      }
    }
    var contents: [PageContent] = []
    for (name, quoting) in quotedBy.sorted(by: { $0.key < $1.key }) {
      guard let path = SourcePage.path(ofFileName: name) else { continue }
      let url = configuration.packageRoot.appendingPathComponent(path)
      guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        issues.add(quoting.first.flatMap { first in pages.first { $0.fileName == first.fileName }?.sourcePath } ?? path, 1,
          "cannot read \(path) for its source page")
        continue
      }
      contents.append(SourcePage.content(path: path, text: text, chapters: quoting))
    }
    return contents
  }
}
