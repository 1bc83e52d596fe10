import Foundation
import Testing
@testable import SiteGenerator

/// A Chinese page of the site (`zh/`, `<html lang="zh-CN">`, its `zh/assets/search.js`)
/// searching its own index from `file://` in Chromium, as a reader types.
@Suite("Chinese search in a browser", .enabled(if: HeadlessChromium.isAvailable, "needs chromium"), .serialized)
struct ChineseSearchBrowserTests {
  /// The Chinese twin of the fixture's chapter, as the search index sees it.
  static let chinesePage = PageContent(
    title: "演示章节", body: "", headings: [],
    sections: [
      SearchSection(anchor: "", heading: "演示章节", text: "这一章用一个神经元演示：加权和经过 sigmoid 函数。"),
      SearchSection(anchor: "the-figure", heading: "图", text: "损失在训练中下降；交叉与熵是两个词，叉熵不是。"),
      SearchSection(anchor: "article-check", heading: "文章核对", text: "文章说交叉熵损失在第 3 轮后不再下降，我们的运行给出同样的结论。"),
      SearchSection(anchor: "exercises", heading: "练习", text: "写出 sigmoid(_:) 和 Adam 优化器的一步。"),
    ],
    links: [])

  /// Types `query` into the search box and records the results' links and the status line.
  static func typing(_ query: String) -> String {
    """
    const input = document.getElementById('search-input');
    input.focus();
    input.value = '\(query)';
    input.dispatchEvent(new Event('input'));
    const list = document.getElementById('search-results');
    await new Promise((done) => { const wait = () => list.hasAttribute('data-result-count') ? done() : setTimeout(wait, 20); wait(); });
    document.body.setAttribute('data-extra', JSON.stringify({
      links: Array.from(list.querySelectorAll('.search-result a')).map((link) => decodeURIComponent(link.getAttribute('href'))),
      marked: Array.from(list.querySelectorAll('.search-result mark')).map((mark) => mark.textContent),
      count: list.querySelector('li').textContent,
      scripts: Array.from(document.scripts).map((script) => script.getAttribute('src')).filter(Boolean),
    }))
    """
  }

  struct Typed: Decodable {
    let links: [String]
    let marked: [String]
    let count: String
    let scripts: [String]
  }

  @Test("typing 交叉熵 on a Chinese page lists the section holding it first, from the Chinese index, in Chinese")
  func typingChinese() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    // The Chinese twin of demo.html as the site lays it out: under zh/, the shared styles one folder up,
    // its own copy of search.js beside the Chinese pages' index in zh/assets/.
    let english = try fixture.page("demo.html")
    let chinese = english.replacingOccurrences(of: "<html lang=\"en\">", with: "<html lang=\"zh-CN\">")
      .replacingOccurrences(of: "=\"assets/", with: "=\"../assets/").replacingOccurrences(of: "=\"figures/", with: "=\"../figures/")
      .replacingOccurrences(of: "src=\"../assets/search.js\"", with: "src=\"assets/search.js\"")
    #expect(chinese.contains("<html lang=\"zh-CN\">") && chinese.contains("src=\"assets/search.js\""))
    let folder = fixture.output.appendingPathComponent("zh")
    let assets = folder.appendingPathComponent("assets")
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    try Data(chinese.utf8).write(to: folder.appendingPathComponent("demo.html"))
    try FileManager.default.copyItem(at: fixture.output.appendingPathComponent("assets/search.js"), to: assets.appendingPathComponent("search.js"))
    let index = try SearchIndex.script(pages: [("demo.html", Self.chinesePage)])
    try Data(index.utf8).write(to: assets.appendingPathComponent("search-index.js"))

    let page = folder.appendingPathComponent("demo.html")
    let typed = try JSONDecoder().decode(
      Typed.self, from: Data((try HeadlessChromium.layout(of: page, actions: [Self.typing("交叉熵")]).extra ?? "{}").utf8))
    #expect(typed.scripts.contains("assets/search-index.js"), "the Chinese page loaded \(typed.scripts)")
    #expect(!typed.scripts.contains("../assets/search-index.js"))
    // The section saying 交叉熵 first, then the one with its two bigrams apart; links stay in zh/.
    #expect(typed.links == ["demo.html?highlight=交叉熵#article-check", "demo.html?highlight=交叉熵#the-figure"])
    #expect(typed.marked.first == "交叉熵")
    #expect(typed.count == "2 个小节匹配")

    let mixed = try JSONDecoder().decode(
      Typed.self, from: Data((try HeadlessChromium.layout(of: page, actions: [Self.typing("Adam优化器")]).extra ?? "{}").utf8))
    #expect(mixed.links == ["demo.html?highlight=Adam优化器#exercises"])

    // The English page still searches the English index.
    let englishTyped = try JSONDecoder().decode(
      Typed.self, from: Data((try HeadlessChromium.layout(of: fixture.output.appendingPathComponent("demo.html"), actions: [Self.typing("sigmoid")]).extra ?? "{}").utf8))
    #expect(englishTyped.scripts.contains("assets/search-index.js"))
    #expect(englishTyped.count.hasSuffix("match") || englishTyped.count.hasSuffix("matches"))

    // A picture of the Chinese results (drawn with a CJK font: fonts-wqy-microhei), for a reader to look at.
    let shot = SiteBrowserTests.screenshots.appendingPathComponent("fixture-zh-search.png")
    try HeadlessChromium.screenshot(page, to: shot, actions: [Self.typing("交叉熵")])
    #expect(try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int ?? 0 > 10_000)
  }
}
