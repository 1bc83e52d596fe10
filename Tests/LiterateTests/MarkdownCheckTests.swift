import Foundation
import Testing

@testable import Literate

/// What the Markdown parser reads in a text, and the problems the lint finds in it, at their lines.
@Suite("Markdown checks")
struct MarkdownCheckTests {
  @Test("a figure is found whatever its alt text holds: brackets, a second line, math")
  func figuresAsTheParserReadsThem() {
    let directives = ChapterDirectives(markdown: """
      # Title

      ![Sigmoid and ReLU on [-5, 5] (left).](figures/activations.svg)

      ![A caption that wraps
      onto a second line, with $x_1$.](figures/wrapped.svg)

      | figure in a table | ![cell](figures/cell.svg) |
      |---|---|

      ```markdown
      ![inside code](figures/code.svg)
      ```
      """)
    #expect(directives.figures == [
      .init(line: 3, path: "figures/activations.svg"), .init(line: 5, path: "figures/wrapped.svg"),
      .init(line: 8, path: "figures/cell.svg"),
    ])
  }

  @Test("math is lifted out of text but not out of code, and escaped dollars stay")
  func mathExtraction() {
    let text = "Cost \\$5, $a_1$ and `$b$`.\n\n```\n$c$\n```\n\n$$\nx^2\n$$\n"
    let extraction = MathExtraction(markdown: text)
    #expect(extraction.formulas.map(\.tex) == ["a_1", "x^2"])
    #expect(extraction.formulas.map(\.line) == [1, 7])
    #expect(extraction.markdown.contains("`$b$`"))
    #expect(extraction.markdown.contains("$c$"))
    #expect(extraction.markdown.contains("\\$5"))
    let kept = MathExtraction(markdown: text, keepingLines: true)
    #expect(kept.markdown.components(separatedBy: "\n").count == text.components(separatedBy: "\n").count)
  }

  @Test("an unclosed $$ is reported where it opens, even with formulas after it")
  func unclosedDisplayMath() {
    let text = "Intro.\n\n$$\nx = 1\n\nMore text.\n\n$$\ny = 2\n$$\n\nEnd $z$.\n"
    let extraction = MathExtraction(markdown: text)
    #expect(extraction.problems.map(\.line) == [3])
    #expect(extraction.formulas.map(\.tex) == ["y = 2", "z"])
  }

  @Test("each broken input is a problem at its line, saying what to fix")
  func brokenInputs() throws {
    let lint = try LintFixture(
      text: """
        # Demo

        ![A lone ] bracket](figures/there.svg)

        ![An open [bracket](figures/there.svg)

        Prose with <script>alert(1)</script> in it.

        <img src=x onerror=alert(1)>

        <iframe src=javascript:alert(1)></iframe>

        A [link](javascript:alert(1)) and ![remote](https://example.com/x.png).

        $$
        x = 1

        ![Fine.](figures/there.svg)
        """,
      figures: ["figures/there.svg"])
    defer { lint.remove() }
    let issues = lint.issues()
    let expected: [(line: Int, says: String)] = [
      (3, "does not read as an image"), (5, "does not read as an image"), (5, "place a figure as an image"),
      (7, "raw HTML <script>"),
      (9, "raw HTML <img src=x onerror"), (11, "raw HTML <iframe"), (13, "link to javascript:"),
      (13, "image https://example.com/x.png"), (15, "'$$' is never closed"),
    ]
    #expect(issues.count == expected.count, "\(issues)")
    for (line, says) in expected {
      #expect(issues.contains { $0.line == line && $0.message.contains(says) }, "expected line \(line): \(says); got \(issues)")
    }
  }

  @Test("bold that CommonMark does not close is a problem at its line; bold that closes is not")
  func unreadBold() throws {
    let lint = try LintFixture(text: """
      # 标题

      **结论：正确：**我们的网络。

      **结论：正确**：我们的网络。**结论：正确。** 下一句。

      Code `a ** b` and **bold** are fine.
      """)
    defer { lint.remove() }
    let issues = lint.issues().filter { $0.message.contains("does not read as bold") }
    #expect(issues.map(\.line) == [3], "\(lint.issues())")
  }

  @Test("a per-epoch placeholder inside a formula is a problem")
  func perEpochInsideMath() throws {
    let lint = try LintFixture(text: "| {{epoch}} | $x = {{metric:losses[epoch]}}$ |\n", metrics: #"{"epochs": 1, "losses": [1]}"#)
    defer { lint.remove() }
    #expect(lint.issues().contains { $0.line == 1 && $0.message.contains("inside a formula") })
  }
}
