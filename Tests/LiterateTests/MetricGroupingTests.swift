import Foundation
import Testing

@testable import Literate

/// Large whole numbers from a run read with thousands separators where the text shows them.
@Suite("Metric grouping")
struct MetricGroupingTests {
  @Test("prose groups whole numbers of 10,000 and more with commas, math with {,}, code not at all")
  func groupsByPlacement() {
    #expect(MetricPlacement.prose.grouped("16981120") == "16,981,120")
    #expect(MetricPlacement.prose.grouped("60000") == "60,000")
    #expect(MetricPlacement.prose.grouped("-123456") == "-123,456")
    #expect(MetricPlacement.math.grouped("60000") == "60{,}000")
    #expect(MetricPlacement.code.grouped("16981120") == "16981120")
    // Every element of a [*] list, each on its own.
    #expect(MetricPlacement.prose.grouped("12000, 9000, 434290") == "12,000, 9000, 434,290")
  }

  @Test("small numbers, fractions and exponents stay as printed")
  func leavesOtherNumbers() {
    for printed in ["9999", "2026", "0.853", "12345.6", "3.141592", "1.235e+05", "85.2%", "layer12345"] {
      #expect(MetricPlacement.prose.grouped(printed) == printed)
      #expect(MetricPlacement.math.grouped(printed) == printed)
    }
  }

  @Test("a grouped number typed by hand is still recognised as the run's metric")
  func typedGroupedNumberIsFound() throws {
    let found = try lintIssues(
      text: "The network has 16,981,120 parameters.",
      metrics: #"{"parameter_count": 16981120}"#)
    try #require(found.count == 1)
    #expect(found[0].message.contains("{{metric:parameter_count}}"))
  }
}
