import Foundation
import Testing

@Suite("Chapter 7 (attention)", .serialized)
struct AttentionChapterTests {
  @Test func quickRunWritesTheMetricsAndFiguresTheTextCites() throws {
    let out = temporaryOutputFolder("attention")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("attention", ["--quick", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "attention")

    let metrics = try readMetrics(in: out)
    #expect(metrics["chapter"] as? String == "attention")
    expectPeerFiguresFromElsewhere(metrics)
    for key in [
      "seed", "epochs", "epoch_seconds", "train_loss", "val_bpc", "val_bpc_per_epoch", "samples", "generation_seconds",
      "heads", "phase_milliseconds", "piece_milliseconds", "lstm_val_bpc", "lstm_epoch_seconds", "worked_weights",
      "dot_product_deviation", "softmax_saturation", "causal_weights",
    ] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(metrics["train_windows"] as? Int == 128)
    #expect(metrics["validation_windows"] as? Int == 32)
    // The W4 model has the peers' 434,290 parameters.
    #expect(metrics["parameter_count"] as? Int == 434_290)
    // Article 003's example: one key, so the correct output is V; as written, V/√2.
    #expect(metrics["article_correct_formula"] as? [Double] == [5, 6])
    let asWritten = try #require(metrics["article_formula_as_written"] as? [Double])
    #expect(abs(asWritten[0] - 5 / 2.0.squareRoot()) < 1e-5 && abs(asWritten[1] - 6 / 2.0.squareRoot()) < 1e-5)
    #expect(metrics["article_claim_within_values"] as? Bool == false)
    #expect((metrics["fused_max_difference"] as? Double ?? 1) < 1e-5)
    #expect(metrics["fused_gradient_passed"] as? Bool == true)
    // The derivation written with plain products gives the fused operation's gradients.
    #expect((metrics["backward_by_hand_max_difference"] as? Double ?? 1) < 1e-4)
    #expect(metrics["future_change_earlier_outputs"] as? Double == 0)
    #expect((metrics["permutation_difference"] as? Double ?? 1) < 1e-5)
    #expect((metrics["gelu_max_error"] as? Double ?? 1) < 1e-5)

    // Generation with the key/value cache samples the bytes the uncached model samples under the same context
    // rule, from logits equal to float rounding, across window restarts (the quick run generates 128 bytes:
    // a restart when the window first fills, and one from a window that grew again after a restart).
    #expect(metrics["generation_cache_same_bytes"] as? Bool == true)
    #expect((metrics["generation_cache_max_logit_difference"] as? Double ?? 1) < 1e-4)
    #expect((metrics["generation_cache_restarts"] as? Int ?? 0) >= 2)
    for key in ["generation_seconds", "generation_uncached_seconds"] {
      #expect((metrics[key] as? Double ?? 0) > 0, "\(key)")
    }
    // What the rule costs: one value per context length, and each rule's figure is the curve's mean over the
    // lengths it predicts from (keeping all 64 is the sliding window).
    let byLength = try #require(metrics["bpc_by_context_length"] as? [Double])
    #expect(byLength.count == 64 && byLength.allSatisfy { $0.isFinite && $0 > 0 })
    let (kept, keptBits) = (
      try #require(metrics["context_kept"] as? [Int]), try #require(metrics["context_kept_bpc"] as? [Double])
    )
    #expect(kept.count == keptBits.count && kept.last == 64)
    for (count, bits) in zip(kept, keptBits) {
      let mean = byLength[(count - 1)...].reduce(0, +) / Double(65 - count)
      #expect(abs(bits - mean) < 1e-9, "keeping \(count)")
    }
    #expect(metrics["sliding_window_bpc"] as? Double == byLength[63])
    let (restart, keptOnRestart) = (
      try #require(metrics["restart_rule_bpc"] as? Double), try #require(metrics["generation_kept_on_restart"] as? Int)
    )
    #expect(abs(restart - byLength[(keptOnRestart - 1)...].reduce(0, +) / Double(65 - keptOnRestart)) < 1e-9)
    #expect((metrics["restart_rule_bpc_direct"] as? Double).map { $0.isFinite && $0 > 0 } == true)
    // The words the text uses for the comparison follow the sign of the difference.
    let cost = try #require(metrics["restart_rule_bpc_cost"] as? Double)
    #expect(abs(cost - (restart - byLength[63])) < 1e-9)
    #expect(metrics["restart_rule_scores"] as? String == (cost < 0 ? "better than" : cost > 0 ? "worse than" : "the same as"))
    #expect(abs((metrics["restart_rule_bpc_difference"] as? Double ?? -1) - abs(cost)) < 1e-12)

    // The classifier: balanced classes, a fifth held out, then the quick subset; two epochs of the three models.
    #expect(metrics["classifier_train_count"] as? Int == 128)
    #expect(metrics["classifier_test_count"] as? Int == 64)
    #expect(metrics["classifier_files"] as? String == "zippy and platitudes")
    let majority = try #require(metrics["classifier_majority_baseline"] as? Double)
    #expect(majority >= 0.5 && majority < 0.65)
    for model in ["transformer", "block_without_attention", "bag_of_bytes"] {
      for kind in ["test_accuracy", "train_accuracy"] {
        let accuracies = try #require(metrics["classifier_\(model)_\(kind)"] as? [Double])
        #expect(accuracies.count == 2 && accuracies.allSatisfy { (0...1).contains($0) })
      }
      let testLoss = try #require(metrics["classifier_\(model)_test_loss"] as? [Double])
      #expect(testLoss.count == 2 && testLoss.allSatisfy { $0.isFinite && $0 > 0 })
      // The epoch the text cites for the lowest test loss is that of the list's smallest value.
      let lowestEpoch = try #require(metrics["classifier_\(model)_lowest_test_loss_epoch"] as? Int)
      #expect(lowestEpoch == testLoss.firstIndex(of: testLoss.min()!)! + 1)
      #expect(metrics["classifier_\(model)_lowest_test_loss"] as? Double == testLoss.min())
      let afterLowest = try #require(metrics["classifier_\(model)_test_loss_after_lowest"] as? String)
      #expect((lowestEpoch == testLoss.count) == (afterLowest == "the last one"), "\(afterLowest)")
    }
    try expectGainsFollowFromTheAccuracies(metrics, testCount: 64)
    // Where the classifier stood after the article's 5 epochs: after the last of a quick run's 2.
    let accuracies = try #require(metrics["classifier_transformer_test_accuracy"] as? [Double])
    #expect(metrics["classifier_transformer_accuracy_after_five_epochs"] as? Double == accuracies[min(5, accuracies.count) - 1])
    // Seconds at the end of each epoch add up: the last is the sum of the epochs' seconds.
    for (cumulative, perEpoch) in [("lstm_cumulative_seconds", "lstm_epoch_seconds"), ("cumulative_epoch_seconds", "epoch_seconds")] {
      let (sums, seconds) = (try #require(metrics[cumulative] as? [Double]), try #require(metrics[perEpoch] as? [Double]))
      #expect(sums.count == seconds.count && abs(sums.last! - seconds.reduce(0, +)) < 1e-9)
    }
    // The block is what the bag of bytes lacks: its parameters are the whole difference. Without
    // attention, the block lacks exactly the attention's four projections and its LayerNorm.
    let (withBlock, withoutAttention, without) = (
      try #require(metrics["classifier_transformer_parameter_count"] as? Int),
      try #require(metrics["classifier_block_without_attention_parameter_count"] as? Int),
      try #require(metrics["classifier_bag_of_bytes_parameter_count"] as? Int)
    )
    #expect(withBlock - without == 4 * (32 * 32 + 32) + 2 * 2 * 32 + (32 * 128 + 128) + (128 * 32 + 32))
    #expect(withBlock - withoutAttention == 4 * (32 * 32 + 32) + 2 * 32)

    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(
      Set(figures) == [
        "training-curves.svg", "context-length.svg", "attention-heatmaps.svg", "transformer-vs-lstm.svg", "classifier-accuracy.svg",
      ])
    try expectHeatmapsFitTheColumn(in: out)
  }

  /// The heatmaps are drawn no wider than the page's widest column (60rem, 960 px), so they are shown
  /// as drawn, labels at Plotting's 14 px; the names down a panel's y axis do not run into each other.
  private func expectHeatmapsFitTheColumn(in out: URL) throws {
    let svg = try String(contentsOf: out.appendingPathComponent("figures/attention-heatmaps.svg"), encoding: .utf8)
    let width = try figureWidth(of: svg)
    let labels = try figureLabels(in: svg)
    #expect(width > 0 && width <= 960, "drawn \(width) px wide")
    #expect(labels.allSatisfy { $0.fontSize >= 14 }, "\(labels.map(\.fontSize).min() ?? 0) px labels")
    #expect(labels.filter { $0.text.hasPrefix("block ") }.count == 8)
    // The first panel's y axis: the one-character names at the leftmost position.
    let axisNames = labels.filter { $0.text.count == 1 && $0.x < 100 }
    let left = try #require(axisNames.map(\.x).min())
    let stacked = axisNames.filter { abs($0.x - left) < 1 }.map(\.y).sorted()
    try #require(stacked.count >= 10)
    for (above, below) in zip(stacked, stacked.dropFirst()) { #expect(below - above >= 14, "\(above) → \(below)") }
  }

  /// Each gain the text cites is the difference of two models' final test accuracies, set against the
  /// binomial standard error of that difference, with a verdict that follows from the count of them.
  private func expectGainsFollowFromTheAccuracies(_ metrics: [String: Any], testCount: Int) throws {
    func final(_ model: String) throws -> Double {
      try #require(metrics["classifier_\(model)_final_accuracy"] as? Double)
    }
    for (key, better, baseline) in [
      ("classifier_block_gain", "transformer", "bag_of_bytes"),
      ("classifier_mlp_gain", "block_without_attention", "bag_of_bytes"),
      ("classifier_attention_gain", "transformer", "block_without_attention"),
    ] {
      let gain = try #require(metrics[key] as? [String: Any], "metrics.json lacks \(key)")
      let (top, bottom) = (try final(better), try final(baseline))
      let error = ((top * (1 - top) + bottom * (1 - bottom)) / Double(testCount)).squareRoot()
      let inErrors = try #require(gain["in_standard_errors"] as? Double)
      #expect(abs(try #require(gain["final"] as? Double) - (top - bottom)) < 1e-12, "\(key)")
      #expect(abs(try #require(gain["standard_error"] as? Double) - error) < 1e-12, "\(key)")
      #expect(abs(inErrors - (top - bottom) / error) < 1e-9, "\(key)")
      #expect(gain["last_epochs"] is Double, "\(key)")
      let verdict = try #require(gain["verdict"] as? String)
      #expect(verdict.hasPrefix("beyond two") == (inErrors >= 2), "\(key): \(inErrors) standard errors, \(verdict)")
      #expect(verdict.hasPrefix("within one") == (abs(inErrors) < 1), "\(key): \(inErrors) standard errors, \(verdict)")
      #expect(verdict.hasPrefix("a loss") == (inErrors < -1), "\(key): \(inErrors) standard errors, \(verdict)")
    }
    // Attention is credited with a gain only beyond two standard errors.
    let attention = try #require((metrics["classifier_attention_gain"] as? [String: Any])?["in_standard_errors"] as? Double)
    let conclusion = try #require(metrics["classifier_attention_conclusion"] as? String)
    #expect(conclusion.contains("what attention adds") == (attention >= 2), "\(attention): \(conclusion)")
  }

  @Test func sameSeedSameNumbers() throws {
    let (first, second) = (temporaryOutputFolder("attention"), temporaryOutputFolder("attention"))
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try runChapter("attention", ["--quick", "--seed", "3", "--out", first.path]).status == 0)
    #expect(try runChapter("attention", ["--quick", "--seed", "3", "--out", second.path]).status == 0)
    /// Everything but the timings: seconds, milliseconds, rates, the load, and ratios of times.
    func deterministic(_ folder: URL) throws -> NSDictionary {
      let marks = ["milliseconds", "per_second", "load_average", "time_ratio", "per_byte"]
      return withoutTimings(try readMetrics(in: folder).filter { entry in !marks.contains { entry.key.contains($0) } })
    }
    #expect(try deterministic(first) == deterministic(second))
  }

  @Test func missingDataNamesTheFolder() throws {
    let out = temporaryOutputFolder("attention")
    let missing = temporaryOutputFolder("attention-data")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("attention", ["--quick", "--data", missing.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(missing.path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }

  @Test func aDataFolderWithoutTheClassifiersFilesNamesTheFile() throws {
    let out = temporaryOutputFolder("attention")
    let data = temporaryOutputFolder("attention-data")
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: data)
    }
    // Enough text for the language model, but no fortune file named zippy or platitudes.
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let text = String(repeating: "A fortune of some length.\n%\n", count: 2000)
    try text.write(to: data.appendingPathComponent("other"), atomically: true, encoding: .utf8)
    let result = try runChapter("attention", ["--quick", "--data", data.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(data.appendingPathComponent("zippy").path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }
}
