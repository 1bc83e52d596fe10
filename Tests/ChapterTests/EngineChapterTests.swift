import Foundation
import Testing
import Workloads

/// Chapter 9's quick run: the contract's outputs, every metric the text cites, the checks the run
/// makes on itself, and its refusal of flags it cannot honour.
@Suite("Chapter 9 (engine)", .serialized)
struct EngineChapterTests {
  /// Keys of measurements: wall-clock times, rates and the sentences derived from them.
  static let timingMarks = ["seconds", "milliseconds", "per_second", "flops", "_time", "load_average"]

  /// Runs `engine --quick` with torch made unavailable (an interpreter that does not exist), and returns its metrics.
  private static func quickRun(seed: Int) throws -> (metrics: [String: Any], out: URL) {
    let out = temporaryOutputFolder("engine")
    var environment = ProcessInfo.processInfo.environment
    environment["COURSE_PYTHON"] = "/nonexistent/python3"
    let result = try runChapter("engine", ["--quick", "--seed", "\(seed)", "--out", out.path], environment: environment)
    #expect(result.status == 0, "\(result.errors)")
    return (try readMetrics(in: out), out)
  }

  /// One quick run shared by the tests that read its metrics: a debug build's quick run takes a minute.
  private static let shared = Result { try quickRun(seed: 5).out }

  private func sharedRun() throws -> (metrics: [String: Any], out: URL) {
    let out = try Self.shared.get()
    return (try readMetrics(in: out), out)
  }

  @Test func quickRunRecordsEveryMetricTheTextCites() throws {
    let (metrics, out) = try sharedRun()
    #expect(metrics["chapter"] as? String == "engine")
    let text = try chapterText("engine")
    // Every placeholder's top-level key, e.g. "conv_milliseconds" of {{metric:conv_milliseconds.conv1.im2col:.3f}}.
    let cited = Set(text.matches(of: /\{\{metric:([a-z0-9_]+)/).map { String($0.1) })
    #expect(cited.count > 40)
    for key in cited.union(["chapter", "seed", "epochs", "epoch_seconds", "machine"]) {
      #expect(metrics[key] != nil, "metrics.json lacks \(key), which chapter.md cites")
    }
    try expectChineseTwins(in: out, chapter: "engine")
    let transcript = try String(contentsOf: out.appendingPathComponent("transcript.txt"), encoding: .utf8)
    #expect(transcript.contains("The cost model") && transcript.contains("The key/value cache"))
  }

  @Test func fastPathsAgreeWithTheirReferences() throws {
    let (metrics, _) = try sharedRun()
    // The default policy's convolution methods depend on W2's shapes only.
    #expect(metrics["conv_automatic_methods"] as? [String] == ["direct", "winograd", "im2col"])
    let fused = try #require(metrics["fused_largest_difference"] as? [String: Double])
    #expect(Set(fused.keys) == ["lstm", "attention", "gelu"])
    for (kernel, difference) in fused { #expect(difference < 1e-4, "\(kernel): \(difference)") }
    #expect(try #require(metrics["transpose_largest_difference"] as? Double) < 1e-3)
    #expect(try #require(metrics["cache_largest_logit_difference"] as? Double) < 1e-3)
    // The cache's FLOP count includes the restarts' re-read bytes: in --quick, 128 bytes after a 1-byte prompt with
    // K = 16 in a 64-byte window pass 1 + 63 positions, restart (16), grow 48, restart (16), then the last 14.
    #expect(metrics["cache_positions_read"] as? Int == 1 + 63 + 16 + 48 + 16 + 14)
    // A one-position pass reads every weight but the embedding tables' unused rows: of the tables' (vocabulary +
    // 64 positions) rows of 128 features it looks up one row each. The read that bounds the cached rate passes over
    // a block of that size, in whole 64-byte lines.
    let parameters = try #require(metrics["cache_parameter_count"] as? Int)
    let passBytes = 4 * (parameters - (Workload.fortunesVocabularySize + 64 - 2) * 128)
    #expect(metrics["cache_weight_megabytes"] as? Double == Double(passBytes) / 1e6)
    #expect(metrics["cache_read_megabytes"] as? Double == Double(passBytes / 64 * 64) / 1e6)
    let readRate = try #require(metrics["cache_read_gigabytes_per_second"] as? Double)
    #expect(readRate > 0 && readRate.isFinite)
    // Where the weights came from is judged against one core's read of a block far larger than the caches (in a quick
    // run too), not against the two-thread copy; the memory bound of one-row products is half a FLOP per byte of it.
    #expect(metrics["cache_memory_read_megabytes"] as? Double == Double(256 << 20) / 1e6)
    let memoryRate = try #require(metrics["cache_memory_read_gigabytes_per_second"] as? Double)
    #expect(memoryRate > 0 && memoryRate.isFinite)
    let memoryBound = try #require(metrics["cache_memory_bound_gflops"] as? Double)
    #expect(abs(memoryBound - memoryRate / 2) <= 1e-12 * memoryRate)
    // Adam flushes the decaying moment exactly where it would turn subnormal.
    let subnormalFrom = try #require(metrics["adam_moment_subnormal_from_step"] as? Int)
    #expect(metrics["adam_moment_zero_after_steps"] as? Int == subnormalFrom)
    // The workloads' counts are the Workloads library's, whatever the machine.
    let flops = try #require(metrics["workload_mflops_per_step"] as? [Double])
    #expect(flops.count == 4 && flops.allSatisfy { $0 > 0 })
    let fractions = try #require(metrics["workload_gflops_peak_fraction"] as? [Double])
    #expect(fractions.count == 4 && fractions.allSatisfy { $0 > 0 && $0.isFinite })
    let probe = try #require(metrics["allocator_probe_seconds"] as? [String: [String: Double]])
    for mode in ["untuned", "tuned"] {
      let figures = try #require(probe[mode])
      #expect((figures["step_milliseconds"] ?? 0) > 0 && (figures["page_faults_per_step"] ?? -1) >= 0, "\(mode)")
    }
  }

  @Test func withoutTorchTheRunSaysSo() throws {
    let (metrics, _) = try sharedRun()
    #expect(metrics["pytorch_compared"] as? Bool == false)
    let sentence = try #require(metrics["pytorch_time_comparison"] as? String)
    // The interpreter cannot import torch, or (where the peers' scripts are not beside the package) the script is missing.
    #expect(sentence.hasPrefix("This run did not time PyTorch: "), "\(sentence)")
    #expect(sentence.contains("/nonexistent/python3 cannot import torch") || sentence.contains("torch_peers.py is missing"), "\(sentence)")
  }

  @Test func sameSeedSameNumbersTimingsAside() throws {
    let (first, _) = try sharedRun()
    let (second, secondOut) = try Self.quickRun(seed: 5)
    defer { try? FileManager.default.removeItem(at: secondOut) }
    let deterministic = { (metrics: [String: Any]) in
      NSDictionary(dictionary: metrics.filter { entry in !Self.timingMarks.contains { entry.key.contains($0) } })
    }
    #expect(deterministic(first) == deterministic(second))
  }

  @Test func flagsItCannotHonourAreRefusedInOneLine() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["COURSE_PYTHON"] = "/nonexistent/python3"
    let cases: [(arguments: [String], names: String)] = [
      (["--data", "/tmp/somewhere"], "--data /tmp/somewhere"),
      (["--resume"], "--resume"),
      (["--compare-pytorch"], "--compare-pytorch: "),
    ]
    for test in cases {
      let out = temporaryOutputFolder("engine")
      defer { try? FileManager.default.removeItem(at: out) }
      let result = try runChapter("engine", ["--quick", "--out", out.path] + test.arguments, environment: environment)
      #expect(result.status != 0, "\(test.arguments)")
      #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
      #expect(result.errors.contains(test.names), "\(result.errors)")
      #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
    }
  }
}
