import Foundation
import Testing

/// Chapter 2's quick run: its outputs, its gradient table and its article check.
@Suite("Chapter 2 (backprop)", .serialized)
struct BackpropChapterTests {
  /// Runs `backprop --quick` into a fresh folder and returns its metrics.json and the folder.
  private func quickRun(seed: Int = 42) throws -> (metrics: [String: Any], out: URL) {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-\(UUID().uuidString)")
    let process = Process()
    process.executableURL = chapterExecutable("backprop")
    process.arguments = ["--quick", "--seed", "\(seed)", "--out", out.path]
    process.standardOutput = FileHandle.nullDevice
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(errorText)")
    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    return (try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]), out)
  }

  @Test func quickRunWritesTheContractsOutputs() throws {
    let (metrics, out) = try quickRun()
    defer { try? FileManager.default.removeItem(at: out) }
    try expectChineseTwins(in: out, chapter: "backprop")
    for key in ["chapter", "seed", "epochs", "epoch_seconds", "train_loss", "test_accuracy", "gradients", "article_check"] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(metrics["chapter"] as? String == "backprop")
    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == ["training-loss.svg", "gradient-norms.svg"])
    let transcript = try String(contentsOf: out.appendingPathComponent("transcript.txt"), encoding: .utf8)
    #expect(transcript.contains("One gradient, five ways"))
  }

  @Test func everyMethodAgreesWithTheHandDerivedGradients() throws {
    let (metrics, out) = try quickRun(seed: 7)
    defer { try? FileManager.default.removeItem(at: out) }
    let largest = try #require(metrics["largest_difference"] as? [String: [String: Double]])
    for loss in ["squared_error", "cross_entropy"] {
      let differences = try #require(largest[loss])
      #expect(differences["scalar_engine"]! < 1e-12)
      #expect(differences["swift_differentiation"]! < 1e-12)
      #expect(differences["finite_differences"]! < 1e-8)
      #expect(differences["tensor_core"]! < 1e-5)  // Float32
    }
    let check = try #require(metrics["article_check"] as? [String: Double])
    #expect(check["sign_negated_gradient_error"]! < 1e-8, "the article's delta gives exactly −∇J")
    #expect(check["loss_after_article_updates"]! > check["loss_start"]!)
    #expect(check["loss_after_correct_updates"]! < check["loss_start"]!)
    // The text: 001's three lines as printed climb the loss too; 002's xᵢ gradient still lowers it.
    #expect(check["loss_after_printed_updates"]! > check["loss_start"]!)
    #expect(check["loss_after_input_weight_gradient"]! < check["loss_start"]!)
    #expect(check["recursion_corrected_error"]! < 1e-8 && check["recursion_error"]! > 1e-4)
    #expect(check["activation_weight_gradient_error"]! < 1e-8 && check["input_weight_gradient_error"]! > 1e-4)
  }

  @Test func theVanishingGradientIsExplainedByItsFactors() throws {
    let (metrics, out) = try quickRun()
    defer { try? FileManager.default.removeItem(at: out) }
    let deep = try #require(metrics["deep_gradient_norms"] as? [String: [String: Any]])
    func perLayerFactor(_ activation: String) throws -> Double {
      try #require(deep[activation]?["delta_factor_per_layer"] as? Double)
    }
    // The text's story: sigmoid's δ shrinks by less than the 1/4 bound allows per layer,
    // and far faster than tanh's or ReLU's.
    #expect(try perLayerFactor("sigmoid") < 0.25)
    #expect(try perLayerFactor("sigmoid") < perLayerFactor("tanh") / 2)
    #expect(try perLayerFactor("sigmoid") < perLayerFactor("relu") / 2)
    // δ really shrinks from the output down, layer by layer, for the sigmoid.
    let deltas = try #require(deep["sigmoid"]?["delta_norms"] as? [Double])
    #expect(zip(deltas, deltas.dropFirst()).allSatisfy { $0 < $1 }, "\(deltas)")
    // ReLU's inputs' factor is the last layer's cancellation: inputs mostly common to every
    // point, an output δ whose common part nearly vanishes; not so for the sigmoid.
    func share(_ activation: String, _ key: String) throws -> Double {
      try #require(deep[activation]?[key] as? Double)
    }
    #expect(try share("relu", "input_factor") > 1 && share("sigmoid", "input_factor") < 1)
    #expect(try share("relu", "last_input_mean_share") > 0.5)
    #expect(try share("relu", "output_delta_mean_share") < share("sigmoid", "output_delta_mean_share") / 4)
  }

  @Test func theLayerCountIsRecordedAsAnInteger() throws {
    let (_, out) = try quickRun()
    defer { try? FileManager.default.removeItem(at: out) }
    // A count stored as a Double prints as "10.0 steps" in the text.
    let text = try String(contentsOf: out.appendingPathComponent("metrics.json"), encoding: .utf8)
    let values = text.components(separatedBy: "\"layer_steps\":").dropFirst().map {
      $0.prefix { $0 != "," && $0 != "\n" && $0 != "}" }.trimmingCharacters(in: .whitespaces)
    }
    #expect(values.count == 3)
    #expect(values.allSatisfy { Int($0) != nil }, "\(values)")
  }

  @Test func theTrainingIsMeasuredAgainstTheBestPossibleAndTheWholeSetsGradient() throws {
    let (metrics, out) = try quickRun()
    defer { try? FileManager.default.removeItem(at: out) }
    // Φ(−2) from a table of the normal distribution: the noise is 0.5, the centres 1 from each axis.
    let noise = try #require(metrics["noise"] as? Double)
    #expect(noise == 0.5)
    let q = 0.022750131948179
    let bayes = try #require(metrics["bayes_accuracy"] as? Double)
    #expect(abs(bayes - (1 - 2 * q * (1 - q))) < 1e-9, "\(bayes)")
    // The best rule's score on the 400 test points is a sample of the same accuracy.
    let sampled = try #require(metrics["bayes_rule_test_accuracy"] as? Double)
    #expect(abs(sampled - bayes) < 0.03, "\(sampled) vs \(bayes)")
    // The text says a mini-batch's gradient is mostly sampling noise: larger than the whole set's.
    for layer in ["w1", "w2"] {
      let ratio = try #require(metrics["minibatch_over_full_batch_\(layer)"] as? Double)
      #expect(ratio > 1, "\(layer): \(ratio)")
      let wholeSet = try #require(metrics["full_batch_gradient_norm_\(layer)"] as? [Double])
      #expect(wholeSet.count == metrics["epochs"] as? Int)
    }
    // The article check counts the epochs whose loss rose: a count among the epochs' steps.
    let rises = try #require(metrics["train_loss_rises"] as? Int)
    #expect(rises >= 0 && rises < (metrics["epochs"] as? Int)!)
  }
}
