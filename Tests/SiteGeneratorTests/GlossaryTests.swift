import Foundation
import Testing
@testable import SiteGenerator

/// The bilingual glossary (`Site/content/glossary.md`) and its Chinese twin (`glossary.zh.md`).
@Suite("Glossary")
struct GlossaryTests {
  static let content = SiteFixture.repositoryRoot.appendingPathComponent("Site/content")

  /// Every table row's cells, in order.
  static func rows(_ name: String) throws -> [[String]] {
    try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
      .split(separator: "\n").filter { $0.hasPrefix("| ") }
      .map { $0.dropFirst(2).dropLast(2).components(separatedBy: " | ") }
  }

  /// Every article quote 「…」 of a text, in order.
  static func quotes(_ name: String) throws -> [String] {
    let text = try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
    return text.components(separatedBy: "「").dropFirst().compactMap { $0.components(separatedBy: "」").first }
  }

  @Test("the glossary is a page of the site, in the navigation and the search index")
  func page() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let glossary = try fixture.page("glossary.html")
    #expect(glossary.contains("<td>cross-entropy</td>\n<td>交叉熵</td>"))
    #expect(glossary.contains("<h2 id=\"the-articles-own-terms\">"))
    #expect(try fixture.page("demo.html").contains("<a href=\"glossary.html\">Glossary</a>"))
    #expect(try fixture.page("assets/search-index.js").contains("\"url\":\"glossary.html#the-articles-own-terms\""))
  }

  @Test("the Chinese glossary lists the English one's terms, in its order, and quotes the articles as it does")
  func chineseTwin() throws {
    let english = try Self.rows("glossary.md")
    let chinese = try Self.rows("glossary.zh.md")
    #expect(english.count == chinese.count)
    // The terms (English and 中文 columns) of every table but the last, whose columns are prose.
    let terms = { (rows: [[String]]) in rows.filter { $0.count == 3 || $0.count == 2 }.map { Array($0.prefix(2)) } }
    #expect(terms(english) == terms(chinese))
    #expect(terms(english).count > 150)
    #expect(try Self.quotes("glossary.md") == Self.quotes("glossary.zh.md"))
    #expect(try Self.quotes("glossary.md").contains("递归神经网络（RNN）"))
    #expect(try Self.quotes("glossary.md").contains("变压器（Transformer）"))
  }
}
