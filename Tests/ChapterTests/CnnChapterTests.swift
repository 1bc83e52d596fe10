import Foundation
import Testing

@Suite("Chapter 4 (cnn)", .serialized)
struct CnnChapterTests {
  @Test func quickRunWritesTheMetricsAndFiguresTheTextCites() throws {
    let out = temporaryOutputFolder("cnn")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("cnn", ["--quick", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "cnn")

    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    let metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(metrics["chapter"] as? String == "cnn")
    expectPeerFiguresFromElsewhere(metrics)
    for key in [
      "seed", "epochs", "epoch_seconds", "train_loss", "test_accuracy", "test_loss_per_epoch", "confusion_matrix",
      "precision", "recall", "f1", "layers", "mlp_test_accuracy", "mlp_epoch_seconds", "patch_matrix",
      "pool_example_mask",
    ] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(metrics["train_count"] as? Int == 1_000)
    #expect(metrics["test_count"] as? Int == 500)
    // The Keras summary() total of article 004's network, and chapter 3's MLP.
    #expect(metrics["parameter_count"] as? Int == 93_322)
    #expect(metrics["mlp_parameter_count"] as? Int == 784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10)
    // Article 003's worked example, recomputed: two windows, 3 and 5.
    #expect(metrics["example_valid"] as? [Double] == [3, 5])
    #expect(metrics["example_core_agrees"] as? Bool == true)
    #expect(metrics["output_size_formula_agrees"] as? Bool == true)
    #expect((metrics["naive_conv2d_max_difference"] as? Double ?? 1) < 1e-4)
    #expect(metrics["conv2d_gradient_passed"] as? Bool == true)
    // The check covers filter, input and bias on each of conv2d's three paths.
    #expect(metrics["conv2d_gradient_paths"] as? String == "im2col, direct, Winograd")
    #expect(metrics["maxpool_gradient_passed"] as? Bool == true)
    #expect(metrics["pool_example_mask"] as? [[Int]] == [[0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0]])
    let confusion = try #require(metrics["confusion_matrix"] as? [[Int]])
    #expect(confusion.count == 10 && confusion.joined().reduce(0, +) == 500)
    // The two kinds of mistakes add up to each network's mistakes, counted another way.
    let mistakes = try #require(metrics["misclassified_count"] as? Int)
    #expect((metrics["upper_body_mistakes"] as? Int ?? -1) + (metrics["cnn_other_mistakes"] as? Int ?? -1) == mistakes)
    let mlpAccuracy = try #require(metrics["mlp_test_accuracy"] as? Double)
    let mlpMistakes = (metrics["mlp_upper_body_mistakes"] as? Int ?? -1) + (metrics["mlp_other_mistakes"] as? Int ?? -1)
    #expect(mlpMistakes == Int(((1 - mlpAccuracy) * 500).rounded()))
    // Whole steps, timed beside the layers: each costs more than Adam's update alone.
    let adam = try #require(metrics["profiled_adam_milliseconds"] as? Double)
    for key in ["profiled_step_milliseconds", "profiled_whole_batch_step_milliseconds"] {
      #expect((metrics[key] as? Double ?? 0) > adam, "\(key) is not above Adam's \(adam) ms")
    }
    #expect((metrics["test_accuracy_rises"] as? Int ?? -1) == 0 && metrics["epochs_after_the_first"] as? Int == 0)

    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == [
      "training-curves.svg", "confusion-matrix.svg", "class-scores.svg", "misclassified.svg", "first-layer-filters.svg",
      "feature-maps-input.svg", "feature-maps-conv1.svg", "feature-maps-pool1.svg", "feature-maps-conv2.svg",
      "feature-maps-pool2.svg", "feature-maps-conv3.svg", "cnn-vs-mlp.svg",
    ])
    // The input image's figure names its class at the title's size, no label under Plotting's 14 px:
    // a page shows it no larger than drawn, so an 11 px caption was the smallest text on the page.
    let input = try String(contentsOf: out.appendingPathComponent("figures/feature-maps-input.svg"), encoding: .utf8)
    let labels = try figureLabels(in: input)
    let className = try #require(metrics["feature_map_image_class"] as? String)
    #expect(labels.contains { $0.text.hasSuffix(": \(className)") }, "\(labels.map(\.text))")
    #expect(!labels.isEmpty && labels.allSatisfy { $0.fontSize >= 14 }, "\(labels)")
    #expect(try figureWidth(of: input) >= 300)
  }

  @Test func sameSeedSameNumbers() throws {
    let (first, second) = (temporaryOutputFolder("cnn"), temporaryOutputFolder("cnn"))
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try runChapter("cnn", ["--quick", "--seed", "3", "--out", first.path]).status == 0)
    #expect(try runChapter("cnn", ["--quick", "--seed", "3", "--out", second.path]).status == 0)
    /// Everything but the timings: epoch and layer times, throughput, the load, and ratios of times.
    #expect(try withoutTimings(readMetrics(in: first)) == withoutTimings(readMetrics(in: second)))
  }

  @Test func missingDataNamesTheFileAndThePackage() throws {
    let empty = temporaryOutputFolder("cnn")
    let out = temporaryOutputFolder("cnn")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer {
      try? FileManager.default.removeItem(at: empty)
      try? FileManager.default.removeItem(at: out)
    }
    let result = try runChapter("cnn", ["--quick", "--data", empty.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(empty.path + "/train-images-idx3-ubyte"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }
}
