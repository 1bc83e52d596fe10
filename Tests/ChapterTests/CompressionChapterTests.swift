import Foundation
import Testing

@Suite("Chapter 8 (compression)", .serialized)
struct CompressionChapterTests {
  @Test func quickRunWritesTheMetricsFiguresAndInt8Model() throws {
    let out = temporaryOutputFolder("compression")
    defer { try? FileManager.default.removeItem(at: out) }
    // Where PyTorch imports, the same quick run also quantizes with it: one debug quick run is minutes long.
    let result = try runChapter("compression", ["--quick", "--out", out.path] + (Self.pytorchImports ? ["--compare-pytorch"] : []))
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "compression")

    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    let metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(metrics["chapter"] as? String == "compression")
    for key in [
      "seed", "epochs", "epoch_seconds", "float_test_accuracy", "int8_test_accuracy", "int8_size_ratio", "int8_speedup",
      "int8_speedup_batch_1", "pruned_90_test_accuracy", "student_distilled_test_accuracy", "student_labels_test_accuracy",
      "pruned_global_test_accuracy", "pruned_per_layer_test_accuracy", "structured_test_accuracy", "structured_speedup",
      "simulated_int8_test_accuracy", "layer_multiply_adds", "distillation_paired_gains_points", "medians_check_factor",
    ] {
      #expect(metrics[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(metrics["test_count"] as? Int == 200)
    // Chapter 4's network, and the multiply-adds of its layers for one image.
    #expect(metrics["parameter_count"] as? Int == 93_322)
    #expect(metrics["layer_multiply_adds"] as? [Int] == [26 * 26 * 9 * 32, 11 * 11 * 288 * 64, 9 * 576 * 64, 576 * 64, 640])
    // Integer sums are exact: every kernel of this processor, and the reloaded file, give the same logits.
    #expect(metrics["int8_kernels_agree"] as? Bool == true)
    #expect(metrics["int8_reload_identical"] as? Bool == true)
    #expect((metrics["int8_simulated_prediction_agreement"] as? Double ?? 0) > 0.99)
    let ratio = try #require(metrics["int8_size_ratio"] as? Double)
    #expect(ratio > 0.25 && ratio <= 0.27, "int8 file is \(ratio) of the float32 file")
    // 90 % of the weights removed: 10 % of 93,088 weights (biases are kept) remain after fine-tuning.
    #expect(metrics["pruned_90_remaining_weights"] as? Int == 93_088 - Int((0.9 * 93_088).rounded()))
    #expect(metrics["structured_filters"] as? [Int] == [16, 32, 32])
    // The sentence on where the time goes names the layers this run's own profile found slowest.
    let timeShares = try #require(metrics["layer_time_share"] as? [Double])
    let layerNames = try #require(metrics["layer_names"] as? [String])
    let slowest = try #require(metrics["time_main_layers"] as? String).components(separatedBy: " and ")
    let slowestShare = slowest.map { name in layerNames.firstIndex(of: name).map { timeShares[$0] } ?? .nan }.reduce(0, +)
    #expect(slowestShare >= 0.8 && abs(slowestShare - (metrics["time_main_layers_share"] as? Double ?? 0)) < 1e-9)
    #expect(slowestShare - slowest.map { name in timeShares[layerNames.firstIndex(of: name) ?? 0] }.min()! < 0.8,
      "\(slowest) are more layers than it takes to reach 80 % of the time")
    // The speedups are medians of paired ratios, between their quartiles, with the verdict of the medians check.
    for suffix in ["", "_batch_1"] {
      #expect(metrics["int8_medians_check\(suffix)"] is Bool, "metrics.json lacks int8_medians_check\(suffix)")
      let speedup = try #require(metrics["int8_speedup\(suffix)"] as? Double)
      let quartiles = try #require(metrics["int8_speedup_quartiles\(suffix)"] as? [Double])
      #expect(quartiles.count == 2 && quartiles[0] <= speedup && speedup <= quartiles[1], "\(suffix): \(speedup), \(quartiles)")
    }
    let floatRange = try #require(metrics["float_pass_milliseconds_range"] as? [Double])
    #expect(floatRange.count == 2 && floatRange[0] <= floatRange[1])
    // So are the sparse and structured timings: the median of the paired ratios, not the ratio of the medians.
    #expect(metrics["sparse_timing_repetitions"] as? Int == 2 && metrics["structured_timing_repetitions"] as? Int == 2)
    // Each is judged only under the medians check, as is the scalar reference against the best kernel at one image.
    for key in ["sparse_90_medians_check", "structured_medians_check", "int8_scalar_medians_check_batch_1", "int8_vector_kernel"] {
      #expect(metrics[key] is Bool, "metrics.json lacks \(key)")
    }
    // A band beyond the margin needs both figures: the median paired ratio and the ratio of the medians.
    for key in ["int8_ratio_of_medians", "int8_ratio_of_medians_batch_1", "int8_scalar_ratio_of_medians_batch_1",
      "sparse_90_speedup", "sparse_90_ratio_of_medians", "structured_ratio_of_medians"] {
      #expect(metrics[key] is Double, "metrics.json lacks \(key)")
    }
    // A sparse row of values and positions needs its count of kept weights: 234 output channels, 2 bytes each.
    let kept = 93_088 - Int((0.9 * 93_088).rounded())
    #expect(metrics["sparse_90_bytes"] as? Int == kept * 6 + 234 * 2 + 234 * 4)
    // The verdicts on distillation come from the run, in both languages.
    let shown = try #require(metrics["distillation_gain_exceeds_spread"] as? Bool)
    let hurt = try #require(metrics["distillation_loss_exceeds_spread"] as? Bool)
    #expect(metrics["article_check_distillation_verdict"] as? String
      == (shown ? "holds here" : hurt ? "does not hold here" : "not shown here"))
    for key in ["distillation_conclusion", "article_check_distillation_verdict", "article_check_distillation_conclusion"] {
      #expect(metrics[key + "@zh"] is String, "metrics.json lacks \(key)@zh")
    }
    if Self.pytorchImports {
      try checkPyTorchComparison(metrics)
    } else {
      #expect(metrics["pytorch_int8_compared"] as? Bool == false)
      #expect((metrics["pytorch_int8_comparison"] as? String)?.contains("cannot import torch on this machine") == true)
    }

    let int8File = try Data(contentsOf: out.appendingPathComponent("model-int8.safetensors"))
    let headerLength = Int(int8File.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    let header = try #require(
      try JSONSerialization.jsonObject(with: int8File.dropFirst(8).prefix(headerLength)) as? [String: Any])
    let filter = try #require(header["layers.3.filter"] as? [String: Any])
    #expect(filter["dtype"] as? String == "I8" && filter["shape"] as? [Int] == [3, 3, 32, 64])
    #expect((header["layers.3.filter_scale"] as? [String: Any])?["dtype"] as? String == "F32")

    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == ["layer-costs.svg", "pruning.svg", "distillation.svg"])
  }

  /// Whether Debian's interpreter, or `COURSE_PYTHON`, imports torch here.
  static let pytorchImports: Bool = {
    let python = ProcessInfo.processInfo.environment["COURSE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/python3"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", "import torch"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }()

  /// PyTorch's int8 of the same weights, beside ours (`--compare-pytorch`, where torch imports).
  private func checkPyTorchComparison(_ metrics: [String: Any]) throws {
    #expect(metrics["pytorch_int8_compared"] as? Bool == true)
    #expect(metrics["pytorch_int8_engine"] as? String == "onednn")
    // The same weights in PyTorch's layout give the same predictions: a wrong flatten order scores near chance.
    let ours = try #require(metrics["float_test_accuracy"] as? Double)
    let theirs = try #require(metrics["pytorch_float_test_accuracy"] as? Double)
    #expect(abs(ours - theirs) <= 0.01, "ours \(ours), PyTorch's \(theirs)")
    let int8 = try #require(metrics["pytorch_int8_test_accuracy"] as? Double)
    #expect(abs(int8 - theirs) <= 0.05, "PyTorch's int8 \(int8) against its float32 \(theirs)")
    for key in ["pytorch_float_batch_256_milliseconds", "pytorch_int8_batch_1_milliseconds", "pytorch_int8_speedup"] {
      #expect((metrics[key] as? Double ?? 0) > 0, "\(key)")
    }
    for suffix in ["", "_batch_1"] {
      #expect(metrics["pytorch_int8_medians_check\(suffix)"] is Bool, "metrics.json lacks pytorch_int8_medians_check\(suffix)")
      #expect((metrics["pytorch_int8_timing_repetitions\(suffix)"] as? Int ?? 0) >= 1)
    }
    #expect((metrics["pytorch_int8_comparison"] as? String)?.contains("onednn engine") == true)
    #expect(metrics["pytorch_int8_comparison@zh"] is String)
  }

  @Test func comparePyTorchWithoutPyTorchStopsBeforeAnyWork() throws {
    let out = temporaryOutputFolder("compression")
    defer { try? FileManager.default.removeItem(at: out) }
    var environment = ProcessInfo.processInfo.environment
    environment["COURSE_PYTHON"] = "/nonexistent/python3"
    let result = try runChapter("compression", ["--quick", "--compare-pytorch", "--out", out.path], environment: environment)
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains("--compare-pytorch: /nonexistent/python3 cannot import torch"), "\(result.errors)")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }

  @Test func aCorruptTeacherIsRefusedNamingTheFile() throws {
    let out = temporaryOutputFolder("compression")
    let corrupt = temporaryOutputFolder("compression-teacher").appendingPathExtension("safetensors")
    try Data("not a checkpoint at all".utf8).write(to: corrupt)
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: corrupt)
    }
    let result = try runChapter("compression", ["--quick", "--teacher", corrupt.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(corrupt.path))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }

  @Test func aCheckpointOfAnotherNetworkIsRefusedNamingTheFile() throws {
    let out = temporaryOutputFolder("compression")
    let other = temporaryOutputFolder("compression-mlp").appendingPathExtension("safetensors")
    // A well-formed safetensors file of chapter 3's first layer: a 784×64 weight, not a convolution.
    let header = #"{"layers.0.weight":{"dtype":"F32","shape":[784,64],"data_offsets":[0,200704]}}"#
    var bytes = Array(header.utf8)
    bytes += repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8)
    let file = withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init) + bytes + [UInt8](repeating: 0, count: 200_704)
    try Data(file).write(to: other)
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: other)
    }
    let result = try runChapter("compression", ["--quick", "--teacher", other.path, "--out", out.path])
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(other.path) && result.errors.contains("chapter 4"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }
}
