import Foundation
import Testing
@testable import SiteGenerator

/// The site numbers a chapter's `##` headings and writes the number of every section link,
/// `[section](#anchor)`, from every chapter's sections as they are at this build.
@Suite("Site section numbers")
struct SiteSectionTests {
  /// A second chapter that refers to the demo's sections and links the sources page.
  static let secondText = """
    # Second chapter

    The demo's [Section](../demo/chapter.md#exercises) has exercises; this chapter's [section](#the-model)
    has a model, and [article 003](../../Site/content/sources.md#article-003) is its source.

    ## The model

    Text.

    ### A detail

    ## Repeated

    ## Repeated

    ## Why divide by $\\sqrt{d_k}$

    As [section](#why-divide-by-sqrtdk "its title") says.

    """

  static func fixture(second: String = secondText) throws -> SiteFixture {
    var fixture = try SiteFixture()
    try fixture.addChapter("second", title: "Second chapter", text: second)
    return fixture
  }

  @Test func headingsAreNumberedAndSectionLinksShowTheirNumber() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let demo = try fixture.page("demo.html")
    // Numbered on the page and in the contents; the anchor is the text's without the number.
    #expect(demo.contains(#"<h2 id="article-check"><span class="section-number">2.</span> Article check"#))
    #expect(demo.contains(##"<a href="#the-figure"><span class="section-number">1.</span> The figure</a>"##))
    let second = try fixture.page("second.html")
    #expect(second.contains(#"<a href="demo.html#exercises">Section 3</a>"#))
    #expect(second.contains(##"<a href="#the-model">section 1</a>"##))
    #expect(second.contains(#"<h3 id="a-detail">A detail"#))  // level 3: no number
    // A heading's TeX keeps its letters in the anchor, as course lint names it.
    #expect(second.contains(#"<h2 id="why-divide-by-sqrtdk"><span class="section-number">4.</span> Why divide by"#))
    #expect(second.contains(##"<a href="#why-divide-by-sqrtdk" title="its title">section 4</a>"##))
    #expect(second.contains(#"<h2 id="repeated-2"><span class="section-number">3.</span> Repeated"#))
    #expect(second.contains(#"<a href="sources.html#article-003">article 003</a>"#))
    // The sources page is built and in the navigation; the search index has the numbers too.
    #expect(try fixture.page("sources.html").contains(#"<h2 id="article-003">"#))
    #expect(demo.contains(#"<a href="sources.html">Sources</a>"#))
    let search = try fixture.page("assets/search-index.js")
    #expect(search.contains("Section 3 has exercises"))
    #expect(search.contains("2. Article check"))
    #expect(!search.contains("\u{27E6}S"))
  }

  @Test func aNumberFollowsANewSectionInAnotherChapterThoughTheLinkingPageIsCached() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    try fixture.write(SiteFixture.chapterText.replacingOccurrences(of: "## Exercises", with: "## Inserted\n\n## Exercises"), to: "Chapters/demo/chapter.md")
    let report = try fixture.build()
    #expect(report.reusedChapters == ["second"])
    #expect(try fixture.page("second.html").contains(#"<a href="demo.html#exercises">Section 4</a>"#))
  }

  @Test func aSectionLinkToNoSectionFailsTheBuildAtItsLine() throws {
    let fixture = try Self.fixture(second: Self.secondText + "See [section](#a-detail) and [section](../demo/chapter.md#exercise).\n")
    defer { fixture.remove() }
    let issues = fixture.issues()
    // One problem per mistake: the link check does not report the other chapter's anchor again.
    try #require(issues.count == 2, "\(issues)")
    #expect(issues.allSatisfy { $0.file == "Chapters/second/chapter.md" && $0.line == 19 })
    #expect(issues.contains { $0.message.contains("'#a-detail' is not a section (## heading) of this chapter; nearest:") })
    #expect(issues.contains { $0.message.contains("'#exercise' is not a section (## heading) of chapter demo; nearest: #exercises") })
  }

  @Test func aSectionRemovedFromAnotherChapterFailsTheCachedPagesBuild() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    try fixture.write(SiteFixture.chapterText.replacingOccurrences(of: "## Exercises", with: "## Practice"), to: "Chapters/demo/chapter.md")
    let issues = fixture.issues()
    #expect(issues.contains { $0.file == "Chapters/second/chapter.md" && $0.line == 3 && $0.message.contains("'#exercises' is not a section") })
  }

  @Test func aLinkToNoArticleOfTheSourcesPageFailsTheBuild() throws {
    let fixture = try Self.fixture(
      second: Self.secondText + "And [article 009](../../Site/content/sources.md#article-009), [more](../demo/chapter.md#exercise).\n")
    defer { fixture.remove() }
    let issues = fixture.issues()
    // Found at its own line, not inside the longer `../demo/chapter.md#exercises` of line 3.
    #expect(issues.contains { $0.line == 19 && $0.message.contains("demo.html has no section '#exercise'") }, "\(issues)")
    #expect(issues.contains { $0.line == 19 && $0.message.contains("sources.html has no section '#article-009'") }, "\(issues)")
  }
}

/// The site checks a chapter's article quotes as `course lint` does, when it is given the articles.
@Suite("Site article quotes")
struct SiteArticleQuoteTests {
  @Test func aQuoteNotOnItsLineFailsTheBuildOnceTheArticlesAreFoundThoughThePageWasCached() throws {
    let text = SiteFixture.chapterText.replacingOccurrences(
      of: "## Exercises",
      with: "[Article 000](../../Site/content/sources.md#article-000), 000 §4.2, line 1: 「不在这一行」 (\"not on this line\").\n\n## Exercises")
    var fixture = try SiteFixture(text: text)
    defer { fixture.remove() }
    // Without the articles the quote is not checked, and the page is cached.
    _ = try fixture.build()
    let articles = fixture.root.appendingPathComponent("articles")
    try FileManager.default.createDirectory(at: articles, withIntermediateDirectories: true)
    try "标题\n正文\n".write(to: articles.appendingPathComponent("000_test.txt"), atomically: true, encoding: .utf8)
    fixture.articlesDirectory = articles
    let issues = fixture.issues()
    try #require(issues.count == 1, "\(issues)")
    #expect(issues[0].file == "Chapters/demo/chapter.md" && issues[0].line == 29)
    #expect(issues[0].message.contains("「不在这一行」 is not on that line of 000_test.txt, which says 「标题」"))
  }
}
