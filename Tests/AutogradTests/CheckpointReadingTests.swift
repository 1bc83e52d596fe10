import Foundation
import Testing

@testable import Autograd

/// Checkpoints that are not files, are far too large or hold NaN: refused
/// with a message that says so, before anything is read or changed.
@Suite("Reading hostile checkpoints")
final class CheckpointReadingTests {
  let directory: URL
  let url: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("CheckpointReadingTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    url = directory.appendingPathComponent("checkpoint.safetensors")
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }

  /// A 3→2 linear layer and its Adam optimizer.
  private func model(seed: UInt64 = 1) -> (Linear, Adam) {
    let layer = Linear(inputSize: 3, outputSize: 2, random: RandomGenerator(seed: seed))
    return (layer, Adam(parameters: layer.namedParameters))
  }

  private func loadError() -> CheckpointError? {
    let (layer, optimizer) = model(seed: 2)
    do {
      try loadCheckpoint(into: layer, optimizer: optimizer, from: url)
    } catch {
      return error
    }
    Issue.record("the checkpoint was accepted")
    return nil
  }

  @Test func folderIsNamedAsAFolder() throws {
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    let error = loadError()
    #expect(error == .unreadable(file: url.path, reason: "it is a folder, not a file"))
    #expect(error?.description == "\(url.path): cannot read the checkpoint: it is a folder, not a file")
  }

  @Test(arguments: ["/dev/zero", "/dev/urandom"])
  func linkToADeviceIsRefusedUnread(device: String) throws {
    try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: device)
    #expect(loadError() == .unreadable(
      file: url.path, reason: "it is a character device (such as /dev/zero), not a regular file"))
  }

  @Test func namedPipeIsRefusedWithoutWaitingForAWriter() throws {
    #expect(mkfifo(url.path, 0o600) == 0)
    #expect(loadError() == .unreadable(file: url.path, reason: "it is a named pipe (FIFO), not a regular file"))
  }

  @Test func fileFarLargerThanTheModelsCheckpointIsRefusedUnread() throws {
    // A sparse gigabyte: reading it would cost a gigabyte of memory.
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    #expect(truncate(url.path, 1 << 30) == 0)
    guard case .fileTooLarge(let file, let size, let limit)? = loadError() else {
      Issue.record("expected fileTooLarge")
      return
    }
    #expect(file == url.path && size == 1 << 30 && limit < 17 << 20)
  }

  @Test func nanWeightsAreRefusedAndNothingChanges() throws {
    let (layer, optimizer) = model()
    layer.weight.value.scalars[4] = .nan
    try saveCheckpoint(of: layer, optimizer: optimizer, to: url)
    let (fresh, freshOptimizer) = model(seed: 2)
    let before = fresh.weight.value.scalars
    #expect(throws: CheckpointError.nonFiniteValue(file: url.path, tensor: "weight", index: 4, value: "nan")) {
      try loadCheckpoint(into: fresh, optimizer: freshOptimizer, from: url)
    }
    #expect(fresh.weight.value.scalars == before)
  }

  @Test func infiniteOptimizerStateIsRefused() throws {
    let (layer, optimizer) = model()
    var state = Dictionary(uniqueKeysWithValues: optimizer.namedState.map { ($0.name, $0.tensor) })
    let name = state.keys.sorted()[0]
    state[name]!.scalars[0] = -.infinity
    try optimizer.restoreState(state, stepCount: 3)
    try saveCheckpoint(of: layer, optimizer: optimizer, to: url)
    let error = loadError()
    #expect(error == .nonFiniteValue(file: url.path, tensor: "optimizer." + name, index: 0, value: "-inf"))
    #expect(error?.description.contains("-inf") == true)
  }

  @Test func partialFileNamesTheWritingProcess() {
    let name = CheckpointFile.temporaryURL(for: url).lastPathComponent
    #expect(name.hasPrefix(".checkpoint.safetensors.\(ProcessInfo.processInfo.processIdentifier)-"))
    #expect(name.hasSuffix(".partial"))
  }
}
