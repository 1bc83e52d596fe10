import Foundation
import Testing

@testable import SiteGenerator

/// A run's large numbers are grouped as the place a placeholder sits writes them.
@Suite("Metric placement")
struct MetricPlacementTests {
  private let values = ["{{metric:parameters}}": "16981120"]

  @Test("prose gets commas; code spans and fenced blocks keep the digits a program prints")
  func proseAndCode() {
    let text = """
      The model has {{metric:parameters}} weights, `print({{metric:parameters}})` prints them,
      and ``a `{{metric:parameters}}` in double ticks`` too.

      ```text
      parameters: {{metric:parameters}}
      ```
      ~~~~
      ```
      {{metric:parameters}}
      ~~~~
      After the block: {{metric:parameters}}.
      """
    let filled = ChapterDocument.fillingPlaceholders(text, values: values, placement: .prose)
    #expect(filled.components(separatedBy: "16,981,120").count - 1 == 2)
    #expect(filled.contains("The model has 16,981,120 weights, `print(16981120)`"))
    #expect(filled.contains("``a `16981120` in double ticks``"))
    #expect(filled.contains("parameters: 16981120\n"))
    #expect(filled.contains("```\n16981120\n~~~~"))
    #expect(filled.hasSuffix("After the block: 16,981,120."))
  }

  @Test("a code span left open ends at the blank line, as the parser reads it")
  func unclosedSpanEndsAtParagraph() {
    let filled = ChapterDocument.fillingPlaceholders(
      "A stray ` tick.\n\nThen {{metric:parameters}}.", values: values, placement: .prose)
    #expect(filled.hasSuffix("Then 16,981,120."))
  }

  @Test("a list in prose takes its enumeration, but a tuple in parentheses, code and math keep commas")
  func enumerations() {
    let lists = ["{{metric:sizes[*]}}": "16, 64, 256"]
    let chinese = ["{{metric:sizes[*]}}": "16、64 和 256"]
    let filled = ChapterDocument.fillingPlaceholders(
      "宽度 {{metric:sizes[*]}}；向量 ({{metric:sizes[*]}})；代码 `{{metric:sizes[*]}}`。", values: lists, placement: .prose,
      enumerations: chinese)
    #expect(filled == "宽度 16、64 和 256；向量 (16, 64, 256)；代码 `16, 64, 256`。")
    #expect(ChapterDocument.fillingPlaceholders("x = {{metric:sizes[*]}}", values: lists, placement: .math, enumerations: chinese)
      == "x = 16, 64, 256")
  }

  @Test("inside a formula a comma is braced, so KaTeX sets no space after it")
  func math() {
    #expect(ChapterDocument.fillingPlaceholders("n = {{metric:parameters}}", values: values, placement: .math) == "n = 16{,}981{,}120")
  }
}
