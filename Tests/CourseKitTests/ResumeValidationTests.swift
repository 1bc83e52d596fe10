import Autograd
import Foundation
import Testing

@testable import CourseKit

private struct FourExamples: TrainingBatch {
  let exampleCount = 4
}

/// A checkpoint written by a two-epoch run of a tiny model, then damaged or
/// edited in one way per test: `--resume` must refuse each with one line
/// that says how to start afresh, before any chapter code sees the history.
@Suite("Resuming only what can be continued")
final class ResumeValidationTests {
  let out = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)")
  var checkpoint: URL { out.appendingPathComponent("checkpoint.safetensors") }

  deinit {
    try? FileManager.default.removeItem(at: out)
  }

  /// Trains a 2→1 linear layer for `epochs` epochs (resuming if asked),
  /// measuring `test_loss`, and returns the run's history.
  @discardableResult
  private func train(_ arguments: [String]) throws -> [EpochResult] {
    let chapter = try ChapterRun(
      slug: "demo", defaultEpochs: 2, options: try ChapterOptions.parse(["--out", out.path] + arguments))
    defer { chapter.abandon() }
    let layer = Linear(inputSize: 2, outputSize: 1, random: chapter.random)
    let optimizer = Adam(parameters: layer.namedParameters, learningRate: 0.01)
    let input = Tensor.ones([4, 2])
    return try chapter.train(
      model: layer, optimizer: optimizer, batches: { _ in [FourExamples(), FourExamples()] },
      loss: { _ in (layer(input) - 1).squared().mean() },
      evaluate: { _ in [("test_loss", Double((layer(input) - 1).squared().mean().scalar))] })
  }

  /// The refusal `--resume` gives for the checkpoint as it is now.
  private func resumeRefusal(_ arguments: [String] = ["--epochs", "3"]) -> String {
    do {
      try train(arguments + ["--resume"])
      Issue.record("the checkpoint was resumed")
    } catch {
      return "\(error)"
    }
    return ""
  }

  /// Rewrites the checkpoint with `edit` applied to its metadata and tensors.
  private func editCheckpoint(_ edit: (inout SafetensorsFile) -> Void) throws {
    var file = try SafetensorsFile(contentsOf: checkpoint)
    edit(&file)
    try file.write(to: checkpoint)
  }

  private func expectOneLineRefusal(_ message: String, containing part: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(message.hasPrefix("--resume: "), "\(message)", sourceLocation: sourceLocation)
    #expect(message.contains(part), "\(message)", sourceLocation: sourceLocation)
    #expect(message.contains("without --resume"), "\(message)", sourceLocation: sourceLocation)
    #expect(!message.contains("\n"), "\(message)", sourceLocation: sourceLocation)
  }

  @Test func anIntactCheckpointResumes() throws {
    let full = try train(["--epochs", "2"])
    try train(["--epochs", "1"])
    let resumed = try train(["--epochs", "2", "--resume"])
    #expect(resumed.map(\.trainLoss) == full.map(\.trainLoss))
  }

  @Test func nanWeightsAreRefused() throws {
    try train([])
    try editCheckpoint { file in
      let weight = file.tensors["weight"]!
      file.tensors["weight"] = Tensor(shape: weight.shape, scalars: [.nan] + weight.scalars.dropFirst())
    }
    expectOneLineRefusal(resumeRefusal(), containing: "tensor 'weight' holds nan")
  }

  @Test func aHistoryWithoutTheChaptersMeasurementsIsRefused() throws {
    try train([])
    try editCheckpoint { file in
      file.metadata["history"] = file.metadata["history"]!.split(separator: "\n")
        .map { $0.split(separator: " ").prefix(3).joined(separator: " ") }.joined(separator: "\n")
    }
    expectOneLineRefusal(resumeRefusal(), containing: "records nothing after each epoch, but this chapter measures test_loss")
  }

  @Test func moreEpochsThanTheRunTrainsAreRefused() throws {
    try train(["--quick"])
    try editCheckpoint { file in
      let line = file.metadata["history"]!
      file.metadata["history"] = (1...50).map { epoch in
        "\(epoch)" + line.drop { $0 != " " }
      }.joined(separator: "\n")
    }
    expectOneLineRefusal(resumeRefusal(["--quick"]), containing: "holds 50 epochs but this run trains 1")
  }

  @Test func aQuickCheckpointDoesNotResumeAFullRun() throws {
    try train(["--quick"])
    expectOneLineRefusal(resumeRefusal(), containing: "is from a --quick run, this is a full run")
    try editCheckpoint { $0.metadata["quick"] = nil }
    expectOneLineRefusal(resumeRefusal(), containing: "does not record whether it is from a --quick run")
  }

  @Test(arguments: [
    ("1 0.5 0.1 test_loss=0.2\n3 0.4 0.1 test_loss=0.2", "is epoch 3, expected epoch 2"),
    ("1 nan 0.1 test_loss=0.2", "not a finite number"),
    ("1 0.5 0.1 test_loss=inf", "not name=finite number"),
    ("1 0.5 0.1 test_loss=0.2 test_loss=0.2", "names test_loss twice"),
    ("1 0.5", "is not 'epoch loss seconds name=value …'"),
    ("", "holds no finished epoch"),
  ])
  func aDamagedHistoryIsRefused(history: String, problem: String) throws {
    try train([])
    try editCheckpoint { $0.metadata["history"] = history }
    expectOneLineRefusal(resumeRefusal(), containing: problem)
  }

  @Test func aHistoryLongerThanTheWeightsTrainedIsRefused() throws {
    // One epoch of weights (two steps), its line copied as epochs 2 and 3: every measurement agrees.
    try train(["--epochs", "1"])
    try editCheckpoint { file in
      let line = file.metadata["history"]!
      file.metadata["history"] = (1...3).map { "\($0)" + line.drop { $0 != " " } }.joined(separator: "\n")
    }
    expectOneLineRefusal(
      resumeRefusal(), containing: "its optimizer took 2 steps, but the 3 epochs of its history take 6 in this run")
  }

  @Test func weightsFromAnotherRunAreRefused() throws {
    try train(["--epochs", "1"])
    try editCheckpoint { file in
      let weight = file.tensors["weight"]!
      file.tensors["weight"] = Tensor(shape: weight.shape, scalars: weight.scalars.map { $0 + 1 })
    }
    expectOneLineRefusal(resumeRefusal(), containing: "the weights and the history are not from the same run")
  }

  @Test func aFolderInPlaceOfTheCheckpointIsNamed() throws {
    try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
    expectOneLineRefusal(resumeRefusal(), containing: "it is a folder, not a file")
  }
}
