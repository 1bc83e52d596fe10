import Foundation
import Testing
import Literate

@testable import SiteGenerator

/// The Chinese edition: each page with a translation gets its twin under `zh/`, made from the
/// same run, checked against its English source at the translation's lines.
@Suite("Chinese edition")
struct ChineseEditionTests {
  static let english = SiteFixture.chapterText
    .replacingOccurrences(of: "Write `sigmoid(_:)`.", with: "Write `sigmoid(_:)`, as [section](#the-figure) draws it.")
    .replacingOccurrences(of: "after {{metric:epochs}} epochs,", with: "after {{metric:epochs}} epochs ({{metric:verdict}}, agreement: {{metric:agrees}}),")

  /// The translation of `english`, line for line (line 1 is the source line).
  static let chinese = """
    # 演示章节 {#demo-chapter}

    演示教一个神经元。它的加权和是 $z = w \\cdot x + b$，sigmoid 把它压扁：

    $$
    \\sigma(z) = \\frac{1}{1 + e^{-z}}
    $$

    ```swift
    {{#include main.swift:forward}}
    ```

    运行 {{metric:epochs}} 轮后（{{metric:verdict}}，一致：{{metric:agrees}}）测得准确率 {{metric:test_accuracy:%}}，
    最终损失 {{metric:train_loss[-1]:.3f}}。脚注[^note]，以及指向
    [图](#the-figure)、[另一节](#article-check)和
    [练习](exercises.html)的链接。价格如 $5，代码如 `let x = $y` 保持原样。

    ## 图 {#the-figure}

    ![损失如 $L$ 所应当的那样下降。](figures/loss.svg)

    ## 文章核对 {#article-check}

    | 论断 | 文章说 | 我们算得 |
    |---|---|---|
    | 输出 | 0.5 | {{metric:article_check.h1:.2f}} |

    ## 练习 {#exercises}

    写出 `sigmoid(_:)`，如[section](#the-figure)所画。

    [^note]: 页底的注释。

    """

  static let metrics = """
    {"chapter": "demo", "seed": 1, "epochs": 3, "test_accuracy": 0.8772, "train_loss": [0.9, 0.5, 0.25],
     "article_check": {"h1": 0.63}, "verdict": "as expected", "verdict@zh": "符合预期", "agrees": true}
    """

  /// A fixture whose demo chapter has its translation (`edit` applied) and a figure map.
  static func fixture(_ edit: (String) -> String = { $0 }, sourceLine: String? = nil) throws -> SiteFixture {
    let fixture = try SiteFixture(text: english)
    let line = sourceLine ?? Translation.sourceLine(englishName: "chapter.md", english: Data(english.utf8))
    try fixture.write(line + "\n" + edit(chinese), to: "Chapters/demo/chapter.zh.md")
    try fixture.write(metrics, to: ".build/course/demo/metrics.json")
    try fixture.write(#"{"Loss": "损失 <总>", "Lo": "不该用"}"#, to: "Chapters/demo/figures.zh.json")
    return fixture
  }

  @Test("a translated chapter gets its zh/ twin: lang, anchors, numbers, Chinese metric values, section links and words")
  func twinPage() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let report = try fixture.build()
    let page = try fixture.page("zh/demo.html")
    let english = try fixture.page("demo.html")
    #expect(page.contains("<html lang=\"zh-CN\">"))
    #expect(english.contains("<html lang=\"en\">"))
    // The English anchors, the text without its {#…}, and the number the site gives.
    #expect(page.contains("<h2 id=\"the-figure\"><span class=\"section-number\">1.</span> 图<a class=\"anchor\" href=\"#the-figure\" aria-label=\"链接到本节\">#</a></h2>"))
    #expect(page.contains("<span class=\"chapter-number\">第 1 章</span> 演示章节</h1>"))
    #expect(!page.contains("{#"))
    #expect(page.contains("如<a href=\"#the-figure\">第 1 节</a>所画"))
    #expect(english.contains("as <a href=\"#the-figure\">section 1</a> draws it"))
    // The run's Chinese value on the Chinese page, its English one on the English page.
    #expect(page.contains("（符合预期，一致：是）") && !page.contains("as expected"))
    #expect(english.contains("(as expected, agreement: true)"))
    #expect(page.contains("87.7%"))
    // The code caption's source page is the English one, at the root.
    #expect(page.contains("href=\"../source-"))
    // The template's and the generator's words in Chinese; assets from the root; the Chinese search beside it.
    #expect(page.contains("placeholder=\"搜索…（按 /）\"") && page.contains("href=\"../assets/site.css\"") && page.contains("<script src=\"assets/search.js\""))
    #expect(page.contains("<span class=\"direction\">上一页</span>") || page.contains("<span class=\"direction\">下一页</span>"))
    let index = try String(contentsOf: fixture.output.appendingPathComponent("zh/assets/search-index.js"), encoding: .utf8)
    #expect(index.contains("符合预期") && !index.contains("as expected"))
    #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("zh/assets/search.js").path))
    #expect(report.renderedChapters.contains("zh/demo"))
  }

  @Test("the Chinese exercises page words the learner's progress in Chinese, the English one in English")
  func exerciseProgressInChinese() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let exercises = SiteFixture.repositoryRoot.appendingPathComponent("Site/content/exercises.zh.md")
    try fixture.write(try String(contentsOf: exercises, encoding: .utf8), to: "Site/content/exercises.zh.md")
    var configuration = fixture.configuration
    configuration.exerciseProgress = ["demo": ExerciseCount(passed: 2, total: 5)]
    _ = try SiteBuilder(configuration).build()
    let chinese = try fixture.page("zh/exercises.html")
    #expect(chinese.contains("<p class=\"gathered-note\">你的进度：上次运行 course check 时，5 个练习中通过了 2 个。</p>"), "\(chinese)")
    #expect(!chinese.contains("Your progress"))
    #expect(try fixture.page("exercises.html").contains("<p class=\"gathered-note\">Your progress: 2 of 5 passed at their last course check.</p>"))
  }

  @Test("only a JSON boolean reads 是 on a Chinese page: a text metric that says true is shown as recorded")
  func textTrueStaysTrue() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    // A text that reads "true" in both editions (its Chinese twin too, as Z3 asks of a text with Latin words).
    let metrics = Self.metrics.replacingOccurrences(of: #""agrees": true"#, with: #""agrees": "true", "agrees@zh": "true""#)
    try fixture.write(metrics, to: ".build/course/demo/metrics.json")
    _ = try fixture.build()
    #expect(try fixture.page("zh/demo.html").contains("（符合预期，一致：true）"))
    #expect(try fixture.page("demo.html").contains("(as expected, agreement: true)"))
  }

  @Test("the language switch goes to the same page of the other edition, and only where there is one")
  func languageSwitch() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let report = try fixture.build()
    #expect(try fixture.page("demo.html").contains("<a class=\"language-switch\" href=\"zh/demo.html\" hreflang=\"zh-CN\" lang=\"zh-CN\" data-language=\"zh\">中文</a>"))
    #expect(try fixture.page("zh/demo.html").contains("<a class=\"language-switch\" href=\"../demo.html\" hreflang=\"en\" lang=\"en\" data-language=\"en\">English</a>"))
    // No Chinese landing page yet: the English one has no switch, the build says which pages are missing,
    // and the Chinese chapter list links the English landing page.
    #expect(try !fixture.page("index.html").contains("language-switch"))
    #expect(report.notes.contains { $0.hasPrefix("Chinese edition: ") && $0.contains("index.html") && !$0.contains("demo.html") })
    #expect(try fixture.page("zh/demo.html").contains("<li><a href=\"../index.html\">Home（英文）</a></li>"))
    #expect(try fixture.page("zh/demo.html").contains("<a class=\"site-title\" href=\"../index.html\">"))
    #expect(try fixture.page("demo.html").contains("<a class=\"site-title\" href=\"index.html\">"))
  }

  @Test("the site's own Chinese texts give zh/ its landing page, gathered pages, sources and glossary, each with a switch")
  func siteTextsInChinese() throws {
    let fixture = try SiteFixture(chineseSiteTexts: true)
    defer { fixture.remove() }
    let report = try fixture.build()
    for name in ["index.html", "article-check.html", "exercises.html", "sources.html", "glossary.html"] {
      let page = try fixture.page("zh/" + name)
      #expect(page.contains("<html lang=\"zh-CN\">"), "zh/\(name)")
      #expect(page.contains("href=\"../\(name)\" hreflang=\"en\""), "zh/\(name) has no switch to its English page")
      #expect(try fixture.page(name).contains("href=\"zh/\(name)\" hreflang=\"zh-CN\""), "\(name) has no switch to zh/")
    }
    #expect(try fixture.page("zh/glossary.html").contains("<title>术语表"))
    #expect(try fixture.page("zh/glossary.html").contains("交叉熵"))
    // Only the chapters (the fixture's demo) and the print page are left in English.
    #expect(report.notes.contains { $0.hasPrefix("Chinese edition: ") && $0.contains("demo.html") && !$0.contains("index.html") })
  }

  @Test("a figure is drawn a second time with its words translated, longest key first, escaped")
  func figures() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let report = try fixture.build()
    let svg = try String(contentsOf: fixture.output.appendingPathComponent("zh/figures/demo/loss.svg"), encoding: .utf8)
    #expect(svg.contains("<title>损失 &lt;总&gt;</title>"))
    #expect(try String(contentsOf: fixture.output.appendingPathComponent("figures/demo/loss.svg"), encoding: .utf8).contains("<title>Loss</title>"))
    #expect(report.notes.allSatisfy { !$0.contains("loss.svg") })
    let partial = FigureTranslation(map: ["test loss": "测试损失"], hasMap: true).translating(
      "<svg><text x=\"1\">test loss</text><text><tspan>train loss &amp; epoch</tspan></text><desc>x</desc></svg>")
    #expect(partial.svg == "<svg><text x=\"1\">测试损失</text><text><tspan>train loss &amp; epoch</tspan></text><desc>x</desc></svg>")
    #expect(partial.untranslated(name: "zh/figures/demo/loss.svg", hasMap: true)
      == "zh/figures/demo/loss.svg: figure partly in English (figures.zh.json does not translate: epoch, loss, train)")
    #expect(partial.untranslated(name: "f.svg", hasMap: false) == "f.svg: figure left in English (its chapter has no figures.zh.json)")
  }

  @Test("a placeholder deleted from the translation fails the build at its line")
  func deletedPlaceholder() throws {
    let fixture = try Self.fixture { $0.replacingOccurrences(of: "最终损失 {{metric:train_loss[-1]:.3f}}。", with: "最终损失很小。") }
    defer { fixture.remove() }
    let issues = fixture.issues()
    #expect(issues.map(\.description) == [
      "Chapters/demo/chapter.zh.md:15: lacks the placeholder {{metric:train_loss[-1]:.3f}} of chapter.md:15: "
        + "a translation keeps every placeholder of its source"
    ])
    #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("zh/demo.html").path))
  }

  @Test("an extra heading or a changed anchor fails the build at the heading")
  func headings() throws {
    let extra = try Self.fixture { $0.replacingOccurrences(of: "## 练习 {#exercises}", with: "## 多余 {#extra}\n\n## 练习 {#exercises}") }
    defer { extra.remove() }
    #expect(extra.issues().map { "\($0.line) " + $0.message.prefix(30) } == ["29 '## 多余 {#extra}': this heading"])
    let changed = try Self.fixture { $0.replacingOccurrences(of: "{#the-figure}", with: "{#figure}") }
    defer { changed.remove() }
    #expect(changed.issues().contains { $0.file == "Chapters/demo/chapter.zh.md" && $0.line == 19 && $0.message.contains("{#figure}") })
  }

  @Test("a translation of an older English text is built, with a banner and a note; one without its source line fails")
  func outdated() throws {
    let old = Translation.sourceLine(englishName: "chapter.md", english: Data("an older text".utf8))
    let fixture = try Self.fixture(sourceLine: old)
    defer { fixture.remove() }
    let report = try fixture.build()
    #expect(report.notes.contains("Chapters/demo/chapter.zh.md: outdated translation (English changed since)"))
    #expect(try fixture.page("zh/demo.html").contains("<div class=\"outdated-banner\" role=\"note\">"))
    let current = try Self.fixture()
    defer { current.remove() }
    #expect(try current.build().notes.allSatisfy { !$0.contains("outdated") })
    #expect(try !current.page("zh/demo.html").contains("outdated-banner"))
    let missing = try Self.fixture(sourceLine: "")
    defer { missing.remove() }
    #expect(missing.issues().filter { $0.line == 1 && $0.message.hasPrefix("the first line must record the English it translates") }.count == 1)
  }

  @Test("without any translation the English site is what it was: no switch, no zh/ folder, no note")
  func englishOnly() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let report = try fixture.build()
    #expect(report.notes.isEmpty)
    #expect(try !fixture.page("demo.html").contains("language-switch"))
    #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("zh").path))
  }
}
