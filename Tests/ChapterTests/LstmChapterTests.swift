import Foundation
import Testing

@Suite("Chapter 6 (lstm)", .serialized)
struct LstmChapterTests {
  @Test func quickRunWritesTheMetricsAndFiguresTheTextCites() throws {
    let out = temporaryOutputFolder("lstm")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("lstm", ["--quick", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "lstm")

    let metrics = try readMetrics(in: out)
    #expect(metrics["chapter"] as? String == "lstm")
    expectPeerFiguresFromElsewhere(metrics)
    for key in [
      "seed", "epochs", "epoch_seconds", "train_loss", "val_bpc", "val_bpc_per_epoch", "samples", "generation_seconds",
      "gradient_norms_rnn", "gradient_norms_lstm_trained", "step_profile", "rnn_example",
    ] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(metrics["train_windows"] as? Int == 128)
    #expect(metrics["vocabulary_size"] as? Int == 114)
    // Embedding 114×64, LSTM 64×512 + 128×512 + 512, Dense 128×114 + 114.
    #expect(metrics["parameter_count"] as? Int == 114 * 64 + 64 * 512 + 128 * 512 + 512 + 128 * 114 + 114)
    // Article 003's example, recomputed: σ(1), σ(2 + σ(1)), σ(3 + …).
    let states = try #require(metrics["rnn_example_states"] as? [Double])
    #expect(states.count == 3 && abs(states[0] - 1 / (1 + exp(-1))) < 1e-12)
    #expect(metrics["rnn_example_tensor_agrees"] as? Bool == true)
    // A plain RNN's gradient fades faster than an LSTM's.
    let rnn = try #require(metrics["gradient_norms_rnn"] as? [Double])
    let lstm = try #require(metrics["gradient_norms_lstm_untrained"] as? [Double])
    #expect(rnn.count == 64 && rnn[40] / rnn[0] < lstm[40] / lstm[0])
    // The curve of the model before training comes from a copy of its first weights, which the
    // optimizer's in-place updates must not reach: an alias would draw the trained curve twice.
    let initial = try #require(metrics["gradient_norms_lstm_initial"] as? [Double])
    let trained = try #require(metrics["gradient_norms_lstm_trained"] as? [Double])
    #expect(initial.count == 64 && initial != trained)
    // The text cites each untrained curve's mean factor per step, the trained curve's lowest point
    // and the trained forget gates, all measured by the run.
    let decay = try #require(metrics["gradient_decay_per_step"] as? [String: Double])
    #expect(Set(decay.keys) == ["rnn", "lstm_untrained", "lstm_initial", "lstm_trained"])
    #expect(decay.values.allSatisfy { $0 > 0 && $0 < 1 })
    let relative = try #require(metrics["relative_gradient"] as? [String: Any])
    let minimumDistance = try #require(relative["lstm_trained_minimum_distance"] as? Int)
    let minimum = try #require(relative["lstm_trained_minimum"] as? Double)
    #expect(abs(minimum - trained[minimumDistance] / trained[0]) <= 1e-9 * minimum)
    #expect(trained.allSatisfy { $0 / trained[0] >= minimum * (1 - 1e-9) })
    let forgetMean = try #require(metrics["trained_forget_gate_mean"] as? Double)
    let forgetShare = try #require(metrics["trained_forget_gate_share_above_0_9"] as? Double)
    #expect(forgetMean > 0 && forgetMean < 1 && forgetShare >= 0 && forgetShare <= 1)
    let forgetUnits = try #require(metrics["trained_forget_gate_units_above_0_9"] as? Int)
    #expect(abs(Double(forgetUnits) / 128 - forgetShare) < 1e-9, "the count and the share of 128 units agree")
    // Each cell's mean gate lies below its highest unit's, and the text's reading follows the numbers.
    for cell in ["untrained", "initial", "trained"] {
      let mean = try #require(metrics["\(cell)_forget_gate_mean"] as? Double)
      let highest = try #require(metrics["\(cell)_forget_gate_highest_unit_mean"] as? Double)
      #expect(mean > 0 && mean <= highest && highest < 1, "\(cell): mean \(mean), highest unit \(highest)")
    }
    let untrainedHighest = try #require(metrics["untrained_forget_gate_highest_unit_mean"] as? Double)
    let untrainedPosition = try #require(metrics["untrained_decay_position"] as? String)
    #expect((decay["lstm_untrained"]! > untrainedHighest) == untrainedPosition.hasPrefix("above even"))
    // The initialization ablation: four starting points, and the embedding swaps change the score.
    let ablation = try #require(metrics["initialization_ablation"] as? [String: Double])
    #expect(Set(ablation.keys) == ["pytorch", "keras", "keras_normal_embedding", "pytorch_small_embedding"])
    #expect(ablation.values.allSatisfy { $0.isFinite && $0 > 0 })
    #expect(ablation["keras_normal_embedding"] != ablation["keras"])
    #expect(ablation["pytorch_small_embedding"] != ablation["pytorch"])
    let accuracy = try #require(metrics["val_accuracy"] as? Double)
    #expect(accuracy > 0 && accuracy < 1)

    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == ["loss-curve.svg", "vanishing-gradients.svg"])
  }

  @Test func sameSeedSameNumbers() throws {
    let (first, second) = (temporaryOutputFolder("lstm"), temporaryOutputFolder("lstm"))
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try runChapter("lstm", ["--quick", "--seed", "3", "--out", first.path]).status == 0)
    #expect(try runChapter("lstm", ["--quick", "--seed", "3", "--out", second.path]).status == 0)
    let timingMarks = ["seconds", "milliseconds", "per_second", "load_average", "step_profile", "time_share"]
    func withoutTimes(_ folder: URL) throws -> NSDictionary {
      NSDictionary(dictionary: try readMetrics(in: folder).filter { entry in !timingMarks.contains { entry.key.contains($0) } })
    }
    #expect(try withoutTimes(first) == withoutTimes(second))
  }

  @Test func missingTextNamesTheFolder() throws {
    let empty = temporaryOutputFolder("lstm")
    let out = temporaryOutputFolder("lstm")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer {
      try? FileManager.default.removeItem(at: empty)
      try? FileManager.default.removeItem(at: out)
    }
    let result = try runChapter("lstm", ["--quick", "--data", empty.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(empty.path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }
}
