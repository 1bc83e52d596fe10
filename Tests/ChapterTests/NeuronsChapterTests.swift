import Foundation
import Testing

/// Chapter 1's quick run: the facts its text about the article's toy model rests on.
@Suite("Chapter 1 (neurons)", .serialized)
struct NeuronsChapterTests {
  /// The text calls the article's printed column worse than knowing nothing, says that alone
  /// does not rule it out (a single unit of ours can end above ln 2 too), and rests the verdict
  /// on no unit of ours coming near the column.
  @Test func noSeedsUnitReproducesThePrintedColumn() throws {
    let out = temporaryOutputFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("neurons", ["--quick", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    let metrics = try readMetrics(in: out)
    let knowingNothing = log(2.0)  // the loss of p = ½ for every sample
    let printed = try #require(metrics["article_output_loss"] as? Double)
    let worstEnd = try #require(metrics["toy_loss_worst_seed"] as? Double)
    let worstStart = try #require(metrics["toy_initial_loss_worst_seed"] as? Double)
    #expect(printed > knowingNothing, "\(printed)")
    #expect(worstStart > worstEnd, "training lowered the loss of the worst start: \(worstStart) → \(worstEnd)")
    // A seed's loss is the mean of its two units', so its worst unit scores at least as badly,
    // and the count of units above ln 2 the text cites agrees with the worst unit's loss.
    let worstUnit = try #require(metrics["toy_loss_worst_unit"] as? Double)
    let unitsAbove = try #require(metrics["toy_units_above_ln2"] as? Int)
    #expect(worstUnit >= worstEnd, "\(worstUnit) < \(worstEnd)")
    #expect((unitsAbove > 0) == (worstUnit > knowingNothing), "\(unitsAbove) units above ln 2, worst \(worstUnit)")
    #expect(metrics["toy_unit_count"] as? Int == 2 * ((metrics["toy_seed_count"] as? Int) ?? 0))
    // No seed's unit reproduces the printed column: its largest difference stays visible at 3 decimals.
    let closest = try #require(metrics["toy_closest_seed_distance"] as? Double)
    #expect(closest > 0.05, "\(closest)")
    // The learning rates and sizes the text cites come from the run.
    #expect(metrics["neuron_learning_rate"] as? Double == 0.5)
    #expect(metrics["network_learning_rate"] as? Double == 0.01)
    #expect(metrics["activation_points"] as? Int == 201)

    // The decision-boundary figure names its colour as the caption does, and its legend sits
    // under each panel's x axis label, off the data, not in a corner of the plot.
    let svg = try String(contentsOf: out.appendingPathComponent("figures/decision-boundaries.svg"), encoding: .utf8)
    let labels = try figureLabels(in: svg)
    #expect(labels.filter { $0.text == "P(lower moon)" }.count == 2)
    #expect(!svg.contains("class 1"))
    let axisLabels = labels.filter { $0.text == "x₁" }
    let legendEntries = labels.filter { $0.text == "upper moon" || $0.text == "lower moon" }
    try #require(axisLabels.count == 2 && legendEntries.count == 4)
    for entry in legendEntries { #expect(entry.y > axisLabels.map(\.y).max()!, "\(entry)") }
    // The panel titles give the accuracies as the text does: a percentage with one decimal.
    let neuronAccuracy = try #require(metrics["neuron_test_accuracy"] as? Double)
    let networkAccuracy = try #require(metrics["test_accuracy"] as? Double)
    let titles = Set(labels.map(\.text))
    #expect(titles.contains(String(format: "One neuron (accuracy %.1f%%)", neuronAccuracy * 100)), "\(titles)")
    #expect(titles.contains(String(format: "2-16-16-1 network (accuracy %.1f%%)", networkAccuracy * 100)), "\(titles)")
  }
}
