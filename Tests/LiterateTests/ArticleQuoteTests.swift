import Foundation
import Testing

@testable import Literate

/// Article checks quote the article verbatim at the line they cite: `000 §4.2, line 3: 「…」`.
@Suite("Article quotes")
struct ArticleQuoteTests {
  /// A folder with one article, `000_test.txt`, of three lines.
  static func articles() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("articles-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "标题\n\n验证集用于调整模型参数，以提高泛化能力。$L = -\\frac{1}{m}$\n".write(
      to: folder.appendingPathComponent("000_test.txt"), atomically: true, encoding: .utf8)
    return folder
  }

  /// The fixture's problems; those of articles cited but not linked on the sources page are
  /// left out unless asked for (the quote tests' texts cite without linking).
  func issues(_ text: String, articles: URL?, includingSourceLinks: Bool = false) throws -> [LintIssue] {
    let fixture = try LintFixture(text: text)
    defer { fixture.remove() }
    return ChapterLint(
      chapterDirectory: fixture.chapter, packageRoot: fixture.root, outputDirectory: fixture.output, articlesDirectory: articles
    ).issues().filter { includingSourceLinks || !$0.message.contains("never linked") }
  }

  @Test("a quote is compared as the page shows it: Markdown drops a backslash before punctuation, not inside a formula")
  func backslashEscapes() {
    let quote = { (text: String) in ArticleQuote(line: 1, article: "002", section: "4.1", articleLine: 1, text: text) }
    #expect(quote(#"\\( \sigma \\) 是激活函数"#).shownText == #"\( \sigma \) 是激活函数"#)
    #expect(quote(#"\( \sigma \) 是激活函数"#).shownText == #"( \sigma ) 是激活函数"#)
    #expect(quote(#"$\{a\}$ 和 \*"#).shownText == #"$\{a\}$ 和 *"#)
    #expect(quote(#"末尾的 \"#).shownText == #"末尾的 \"#)
  }

  @Test func aVerbatimQuoteAtItsLineIsFine() throws {
    let articles = try Self.articles()
    defer { try? FileManager.default.removeItem(at: articles) }
    let text = """
      # Demo

      ## Article check

      **Validation.** 000 §3.2, line 3: 「验证集用于调整模型参数」 ("the validation set adjusts the parameters").
      **Verdict: wrong.** And 000 §4.1, line 3: 「验证集……泛化能力」, and its formula 000 §4.1,
      line 3: 「$L = -\\frac{1}{m}$」, and a quote wrapped in the text 000 §4.1, line 3: 「验证集用于
      调整模型参数」.
      """
    #expect(try issues(text, articles: articles).isEmpty)
  }

  /// The problems of a Chinese text `chapter.zh.md` beside a one-line English chapter.
  func chineseIssues(_ text: String, articles: URL?) throws -> [LintIssue] {
    let fixture = try LintFixture(text: "# Demo\n")
    defer { fixture.remove() }
    try text.write(to: fixture.chapter.appendingPathComponent("chapter.zh.md"), atomically: true, encoding: .utf8)
    return ChapterLint(
      chapterDirectory: fixture.chapter, packageRoot: fixture.root, outputDirectory: fixture.output, articlesDirectory: articles,
      textFileName: "chapter.zh.md"
    ).issues().filter { !$0.message.contains("never linked") }
  }

  @Test func aChineseTextCitesInEitherFormWithTheSameChecks() throws {
    let articles = try Self.articles()
    defer { try? FileManager.default.removeItem(at: articles) }
    let fine = """
      # 演示 {#demo}

      ## 文章核对 {#article-check}

      **验证集。** 000 §3.2 第 3 行：「验证集用于调整模型参数」。还有 000 §4.1，第 3 行：「验证集……泛化能力」，
      它的公式 000 §4.1
      第 3 行：「$L = -\\frac{1}{m}$」，以及旧的写法 000 §4.1, line 3: 「泛化能力」。
      """
    #expect(try chineseIssues(fine, articles: articles).isEmpty)
    let wrong = "# 演示 {#demo}\n\n## 文章核对 {#article-check}\n\n它说 000 §3.2 第 1 行：「验证集用于调整模型参数」，又说 000 §3 第 40 行：「验证集」。\n"
    let found = try chineseIssues(wrong, articles: articles)
    try #require(found.count == 2, "\(found)")
    #expect(found[0].file.hasSuffix("chapter.zh.md") && found[0].line == 5)
    #expect(found[0].message.contains("000 §3.2, line 1: 「验证集用于调整模型参数」 is not on that line of 000_test.txt, which says 「标题」"))
    #expect(found[1].message.contains("000 §3, line 40: 000_test.txt has 4 lines"))
  }

  @Test func theChineseFormIsAChineseTextsOnly() throws {
    let articles = try Self.articles()
    defer { try? FileManager.default.removeItem(at: articles) }
    // In an English text it is no citation: its quote in the article check has no source.
    let english = "# Demo\n\n## Article check\n\nIt says 000 §3.2 第 3 行：「验证集用于调整模型参数」.\n"
    let found = try issues(english, articles: articles)
    try #require(found.count == 1, "\(found)")
    #expect(found[0].message.contains("without its source: write it as NNN §S, line L:"))
    // A Chinese text's unsourced quote is told the Chinese form.
    let chinese = "# 演示 {#demo}\n\n## 文章核对 {#article-check}\n\n它说「验证集用于调整模型参数」。\n"
    let unsourced = try chineseIssues(chinese, articles: articles)
    try #require(unsourced.count == 1, "\(unsourced)")
    #expect(unsourced[0].message.contains("write it as NNN §S 第 L 行：「verbatim text」"))
  }

  @Test func aQuoteNotOnItsLineSaysWhatTheLineHolds() throws {
    let articles = try Self.articles()
    defer { try? FileManager.default.removeItem(at: articles) }
    let found = try issues("# Demo\n\nIt says 000 §3.2, line 1: 「验证集用于调整模型参数」 and 000 §3, line 3: 「验证集……测试集」.\n", articles: articles)
    try #require(found.count == 2)
    #expect(found[0].line == 3)
    #expect(found[0].message.contains("「验证集用于调整模型参数」 is not on that line of 000_test.txt, which says 「标题」"))
    #expect(found[1].message.contains("「测试集」 is not on that line"))
  }

  @Test func aCitationNamesTheSectionThatHoldsItsLine() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("articles-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "## 4. 数学模型\n### 4.2 公式推导\n损失函数\n### 4.3 案例\n准确率\n".write(
      to: folder.appendingPathComponent("000_test.txt"), atomically: true, encoding: .utf8)
    let fine = "# Demo\n\n000 §4.2, line 3: 「损失函数」, 000 §4, line 3: 「损失」, 000 §4.3.1, line 5: 「准确率」.\n"
    #expect(try issues(fine, articles: folder).isEmpty)
    let found = try issues("# Demo\n\nIt says 000 §4.3, line 3: 「损失函数」 and 000 §5, line 5: 「准确率」.\n", articles: folder)
    try #require(found.count == 2)
    #expect(found[0].line == 3 && found[0].message.contains("that line of 000_test.txt is in §4.2 (「4.2 公式推导」): cite §4.2"))
    #expect(found[1].message.contains("is in §4.3"))
  }

  @Test func anArticleCitedButNeverLinkedIsAProblemOnce() throws {
    let text = "# Demo\n\nIt mirrors [article 000](../../Site/content/sources.md#article-000) §4.\n\n000 §4.2 and 003 §3, then 003 §4.\n"
    let found = try issues(text, articles: nil, includingSourceLinks: true).filter { $0.message.contains("never linked") }
    try #require(found.count == 1)
    #expect(found[0].line == 5)
    #expect(found[0].message.contains("article 003 is cited but never linked") && found[0].message.contains("sources.md#article-003"))
  }

  @Test func aMissingArticleOrLineIsAProblem() throws {
    let articles = try Self.articles()
    defer { try? FileManager.default.removeItem(at: articles) }
    let found = try issues("# Demo\n\n007 §1, line 1: 「x」 and\n000 §1, line 40: 「x」\n", articles: articles)
    try #require(found.count == 2)
    #expect(found[0].message.contains("no article 007_*.txt") && found[0].message.contains("its articles: 000"))
    #expect(found[1].line == 4 && found[1].message.contains("000_test.txt has 4 lines"))
  }

  @Test func withoutTheArticlesQuotesAreNotChecked() throws {
    #expect(try issues("# Demo\n\n000 §3.2, line 1: 「不在这里」\n", articles: nil).isEmpty)
  }

  @Test func aQuoteInTheArticleCheckWithoutItsSourceIsAProblem() throws {
    let found = try issues("""
      # Demo

      An aside 「不检查」 before the check.

      ## Article check

      **Claim.** The article says 「验证集」 (no source).
      000 §3, line 3: 「验证集」 is fine.

      ## Exercises

      「不检查」
      """, articles: nil)
    #expect(found.map(\.line) == [7])
    #expect(found.first?.message.contains("NNN §S, line L: 「verbatim text」") == true)
  }

  @Test func theArticlesFolderIsTheEnvironmentsOrTheSharedOneBesideThePackage() throws {
    let articles = try Self.articles()
    defer { try? FileManager.default.removeItem(at: articles) }
    let root = URL(fileURLWithPath: "/nonexistent/package")
    #expect(ArticleSources.locate(packageRoot: root, environment: ["COURSE_ARTICLES": articles.path])?.path == articles.path)
    #expect(ArticleSources.locate(packageRoot: root, environment: [:]) == nil)
    let package = articles.deletingLastPathComponent().appendingPathComponent("pkg-\(UUID().uuidString)")
    let shared = articles.deletingLastPathComponent().appendingPathComponent("shared/articles")
    let existed = FileManager.default.fileExists(atPath: shared.path)
    if !existed { try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true) }
    defer { if !existed { try? FileManager.default.removeItem(at: shared) } }
    #expect(ArticleSources.locate(packageRoot: package, environment: [:])?.standardizedFileURL.path == shared.standardizedFileURL.path)
  }
}
