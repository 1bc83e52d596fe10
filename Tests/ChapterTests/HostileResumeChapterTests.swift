import Foundation
import Testing

/// The checkpoint at `url` with its metadata changed by `edit`, written back
/// (the safetensors header is JSON after an 8-byte length; the tensors stay).
private func editCheckpointMetadata(at url: URL, _ edit: (inout [String: String]) -> Void) throws {
  let bytes = [UInt8](try Data(contentsOf: url))
  let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
  var header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
  var metadata = try #require(header["__metadata__"] as? [String: String])
  edit(&metadata)
  header["__metadata__"] = metadata
  var json = [UInt8](try JSONSerialization.data(withJSONObject: header))
  json += [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8)
  let length = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) }
  try Data(length + json + bytes[(8 + headerLength)...]).write(to: url)
}

/// What is left in `folder` of runs: hidden staging folders and temporary files.
private func leftovers(in folder: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
}

@Suite("Resuming hostile checkpoints, and runs killed with kill -9", .serialized)
struct HostileResumeChapterTests {
  /// Chapter 3 read `test_loss_per_epoch` from a resumed history and crashed
  /// (exit 132) when it lacked `test_loss`; the runtime now refuses first.
  @Test func aHistoryWithoutTheTestLossIsRefusedBeforeTheChapterReadsIt() throws {
    let out = temporaryOutputFolder("cross-entropy")
    defer { try? FileManager.default.removeItem(at: out) }
    let first = try runChapter("cross-entropy", ["--quick", "--out", out.path])
    #expect(first.status == 0, "\(first.errors)")
    let metrics = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    try editCheckpointMetadata(at: out.appendingPathComponent("checkpoint.safetensors")) { metadata in
      metadata["history"] = metadata["history"]!.split(separator: " ").prefix(3).joined(separator: " ")
    }
    let resumed = try runChapter("cross-entropy", ["--quick", "--resume", "--out", out.path])
    #expect(resumed.status == 1, "\(resumed.errors)")
    let lines = resumed.errors.split(separator: "\n")
    #expect(lines.count == 1, "\(resumed.errors)")
    #expect(resumed.errors.contains("this chapter measures test_loss, test_accuracy"), "\(resumed.errors)")
    #expect(resumed.errors.contains("without --resume"), "\(resumed.errors)")
    #expect(try leftovers(in: out) == [])
    #expect(try Data(contentsOf: out.appendingPathComponent("metrics.json")) == metrics)
  }

  /// A run killed with `kill -9` leaves its staging folder; the next run in the folder removes it.
  @Test func theNextRunRemovesWhatAKilledRunLeft() throws {
    let out = temporaryOutputFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let killed = try runChapter(
      "neurons", ["--epochs", "10000", "--json", "--out", out.path], interruptingWhen: "epoch 1/10000", with: SIGKILL)
    #expect(killed.status == SIGKILL)
    let left = try leftovers(in: out)
    #expect(left.contains { $0.hasPrefix(".staging-") }, "\(left)")
    #expect(try runChapter("neurons", ["--quick", "--out", out.path]).status == 0)
    #expect(try leftovers(in: out) == [])
  }

  /// A run that fails before it writes anything leaves no output folder behind.
  @Test func aFailedRunLeavesNoEmptyOutputFolder() throws {
    let out = temporaryOutputFolder("cross-entropy")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("cross-entropy", ["--quick", "--data", "/nonexistent", "--out", out.appendingPathComponent("deeper").path])
    #expect(result.status == 1, "\(result.errors)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
