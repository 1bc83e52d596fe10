import Foundation
import Testing

@testable import Literate

@Suite("Literate conventions")
struct LiterateTests {
  @Test func regionsNestAndDropMarkers() {
    let source = """
      func f() {
        // region: outer
        let a = 1
        // region: inner
        let b = 2
        // endregion
        // endregion
      }
      """
    let regions = SourceRegions(source: source)
    #expect(regions.code(of: "outer") == "let a = 1\nlet b = 2")
    #expect(regions.code(of: "inner") == "let b = 2")
    #expect(regions.problems.isEmpty)
  }

  @Test func unclosedAndDuplicateRegionsAreProblems() {
    let regions = SourceRegions(source: "// region: a\nx\n// endregion\n// region: a\n// endregion\n// region: b\n")
    #expect(regions.problems.map(\.line) == [4, 6])
  }

  @Test func directivesWithLineNumbers() {
    let markdown = """
      # Title
      ```swift
      {{#include main.swift:forward}}
      ```
      Accuracy {{metric:test_accuracy:.3f}} and {{metric:train_loss[-1]}}.
      ![Boundary](figures/boundary.svg) {{oops}} {{#include nocolon}}
      """
    let directives = ChapterDirectives(markdown: markdown)
    #expect(directives.includes == [.init(line: 3, path: "main.swift", region: "forward")])
    #expect(directives.metrics.map(\.key) == ["test_accuracy", "train_loss[-1]"])
    #expect(directives.metrics.map(\.format) == [".3f", nil])
    #expect(directives.figures == [.init(line: 6, path: "figures/boundary.svg")])
    #expect(directives.malformed.map(\.line) == [6, 6])
  }

  @Test func metricValuesAndFormats() throws {
    let metrics = try MetricsFile(json: #"{"a": 0.87654, "n": 3, "list": [1.5, 2.5], "o": {"h1": 0.6307}, "flag": true}"#)
    #expect(metrics.formatted("a", format: ".2f") == "0.88")
    #expect(metrics.formatted("a", format: "%") == "87.7%")
    #expect(metrics.formatted("n", format: nil) == "3")
    #expect(metrics.formatted("list[-1]", format: nil) == "2.5")
    #expect(metrics.formatted("list[0]", format: ".1f") == "1.5")
    #expect(metrics.formatted("o.h1", format: ".2f") == "0.63")
    #expect(metrics.formatted("flag", format: nil) == "true")
    #expect(metrics.formatted("missing", format: nil) == nil)
    #expect(metrics.formatted("list[5]", format: nil) == nil)
  }

  @Test func lintReportsEveryKindOfProblem() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
    let chapter = root.appendingPathComponent("Chapters/demo")
    let output = root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: chapter, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: output.appendingPathComponent("figures"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try "// region: good\nlet x = 1\n// endregion\n".write(to: chapter.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
    try #"{"known": 1}"#.write(to: output.appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
    try "<svg/>".write(to: output.appendingPathComponent("figures/there.svg"), atomically: true, encoding: .utf8)
    try """
      {{#include main.swift:good}}
      {{#include main.swift:missing}}
      {{#include other.swift:good}}
      {{metric:known}} {{metric:unknown}}
      ![ok](figures/there.svg) ![gone](figures/gone.svg)
      """.write(to: chapter.appendingPathComponent("chapter.md"), atomically: true, encoding: .utf8)
    let issues = ChapterLint(chapterDirectory: chapter, packageRoot: root, outputDirectory: output).issues()
    #expect(issues.map(\.line) == [2, 3, 4, 5])
    #expect(issues.allSatisfy { $0.file == "Chapters/demo/chapter.md" })
    #expect(issues[0].message.contains("no region 'missing'"))
    #expect(issues[1].message.contains("no such file other.swift"))
    #expect(issues[2].message.contains("metric 'unknown'"))
    #expect(issues[3].message.contains("figures/gone.svg"))
  }
}
