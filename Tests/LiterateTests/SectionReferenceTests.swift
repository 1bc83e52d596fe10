import Foundation
import Testing

@testable import Literate

/// Section numbers are the site's: headings carry none, references are `[section](#anchor)`.
@Suite("Section references")
struct SectionReferenceTests {
  static let text = """
    # Demo

    ## The causal mask

    See [section](#why-divide-by-sqrtdk) and [Section](#the-causal-mask).

    ## Why divide by $\\sqrt{d_k}$

    ### Not numbered

    ## The causal mask

    Text.
    """

  @Test func numbersEveryLevelTwoHeadingAndNamesAnchorsAsTheSiteDoes() {
    let sections = ChapterSections(markdown: Self.text)
    #expect(sections.numbered.map(\.number) == [1, 2, 3])
    // A repeated heading gets -2, as the site's pages do; TeX keeps its letters.
    #expect(sections.numbered.map(\.anchor) == ["the-causal-mask", "why-divide-by-sqrtdk", "the-causal-mask-2"])
    #expect(sections.anchors == ["demo", "the-causal-mask", "why-divide-by-sqrtdk", "not-numbered", "the-causal-mask-2"])
    #expect(sections.numbered[1].line == 7)
  }

  @Test func sectionLinksToNumberedSectionsAreFine() throws {
    #expect(try lintIssues(text: Self.text).isEmpty)
  }

  @Test func aSectionLinkToNoSectionNamesTheAnchorAndTheNearestOnes() throws {
    let found = try lintIssues(text: Self.text + "\n\nSee [section](#the-casual-mask) and [section](#not-numbered).\n")
    try #require(found.count == 2)
    #expect(found[0].line == 15)
    #expect(found[0].message.contains("'#the-casual-mask' is not a section"))
    #expect(found[0].message.contains("nearest: #the-causal-mask, #the-causal-mask-2"))
    #expect(!found[0].message.contains("\n"))
    // A level-3 heading has an anchor but no number.
    #expect(found[1].message.contains("'#not-numbered' is not a section"))
  }

  @Test func aSectionLinkToAnotherChapterIsCheckedAgainstItsText() throws {
    let fixture = try LintFixture(text: "# Demo\n\nAs chapter 4's [section](../other/chapter.md#the-backward-passes) and [section](../other/chapter.md#the-forward-pass) show.\n")
    defer { fixture.remove() }
    let other = fixture.root.appendingPathComponent("Chapters/other")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    try "# Other\n\n## The forward pass\n\n## The backward pass\n".write(
      to: other.appendingPathComponent("chapter.md"), atomically: true, encoding: .utf8)
    let found = fixture.issues()
    try #require(found.count == 1)
    #expect(found[0].message.contains("'#the-backward-passes' is not a section (## heading) of chapter other; nearest: #the-backward-pass"))
  }

  @Test func aSectionLinkMustNameASection() throws {
    let found = try lintIssues(text: "# Demo\n\nSee [section](../other/chapter.md) and [section](https://example.com).\n")
    #expect(found.count == 2)
    #expect(found.allSatisfy { $0.message.contains("a section link points at a section") })
  }

  @Test func aTypedSectionNumberInProseIsAProblem() throws {
    let found = try lintIssues(text: """
      # Demo

      As section 3 shows, and Sections 2 and 4.1 too.

      Code `section 3` and math $section 3$ and [links](section-3.md) are not prose; 003 §5 is the article's.
      """)
    try #require(found.map(\.line) == [3, 3])
    #expect(found[0].message.contains("'section 3' is a typed section number"))
    #expect(found[1].message.contains("'Sections 2'") && found[1].message.contains("[Section](#anchor)"))
  }

  @Test func aHeadingWithATypedNumberIsAProblem() throws {
    let found = try lintIssues(text: "# Demo\n\n## 3. The causal mask\n\n## Why divide by $\\sqrt{d_k}$\n\n## 4 Heads\n")
    try #require(found.map(\.line) == [3, 7])
    #expect(found[0].message.contains("heading '3. The causal mask' types its number '3.'"))
  }
}

/// Links to an anchor of another text (a chapter, the sources page) name a heading it has.
@Suite("Links between texts")
struct TextLinkTests {
  @Test func aLinkToAHeadingTheTextDoesNotHaveIsAProblem() throws {
    let fixture = try LintFixture(text: """
      # Demo

      [article 003](../../Site/content/sources.md#article-003), [article 009](../../Site/content/sources.md#article-009),
      [the pass](../other/chapter.md#the-forward-pass), [a detail](../other/chapter.md#a-detai), [nothing](../none/chapter.md#x).
      """)
    defer { fixture.remove() }
    let content = fixture.root.appendingPathComponent("Site/content")
    let other = fixture.root.appendingPathComponent("Chapters/other")
    for folder in [content, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    try "# Sources\n\n## Article 000\n\n## Article 003\n".write(to: content.appendingPathComponent("sources.md"), atomically: true, encoding: .utf8)
    try "# Other\n\n## The forward pass\n\n### A detail\n".write(to: other.appendingPathComponent("chapter.md"), atomically: true, encoding: .utf8)
    let found = fixture.issues()
    try #require(found.count == 3, "\(found)")
    #expect(found[0].line == 3 && found[0].message.contains("Site/content/sources.md has no heading '#article-009'; nearest: #article-000"))
    #expect(found[1].line == 4 && found[1].message.contains("Chapters/other/chapter.md has no heading '#a-detai'; nearest: #a-detail"))
    #expect(found[2].message.contains("no such text Chapters/none/chapter.md"))
  }
}
