import Foundation
import Testing
@testable import SiteGenerator

/// Search in Chinese: `search.js` matches runs of Han characters by their character bigrams
/// (Chinese has no spaces), Latin words as before, and ranks the section holding the
/// query as written first. The engine runs in node (as `search.js` exports it there); the
/// Chinese pages' own index, loaded by a Chinese page from `file://`, in Chromium.
@Suite("Search in Chinese", .enabled(if: SearchEngine.isAvailable, "needs node"))
struct ChineseSearchTests {
  /// Sections written to tell good ranking from bad: the phrase whole, its bigrams apart, neither.
  static let entries: [SearchIndex.Entry] = [
    .init(page: "第三章", url: "cross.html#apart", heading: "两个分布", text: "交叉、交叉、交叉、交叉：叉熵、叉熵、叉熵、叉熵。"),
    .init(page: "第三章", url: "cross.html#whole", heading: "损失", text: "我们把交叉熵作为分类的损失函数。"),
    .init(page: "第三章", url: "cross.html#half", heading: "路口", text: "十字交叉路口。"),
    .init(page: "优化", url: "optimize.html#adam", heading: "Adam", text: "Adam 优化器结合了动量法和逐参数的学习率。"),
    .init(page: "优化", url: "optimize.html#sgd", heading: "随机梯度下降", text: "小批量上的梯度下降：每一步沿负梯度走。"),
    .init(page: "分类", url: "classify.html#softmax", heading: "输出", text: "softmax 函数把对数几率变成概率。"),
    .init(page: "分类", url: "classify.html#apart", heading: "其他", text: "softmax 在这里；下面三个函数，函数，函数。"),
    .init(page: "卷积神经网络", url: "cnn.html#kernel", heading: "卷积核", text: "卷积核在输入上滑动，算出特征图。"),
    .init(page: "Neurons", url: "neurons.html#squash", heading: "Why squash", text: "The sigmoid σ(z) squashes the weighted sum."),
  ]

  @Test("a Chinese term finds every section holding its bigrams, the one holding it whole first though the other holds them more often")
  func termRanking() throws {
    let results = try SearchEngine.results(Self.entries, for: ["交叉熵", "梯度", "卷积", "卷积核", "熵", "网络"])
    // Not cross.html#half, which holds 交叉 only: half the bigrams count only when no section holds them all.
    #expect(results["交叉熵"] == ["cross.html#whole", "cross.html#apart"])
    #expect(results["梯度"] == ["optimize.html#sgd"])
    // A term inside a longer run of text, and in a page title: 卷积 in 卷积核 and 卷积神经网络.
    #expect(results["卷积"] == ["cnn.html#kernel"])
    #expect(results["卷积核"] == ["cnn.html#kernel"])
    // One character: every section holding it.
    #expect(Set(results["熵"] ?? []) == ["cross.html#whole", "cross.html#apart"])
    #expect(results["网络"] == ["cnn.html#kernel"])
  }

  @Test("a mixed query needs its Latin word and its Chinese run, and ranks them as written first")
  func mixedQueries() throws {
    let results = try SearchEngine.results(Self.entries, for: ["Adam 优化器", "adam优化器", "softmax 函数", "softmax函数", "sigma", "Adam 卷积"])
    #expect(results["Adam 优化器"] == ["optimize.html#adam"])
    #expect(results["adam优化器"] == ["optimize.html#adam"])
    // The section saying "softmax 函数" comes before the one with softmax and three 函数 apart.
    #expect(results["softmax 函数"] == ["classify.html#softmax", "classify.html#apart"])
    #expect(results["softmax函数"] == ["classify.html#softmax", "classify.html#apart"])
    // English as before: an ASCII name finds its symbol.
    #expect(results["sigma"] == ["neurons.html#squash"])
    #expect(results["Adam 卷积"] == [])
  }

  @Test("a long query finds a section holding half of its bigrams only when none holds them all")
  func longQuery() throws {
    let results = try SearchEngine.results(Self.entries, for: ["交叉熵损失函数", "随机梯度下降法", "交叉熵，卷积"])
    // 交叉熵 and 损失函数: 熵损 is nowhere, so no section holds every bigram.
    #expect(results["交叉熵损失函数"] == ["cross.html#whole"])
    // 随机梯度下降 holds five of six bigrams (not 降法).
    #expect(results["随机梯度下降法"] == ["optimize.html#sgd"])
    // Punctuation separates two runs, each needed.
    #expect(results["交叉熵，卷积"] == [])
  }

  @Test("the Chinese pages' index keeps their text in Chinese and links the pages beside the one searched from")
  func chineseIndexScript() throws {
    let content = PageContent(
      title: "交叉熵", body: "", headings: [],
      sections: [SearchSection(anchor: "softmax", heading: "Softmax 函数", text: "交叉熵损失")], links: [])
    let script = try SearchIndex.script(pages: [("cross-entropy.html", content)])
    #expect(script.contains("window.COURSE_SEARCH_INDEX = ["))
    #expect(script.contains("\"url\":\"cross-entropy.html#softmax\""))
    #expect(script.contains("\"text\":\"交叉熵损失\""))
  }
}

/// `Site/assets/search.js`'s engine, run by node on given entries.
enum SearchEngine {
  static let script = SiteFixture.repositoryRoot.appendingPathComponent("Site/assets/search.js")

  static var isAvailable: Bool {
    ["/usr/bin/node", "/usr/local/bin/node"].contains { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Each query's results, as the `url`s of the entries found, best first.
  static func results(_ entries: [SearchIndex.Entry], for queries: [String]) throws -> [String: [String]] {
    struct Input: Encodable {
      let entries: [SearchIndex.Entry]
      let queries: [String]
    }
    let program = """
      const engine = require(process.argv[1]);
      const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const index = engine.createIndex(input.entries);
      const results = {};
      for (const query of input.queries) results[query] = engine.search(index, query).map((entry) => entry.url);
      process.stdout.write(JSON.stringify(results));
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["node", "-e", program, script.path]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(try JSONEncoder().encode(Input(entries: entries, queries: queries)))
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ChromiumError("node could not run the search engine of \(script.path)") }
    return try JSONDecoder().decode([String: [String]].self, from: output)
  }
}
