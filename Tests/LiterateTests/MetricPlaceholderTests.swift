import Foundation
import Testing

@testable import Literate

/// Metric formats that do not fit their value, `[*]` lists and rows repeated per epoch.
@Suite("Metric placeholders")
struct MetricPlaceholderTests {
  let metrics = try! MetricsFile(
    json: #"{"seed": 42, "epochs": 2, "rate": 0.87654, "name": "lstm", "flag": true, "losses": [1.25, 0.5], "grid": [[1, 2], [3, 4]]}"#)

  @Test("a format prints the value it fits, and is a problem where it does not fit")
  func formats() {
    #expect(metrics.render("seed", format: "d") == .success("42"))
    #expect(metrics.render("seed", format: "05d") == .success("00042"))
    #expect(metrics.render("rate", format: ".3f") == .success("0.877"))
    #expect(metrics.render("rate", format: ".2e") == .success("8.77e-01"))
    #expect(metrics.render("rate", format: "%") == .success("87.7%"))
    // Each of these printed a wrong number or nothing, with exit 0.
    for (key, format) in [("rate", "d"), ("seed", "x"), ("seed", ".4q"), ("name", ".2f"), ("flag", "%"), ("losses", ".2f"), ("seed", "s")] {
      guard case .failure(.unfit(let reason)) = metrics.render(key, format: format) else {
        Issue.record("\(key):\(format) should be refused, got \(metrics.render(key, format: format))")
        continue
      }
      #expect(reason.contains(format), "\(reason)")
    }
  }

  @Test("[*] shows every element, formatted alike; an index past the end says how long the list is")
  func lists() {
    #expect(metrics.render("losses[*]", format: ".2f") == .success("1.25, 0.50"))
    #expect(metrics.render("losses[*]", format: nil) == .success("1.25, 0.5"))
    #expect(metrics.render("grid", format: nil) == .success("[[1, 2], [3, 4]]"))
    #expect(metrics.render("losses[2]", format: nil) == .failure(.indexOutOfRange(list: "losses", index: 2, count: 2)))
    #expect(metrics.render("nothing", format: nil) == .failure(.missing))
  }

  @Test("a line with {{epoch}} or [epoch] repeats once per epoch, other lines stay")
  func epochRows() {
    let text = "| epoch | loss |\n|---|---|\n| {{epoch}} | {{metric:losses[epoch]:.2f}} |\nAfter."
    #expect(EpochLines.expand(text, epochs: 2) == """
      | epoch | loss |
      |---|---|
      | 1 | {{metric:losses[0]:.2f}} |
      | 2 | {{metric:losses[1]:.2f}} |
      After.
      """)
    #expect(EpochLines.expand(text, epochs: 1).components(separatedBy: "\n").count == 4)
    #expect(!EpochLines.repeats("The list [epoch] in prose, no placeholder."))
  }

  @Test("lint: every format problem and every epoch a row lacks is at its line")
  func lintedAtTheirLines() throws {
    let lint = try LintFixture(
      text: """
        Seed {{metric:seed:d}}, rate {{metric:rate:d}}.
        Hex {{metric:seed:x}} and {{metric:seed:.4q}}.
        | {{epoch}} | {{metric:losses[epoch]:.2f}} | {{metric:short[epoch]}} |
        Loss after epoch 3: {{metric:losses[2]}}.
        """,
      metrics: #"{"seed": 42, "epochs": 2, "rate": 0.5, "losses": [1.25, 0.5], "short": [1]}"#)
    defer { lint.remove() }
    let issues = lint.issues()
    #expect(issues.map(\.line) == [1, 2, 2, 3, 4], "\(issues)")
    #expect(issues[0].message.contains("'rate'") && issues[0].message.contains("needs an integer"))
    #expect(issues[1].message.contains("unknown format ':x'") || issues[2].message.contains("unknown format ':x'"))
    #expect(issues[3].message.contains("'short' has 1 value") && issues[3].message.contains("2 epochs"))
    #expect(issues[4].message.contains("[epoch]"))
  }

  @Test("a row per epoch needs the run's epochs")
  func rowWithoutEpochs() throws {
    let lint = try LintFixture(text: "Intro.\n| {{epoch}} | {{metric:losses[epoch]}} |\n", metrics: #"{"losses": [1]}"#)
    defer { lint.remove() }
    let issues = lint.issues()
    #expect(issues.count == 1 && issues[0].line == 2 && issues[0].message.contains("'epochs'"), "\(issues)")
  }

  @Test("a quick run's metrics are refused unless the lint is for a preview")
  func quickRunMetrics() throws {
    let lint = try LintFixture(text: "Seed {{metric:seed}}.\n", metrics: #"{"seed": 1, "quick": true}"#)
    defer { lint.remove() }
    let issues = lint.issues()
    #expect(issues.count == 1 && issues[0].file == "out/metrics.json" && issues[0].line == 1 && issues[0].message.contains("quick"))
    #expect(lint.issues(acceptsQuickRun: true).isEmpty)
  }
}
