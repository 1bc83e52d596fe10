import Foundation
import Testing

@testable import Literate

/// A number typed into the prose that a run measured is a lint problem.
@Suite("Typed results")
struct TypedResultTests {
  private let metrics = """
    {"test_accuracy": 0.87823, "vocabulary_size": 114, "parameter_count": 434290, "width": 512,
     "history": {"val_bpc": [2.8022, 2.5341]}, "article_claimed_accuracy": 0.987, "seed": 142,
     "step_profile": {"backward": 4.86}, "epoch_seconds": [12.34]}
    """

  @Test func resultsTypedByHandAreNamedWithTheirMetric() throws {
    let found = try lintIssues(
      text: """
        The network reaches 0.8782 on the test set.
        Its vocabulary has 114 bytes and 434,290 parameters in all.
        After two epochs: 2.53 bits per character, 87.8% correct.
        """,
      metrics: metrics)
    try #require(found.map(\.line) == [1, 2, 2, 3, 3])
    #expect(found[0].message.contains("{{metric:test_accuracy:.4f}}"))
    #expect(found[1].message.contains("{{metric:vocabulary_size}}"))
    #expect(found[2].message.contains("434,290") && found[2].message.contains("parameter_count"))
    #expect(found[3].message.contains("history.val_bpc[1]"))
    #expect(found[4].message.contains("{{metric:test_accuracy:%}}"))
  }

  @Test func roundFiguresQuotesCodeAndPlaceholdersAreNotResults() throws {
    let found = try lintIssues(
      text: """
        A width of 512, about 0.88 or 0.9, 1000 steps, seed 142, 002 §4.2 and §5.1.
        **Step 2.** 003 §4, line 114: 「h2 ≈ 0.86」, and a citation that wraps, 001 §5.3,
        line 114: 「……」. Lines 114 to 147 repeat lines 103 to 114 of §4.2, and lines 35–114 the rest;
        第 114 至 147 行逐字重复了 §4.2 的第 103 至 114 行，第 114 行也是。
        The article claims 0.987 and adds 3 + 0.86 to 4.86; 12.34 is another quote. In code, `0.8782` is fine, and so is {{metric:test_accuracy:.4f}}.
        ```swift
        let accuracy = 0.8782
        ```
        """,
      metrics: metrics)
    #expect(found.isEmpty, "\(found.map(\.message))")
  }

  @Test func aResultBesideAnArticleLineIsStillAResult() throws {
    let found = try lintIssues(
      text: "As line 12 says, the network reaches 0.8782; lines 3 to 4, 114 bytes.",
      metrics: metrics)
    #expect(found.map(\.message).count == 2, "\(found.map(\.message))")
  }
}
