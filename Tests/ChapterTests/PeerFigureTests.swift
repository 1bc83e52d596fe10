import Foundation
import Testing

// What a chapter run says about the peers (PyTorch, Keras): their timings come
// from another machine, so they carry it and no ratio of ours to theirs is
// recorded, unless PyTorch was timed in the same run (--compare-pytorch).

/// Every key path in `metrics`, nested objects' keys joined with dots.
private func keyPaths(_ value: Any, prefix: String = "") -> [String] {
  guard let object = value as? [String: Any] else { return [] }
  return object.flatMap { key, nested in
    let path = prefix.isEmpty ? key : prefix + "." + key
    return [path] + keyPaths(nested, prefix: path)
  }
}

/// The key paths that set our figures against a peer's: a ratio, a speed-up or a
/// "faster", under a key that names PyTorch, Keras or the peers (word by word:
/// "generation" holds no ratio).
func peerRatioKeys(_ metrics: [String: Any]) -> [String] {
  keyPaths(metrics).filter { path in
    let words = Set(path.lowercased().split { $0 == "." || $0 == "_" }.map(String.init))
    return !words.isDisjoint(with: ["pytorch", "keras", "peer", "peers"])
      && !words.isDisjoint(with: ["ratio", "speedup", "faster", "slower"])
  }
}

/// Checks a run without --compare-pytorch: it records the CPU, the peers' machine with
/// their figures, no ratio against them, and a sentence that says PyTorch was not timed.
func expectPeerFiguresFromElsewhere(_ metrics: [String: Any], sourceKey: String = "peer_figures_source") {
  let cpu = (metrics["machine"] as? [String: Any])?["cpu"] as? [String: Any]
  #expect(cpu?["model_name"] is String && cpu?["avx512"] is Bool && cpu?["summary"] is String, "machine.cpu: \(cpu ?? [:])")
  let source = metrics[sourceKey] as? String ?? ""
  #expect(source.contains("another machine") && source.contains("family 25 model 1") && source.contains("AVX-512"),
    "\(sourceKey) should name the peers' machine: \(source)")
  if let timings = metrics["peer_timings_elsewhere"] as? [String: Any] {
    #expect((timings["machine"] as? String)?.contains("family 25 model 1") == true)
  }
  #expect(peerRatioKeys(metrics).isEmpty, "a ratio against peers measured elsewhere: \(peerRatioKeys(metrics))")
  #expect(metrics["pytorch_same_run"] == nil)
  #expect((metrics["pytorch_side_by_side"] as? String)?.contains("did not time PyTorch") == true)
}

@Suite("Peers' figures in the chapters", .serialized)
struct PeerFigureTests {
  /// A stand-in for the peers' folder whose torch_peers.py is a shell script
  /// (run by /bin/sh through COURSE_PYTHON) printing one epoch of 1.5 s.
  private func fakePeers() throws -> URL {
    let folder = temporaryOutputFolder("peers")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try """
      echo '{"event": "setup", "torch_version": "stand-in"}'
      echo '{"workload": "mlp", "epoch": 1, "train_seconds": 1.5}'
      """.write(to: folder.appendingPathComponent("torch_peers.py"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test func comparePyTorchSetsTheSameRunSideBySide() throws {
    let (peers, out) = (try fakePeers(), temporaryOutputFolder("cross-entropy"))
    defer {
      try? FileManager.default.removeItem(at: peers)
      try? FileManager.default.removeItem(at: out)
    }
    var environment = ProcessInfo.processInfo.environment
    environment["COURSE_PEERS"] = peers.path
    environment["COURSE_PYTHON"] = "/bin/sh"
    let result = try runChapter(
      "cross-entropy", ["--quick", "--compare-pytorch", "--out", out.path], environment: environment)
    #expect(result.status == 0, "\(result.errors)")
    let metrics = try readMetrics(in: out)
    let sameRun = try #require(metrics["pytorch_same_run"] as? [String: Any])
    #expect(sameRun["pytorch_epoch_seconds"] as? Double == 1.5)
    #expect(sameRun["training_examples"] as? Int == metrics["train_count"] as? Int)
    let ours = try #require(sameRun["ours_epoch_seconds"] as? Double)
    #expect(ours == metrics["median_epoch_seconds"] as? Double)
    #expect(abs((sameRun["ours_to_pytorch_time_ratio"] as? Double ?? 0) - ours / 1.5) < 1e-9)
    let examples = try #require(metrics["train_count"] as? Int)
    #expect((sameRun["command"] as? String)?.hasSuffix("--workload mlp --epochs 1 --smoke \(examples)") == true)
    #expect(sameRun["cpu"] as? String == ((metrics["machine"] as? [String: Any])?["cpu"] as? [String: Any])?["summary"] as? String)
    #expect((metrics["pytorch_side_by_side"] as? String)?.contains("in 1.50 s, and our median epoch took") == true)
    #expect(peerRatioKeys(metrics) == ["pytorch_same_run.ours_to_pytorch_time_ratio"])
  }

  @Test func comparePyTorchWithoutThePeersScriptStopsBeforeTraining() throws {
    let (nowhere, out) = (temporaryOutputFolder("no-peers"), temporaryOutputFolder("cross-entropy"))
    defer { try? FileManager.default.removeItem(at: out) }
    var environment = ProcessInfo.processInfo.environment
    environment["COURSE_PEERS"] = nowhere.path
    let result = try runChapter(
      "cross-entropy", ["--quick", "--compare-pytorch", "--out", out.path], environment: environment)
    #expect(result.status != 0)
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    #expect(result.errors.contains(nowhere.path + "/torch_peers.py") && result.errors.contains("COURSE_PEERS"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }
}
