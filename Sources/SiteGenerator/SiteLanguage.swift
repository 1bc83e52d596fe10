import Foundation
import Literate

/// An edition of the site: English at the root, Chinese under `zh/` (Chapters/README.md, "The Chinese
/// edition"). Each page of an edition says its words (navigation, captions, the template's
/// controls) in its language; the texts come from `chapter.md` or `chapter.zh.md`.
enum SiteLanguage: CaseIterable {
  case english
  case chinese

  /// The page's `lang`.
  var code: String { self == .english ? "en" : "zh-CN" }
  /// Where its pages lie in the site: `""` or `"zh/"`.
  var directory: String { self == .english ? "" : "zh/" }
  /// From one of its pages back to the site's root (assets, source pages, the other edition).
  var root: String { self == .english ? "" : "../" }
  /// A text's file for this edition: `chapter.md` or `chapter.zh.md`.
  func textFileName(_ englishName: String) -> String { self == .english ? englishName : Literate.Translation.chineseName(of: englishName) }
  /// The other edition.
  var other: SiteLanguage { self == .english ? .chinese : .english }
  /// The switch's label, in the language it switches to.
  var name: String { self == .english ? "English" : "中文" }
  /// What `localStorage` remembers for it (site.js).
  var storedName: String { self == .english ? "en" : "zh" }

  /// How a run's values are worded on its pages: booleans as true/false or 是/否.
  var metricWording: MetricsFile.Wording { self == .english ? .english : .chinese }

  var strings: SiteStrings { self == .english ? .english : .chinese }
}

/// Every word the generator writes into a page, in one edition's language.
struct SiteStrings: Sendable {
  let chapter: @Sendable (Int) -> String
  /// A section link's text once its number is known: `section 3`, `第 3 节`.
  let sectionReference: @Sendable (_ word: String, _ number: Int) -> String
  let linkToSection: String
  let openFigure: String
  let fullSize: String
  let wholeFile: String
  let onThisPage: String
  let previous: String
  let next: String
  let previousAndNext: String
  let coming: String
  let comingSoon: String
  let home: String
  let articleCheck: String
  let exercises: String
  let sources: String
  let glossary: String
  let readInChapter: @Sendable (Int) -> String
  /// Under a chapter on the exercises page: what passed at the learner's last `course check`.
  let exerciseProgress: @Sendable (_ passed: Int, _ total: Int) -> String
  let noChapterYet: String
  let printTitle: String
  let printNavigation: String
  let printNote: String
  let apiReference: String
  let sourceFile: String
  /// The template's own words, by placeholder name.
  let template: [String: String]
  /// The banner of a translation made from an older English text; `%@` is the English page.
  let outdated: String
  /// Beside a chapter of the other edition's list that has no page in this one.
  let otherEditionOnly: String
  /// The end of a sentence, for a chapter card's opening sentence.
  let sentenceEnd: Character

  static let english = SiteStrings(
    chapter: { "Chapter \($0)" }, sectionReference: { "\($0) \($1)" }, linkToSection: "Link to this section",
    openFigure: "Open the figure full size", fullSize: "Full size ⤢", wholeFile: "The whole file", onThisPage: "On this page",
    previous: "Previous", next: "Next", previousAndNext: "Previous and next page", coming: "coming", comingSoon: "Coming soon.",
    home: "Home", articleCheck: "Article check", exercises: "Exercises", sources: "Sources", glossary: "Glossary", readInChapter: { "Read it in chapter \($0)" },
    exerciseProgress: { "Your progress: \($0) of \($1) passed at their last course check." },
    noChapterYet: "No chapter is written yet.", printTitle: "The whole course", printNavigation: "Print the whole course",
    printNote: "Every chapter on one page, for printing: your browser's Print command prints it, "
      + "or saves it as a PDF. Each chapter starts on a new sheet.",
    apiReference: "API reference (DocC, needs a web server)", sourceFile: "The source file ",
    template: [
      "text_skip": "Skip to the text", "text_chapters": "Chapters", "text_search_label": "Search the course",
      "text_search_placeholder": "Search… (press /)", "text_theme": "Theme", "text_contents": "Contents of this page",
      "text_footer": "Built from the chapters' sources and real runs. Works offline.",
    ],
    outdated: "", otherEditionOnly: "", sentenceEnd: ".")

  static let chinese = SiteStrings(
    chapter: { "第 \($0) 章" }, sectionReference: { "第 \($1) 节" }, linkToSection: "链接到本节",
    openFigure: "查看原尺寸图片", fullSize: "原尺寸 ⤢", wholeFile: "查看整个文件", onThisPage: "本页内容",
    previous: "上一页", next: "下一页", previousAndNext: "上一页与下一页", coming: "即将推出", comingSoon: "即将推出。",
    home: "首页", articleCheck: "文章核对", exercises: "练习", sources: "文章来源", glossary: "术语表", readInChapter: { "到第 \($0) 章阅读" },
    exerciseProgress: { "你的进度：上次运行 course check 时，\($1) 个练习中通过了 \($0) 个。" },
    noChapterYet: "还没有写好的章节。", printTitle: "整门课程", printNavigation: "打印整门课程",
    printNote: "所有章节都在这一页上，便于打印：用浏览器的“打印”命令打印，或另存为 PDF。每章从新的一页开始。",
    apiReference: "API 参考（DocC，需要 Web 服务器）", sourceFile: "源文件 ",
    template: [
      "text_skip": "跳到正文", "text_chapters": "章节", "text_search_label": "搜索课程",
      "text_search_placeholder": "搜索…（按 /）", "text_theme": "主题", "text_contents": "本页目录",
      "text_footer": "由各章的源代码与真实运行结果生成，可离线阅读。",
    ],
    outdated: "本页译自英文原文的较早版本，英文原文此后已有改动：<a href=\"%@\">阅读英文版</a>。",
    otherEditionOnly: "（英文）", sentenceEnd: "。")
}
