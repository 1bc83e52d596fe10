import Foundation
import Testing

@Suite("Chapter 3 (cross-entropy)", .serialized)
struct CrossEntropyChapterTests {
  @Test func quickRunWritesTheMetricsAndFiguresTheTextCites() throws {
    let out = temporaryOutputFolder("cross-entropy")
    defer { try? FileManager.default.removeItem(at: out) }
    // Four epochs: an even count, whose median is the mean of two, and a second half with changes in it.
    let result = try runChapter("cross-entropy", ["--quick", "--epochs", "4", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "cross-entropy")

    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    let metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(metrics["chapter"] as? String == "cross-entropy")
    expectPeerFiguresFromElsewhere(metrics, sourceKey: "pytorch_seed_source")
    for key in [
      "seed", "epochs", "epoch_seconds", "train_loss", "test_accuracy", "test_loss_per_epoch", "confusion_matrix",
      "precision", "recall", "f1", "logistic_gradient_formula_error", "softmax_gradient_formula_error",
      "large_naive_softmax", "large_stable_softmax", "article_input_accepted",
    ] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(metrics["train_count"] as? Int == 2_000)
    #expect(metrics["test_count"] as? Int == 1_000)
    #expect(metrics["parameter_count"] as? Int == 784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10)
    // The derived gradients agree with backward(), and the naive softmax fails where the stable one does not.
    #expect((metrics["logistic_gradient_formula_error"] as? Double ?? 1) < 1e-5)
    #expect((metrics["softmax_gradient_formula_error"] as? Double ?? 1) < 1e-5)
    #expect(metrics["large_naive_loss"] as? String == "∞")
    #expect(metrics["large_stable_loss"] as? Double == 1000)
    // The seed spread: the run itself first, then the next seeds, each trained to its own accuracy.
    #expect(metrics["seed_spread_seeds"] as? [Int] == [42, 43, 44])
    let spread = try #require(metrics["seed_spread_test_accuracy"] as? [Double])
    #expect(spread.count == 3 && spread.first == metrics["test_accuracy"] as? Double)
    #expect(spread.allSatisfy { $0 > 0.3 && $0 < 1 }, "\(spread)")
    #expect(Set(spread).count > 1, "different seeds should not train to identical accuracies: \(spread)")
    // Keras's defaults retrain the first seeds; each difference is against the run from the same seed.
    #expect(metrics["keras_defaults_seeds"] as? [Int] == [42, 43])
    let keras = try #require(metrics["keras_defaults_test_accuracy"] as? [Double])
    let kerasDifferences = zip(keras, spread).map { $0 - $1 }
    // (to 1e-12: the accuracies went through JSON's shortest decimal form)
    #expect(abs((metrics["keras_defaults_difference_min"] as? Double ?? 1) - kerasDifferences.min()!) < 1e-12)
    #expect(abs((metrics["keras_defaults_difference_max"] as? Double ?? 1) - kerasDifferences.max()!) < 1e-12)
    // exp rounds to 0 at the recorded threshold and not one Float above it.
    let zeroBelow = Float(try #require(metrics["float_exp_zero"] as? Double))
    #expect(exp(zeroBelow) == 0 && exp(zeroBelow.nextUp) > 0, "\(zeroBelow)")
    #expect(metrics["article_test_input_shape"] as? [Int] == [10_000, 28, 28])
    // The median epoch of four is the mean of the two middle ones.
    let epochSeconds = try #require(metrics["epoch_seconds"] as? [Double]).sorted()
    #expect(epochSeconds.count == 4)
    #expect(abs((metrics["median_epoch_seconds"] as? Double ?? 0) - (epochSeconds[1] + epochSeconds[2]) / 2) < 1e-12)
    // Late epoch-to-epoch changes (the second half of four epochs: epoch 3→4): the drawn run's own, the largest over all runs,
    // and the other seeds' test-loss changes, which training from other weights makes nonzero.
    for (curveKey, ownKey) in [
      ("test_accuracy_per_epoch", "late_epoch_change_max"), ("test_loss_per_epoch", "late_test_loss_change_max"),
    ] {
      let curve = try #require(metrics[curveKey] as? [Double])
      let own = abs(curve[3] - curve[2])
      #expect(abs((metrics[ownKey] as? Double ?? -1) - own) < 1e-12, "\(ownKey): \(curve)")
    }
    let ownAccuracyChange = try #require(metrics["late_epoch_change_max"] as? Double)
    #expect((metrics["seed_spread_late_epoch_change_max"] as? Double ?? -1) >= ownAccuracyChange)
    let otherLossChange = try #require(metrics["other_seeds_late_test_loss_change_max"] as? Double)
    #expect(otherLossChange > 0 && otherLossChange < 1, "\(otherLossChange)")
    let confusion = try #require(metrics["confusion_matrix"] as? [[Int]])
    #expect(confusion.count == 10 && confusion.joined().reduce(0, +) == 1_000)

    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == [
      "binary-cross-entropy.svg", "training-curves.svg", "confusion-matrix.svg", "class-scores.svg", "misclassified.svg",
      "seed-spread.svg",
    ])
  }

  @Test func sameSeedSameNumbers() throws {
    let (first, second) = (temporaryOutputFolder("cross-entropy"), temporaryOutputFolder("cross-entropy"))
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try runChapter("cross-entropy", ["--quick", "--seed", "3", "--out", first.path]).status == 0)
    #expect(try runChapter("cross-entropy", ["--quick", "--seed", "3", "--out", second.path]).status == 0)
    #expect(try withoutTimings(readMetrics(in: first)) == withoutTimings(readMetrics(in: second)))
  }

  /// The main run from a seed is the network the seed spread trains from that seed: its weights come
  /// from a generator of its own, not from the chapter's after the earlier sections have drawn from it.
  @Test func theMainRunIsTheSeedSpreadsRunFromTheSameSeed() throws {
    let (base, next) = (temporaryOutputFolder("cross-entropy"), temporaryOutputFolder("cross-entropy"))
    defer {
      try? FileManager.default.removeItem(at: base)
      try? FileManager.default.removeItem(at: next)
    }
    #expect(try runChapter("cross-entropy", ["--quick", "--seed", "42", "--out", base.path]).status == 0)
    #expect(try runChapter("cross-entropy", ["--quick", "--seed", "43", "--out", next.path]).status == 0)
    func metrics(_ folder: URL) throws -> [String: Any] {
      let data = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
    let spread = try #require(try metrics(base)["seed_spread_test_accuracy"] as? [Double])  // seeds 42, 43, 44
    let mainRun = try #require(try metrics(next)["test_accuracy"] as? Double)  // seed 43
    #expect(mainRun == spread[1], "seed 43: main run \(mainRun), seed spread's run \(spread[1])")
  }

  /// Ctrl-C during training stops between two steps, keeps the last epoch's checkpoint and writes no metrics.
  @Test func interruptedTrainingKeepsTheCheckpoint() throws {
    let out = temporaryOutputFolder("cross-entropy")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter(
      "cross-entropy", ["--quick", "--epochs", "500", "--json", "--out", out.path], interruptingWhen: "epoch 1/500")
    #expect(result.status != 0)
    let lastLine = result.errors.split(separator: "\n").last.map(String.init) ?? ""
    #expect(lastLine.contains("interrupted at epoch") && lastLine.contains("--resume"), "\(lastLine)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("checkpoint.safetensors").path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }

  /// Ctrl-C after training, while the seed spread trains its own networks: the chapter stops there and writes nothing.
  @Test func interruptedAfterTrainingWritesNothing() throws {
    let out = temporaryOutputFolder("cross-entropy")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter(
      "cross-entropy", ["--quick", "--json", "--out", out.path], interruptingWhen: "How much of the accuracy is the seed?")
    #expect(result.status != 0)
    let lastLine = result.errors.split(separator: "\n").last.map(String.init) ?? ""
    #expect(lastLine.contains("interrupted before the end"), "\(lastLine)")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("figures").path))
  }

  @Test func missingDataNamesTheFileAndThePackage() throws {
    let empty = temporaryOutputFolder("cross-entropy")
    let out = temporaryOutputFolder("cross-entropy")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer {
      try? FileManager.default.removeItem(at: empty)
      try? FileManager.default.removeItem(at: out)
    }
    let result = try runChapter("cross-entropy", ["--quick", "--data", empty.path, "--out", out.path])
    #expect(result.status != 0)
    let lines = result.errors.split(separator: "\n")
    #expect(lines.count == 1, "\(result.errors)")
    #expect(result.errors.contains(empty.path + "/train-images-idx3-ubyte"))
    #expect(result.errors.contains("dataset-fashion-mnist") || result.errors.contains("--data"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }
}
