import Foundation
import Testing

@Suite("Chapter 5 (generalization)", .serialized)
struct GeneralizationChapterTests {
  @Test func quickRunWritesTheMetricsAndFiguresTheTextCites() throws {
    let out = temporaryOutputFolder("generalization")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("generalization", ["--quick", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "generalization")

    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    let metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(metrics["chapter"] as? String == "generalization")
    for key in [
      "seed", "epochs", "epoch_seconds", "train_loss", "test_accuracy", "early_stopping_epoch", "auc_macro", "auc",
      "precision", "recall", "f1", "optimism_mean", "curve_gap", "kfold_mean_accuracy", "learning_rate_validation_accuracy",
      "batch_size_validation_accuracy", "cnn_baseline_test_accuracy", "cnn_augmentation_test_accuracy",
    ] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    // The baseline and every remedy, on validation and on test, under names that say which.
    for remedy in ["baseline", "l2", "weight_decay", "dropout", "augmentation", "more_data"] {
      for set in ["validation", "test"] {
        let accuracy = try #require(metrics["\(remedy)_\(set)_accuracy"] as? Double, "no \(remedy)_\(set)_accuracy")
        #expect((0...1).contains(accuracy))
      }
    }
    // Quick: 500 training images, 1,000 validation images held out of the first 4,000 class by class, 1,000 test images.
    #expect(metrics["train_count"] as? Int == 500)
    let perClass = try #require(metrics["validation_per_class"] as? [Int])
    #expect(perClass.count == 10 && perClass.reduce(0, +) == 1_000)
    #expect(metrics["test_count"] as? Int == 1_000)
    #expect(metrics["test_half_count"] as? Int == 500)
    // The run the text draws, trained by CourseKit's loop, is the first seed of the comparison, trained quietly.
    #expect(metrics["baseline_runs_agree"] as? Bool == true)
    #expect(metrics["dropout_demo_evaluation_is_identity"] as? Bool == true)
    // Every sweep offers strength 0 (the baseline itself); each remedy's row runs a strength above 0.
    for sweep in ["l2", "weight_decay", "dropout"] {
      #expect((metrics["\(sweep)_strengths"] as? [Double])?.first == 0, "\(sweep) sweep lacks strength 0")
    }
    for key in ["l2_remedy_strength", "weight_decay_remedy_strength", "dropout_remedy_rate"] {
      #expect((metrics[key] as? Double ?? 0) > 0, "\(key) is not above 0")
    }
    // 5 × 5 shifts, twice for a class that may be mirrored; one epoch shows each image once, so nothing repeats.
    #expect(metrics["augmentation_versions_flippable"] as? Int == 50)
    #expect(metrics["augmentation_versions_footwear"] as? Int == 25)
    #expect(metrics["augmentation_distinct_versions_mean"] as? Double == 1)
    #expect(metrics["augmentation_repeated_draw_share"] as? Double == 0)
    #expect(metrics["baseline_gap_after_cnn_epochs"] is Double && metrics["sgd_tenfold_train_loss"] is [Double])
    #expect(metrics["baseline_test_spread_after_cnn_epochs"] is Double)
    // Words the text takes from the run, each with its Chinese twin.
    for key in [
      "big_models_verdict", "big_models_reason", "cnn_gap_against_mlp", "cnn_test_difference_against_spread",
      "sgd_tenfold_share_words", "dropout_runner_up_margin_against_spread", "dropout_last_margin_against_spread",
      "l2_runner_up_margin_against_spread", "weight_decay_runner_up_margin_against_spread", "l2_mean_against_spread",
      "weight_decay_mean_against_spread", "dropout_mean_against_spread", "augmentation_mean_against_spread",
      "cnn_flips_mean_against_spread",
    ] {
      #expect(metrics[key] is String && metrics[key + "@zh"] is String, "\(key) or its Chinese twin is missing")
    }
    let auc = try #require(metrics["auc"] as? [Double])
    #expect(auc.count == 10 && auc.allSatisfy { (0...1).contains($0) })
    #expect(abs((metrics["auc_macro"] as? Double ?? 0) - auc.reduce(0, +) / 10) < 1e-12)
    // One epoch: nothing to choose between, so choosing on the test set cannot flatter.
    #expect(metrics["optimism_mean"] as? Double == 0)
    #expect(metrics["early_stopping_epoch"] as? Int == 1)

    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == [
      "train-validation-gap.svg", "learning-curves.svg", "remedies.svg", "choosing-on-test.svg", "optimization.svg",
      "roc.svg",
    ])
  }

  @Test func sameSeedSameNumbers() throws {
    let (first, second) = (temporaryOutputFolder("generalization"), temporaryOutputFolder("generalization"))
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try runChapter("generalization", ["--quick", "--seed", "3", "--out", first.path]).status == 0)
    #expect(try runChapter("generalization", ["--quick", "--seed", "3", "--out", second.path]).status == 0)
    #expect(try withoutTimings(readMetrics(in: first)) == withoutTimings(readMetrics(in: second)))
  }

  @Test func missingDataNamesTheFileAndThePackage() throws {
    let empty = temporaryOutputFolder("generalization")
    let out = temporaryOutputFolder("generalization")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer {
      try? FileManager.default.removeItem(at: empty)
      try? FileManager.default.removeItem(at: out)
    }
    let result = try runChapter("generalization", ["--quick", "--data", empty.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(empty.path + "/train-images-idx3-ubyte"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }

  @Test func badFlagsAreRejected() throws {
    let zero = try runChapter("generalization", ["--epochs", "0"])
    #expect(zero.status != 0)
    #expect(zero.errors.contains("--epochs must be between 1 and 10000"))
    let unknown = try runChapter("generalization", ["--dropout", "0.5"])
    #expect(unknown.status != 0)
    #expect(unknown.errors.contains("--dropout"))
  }
}
