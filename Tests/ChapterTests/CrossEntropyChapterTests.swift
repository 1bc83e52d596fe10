import Foundation
import Testing

@Suite("Chapter 3 (cross-entropy)", .serialized)
struct CrossEntropyChapterTests {
  @Test func quickRunWritesTheMetricsAndFiguresTheTextCites() throws {
    let out = temporaryOutputFolder("cross-entropy")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("cross-entropy", ["--quick", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")

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
    func withoutTimings(_ folder: URL) throws -> NSDictionary {
      let data = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
      let metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      return NSDictionary(dictionary: metrics.filter { !$0.key.contains("seconds") })
    }
    #expect(try withoutTimings(first) == withoutTimings(second))
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
