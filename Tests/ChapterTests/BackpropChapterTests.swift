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
    #expect(check["recursion_corrected_error"]! < 1e-8 && check["recursion_error"]! > 1e-4)
    #expect(check["activation_weight_gradient_error"]! < 1e-8 && check["input_weight_gradient_error"]! > 1e-4)
  }

  @Test func theVanishingGradientIsExplainedByItsFactors() throws {
    let (metrics, out) = try quickRun()
    defer { try? FileManager.default.removeItem(at: out) }
    let deep = try #require(metrics["deep_gradient_norms"] as? [String: [String: Any]])
    // δ's norms, output last: the per-layer factor is their geometric mean step.
    for activation in ["sigmoid", "tanh", "relu"] {
      let norms = try #require(deep[activation])
      let deltas = try #require(norms["delta_norms"] as? [Double])
      let perLayer = try #require(norms["delta_factor_per_layer"] as? Double)
      let expected = pow(deltas[0] / deltas[deltas.count - 1], 1 / Double(deltas.count - 1))
      #expect(abs(perLayer / expected - 1) < 1e-9, "\(activation): \(perLayer) vs \(expected)")
    }
    let sigmoid = try #require(deep["sigmoid"])
    #expect((sigmoid["mean_derivative"] as? Double ?? 1) <= 0.25, "σ′ never exceeds 1/4")
    #expect((sigmoid["delta_factor_per_layer"] as? Double ?? 1) < 0.25)
    // Backward: 2L − 1 products against the forward's L.
    let layers = try #require(metrics["backward_cost_layers"] as? Double)
    #expect(metrics["backward_cost_multiply_add_ratio"] as? Double == (2 * layers - 1) / layers)
  }
}
