import ArgumentParser
import Foundation
import Testing

@testable import CourseKit

/// The id of a process that has just ended: no process owns it (for a while).
private func endedProcessID() throws -> Int32 {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/true")
  try process.run()
  process.waitUntilExit()
  return process.processIdentifier
}

@Suite("The output folder")
final class OutputFolderTests {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")

  deinit {
    try? FileManager.default.removeItem(at: root)
  }

  private func chapterRun(out: URL) throws -> ChapterRun {
    try ChapterRun(slug: "demo", defaultEpochs: 1, options: try ChapterOptions.parse(["--out", out.path]))
  }

  private func refusal(out path: String) -> String {
    do {
      _ = try ChapterRun(slug: "demo", defaultEpochs: 1, options: try ChapterOptions.parse(["--out", path]))
      Issue.record("--out \(path) was accepted")
    } catch {
      return "\(error)"
    }
    return ""
  }

  @Test func leftoversOfEndedRunsAreRemovedAndThoseOfLiveRunsKept() throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let ended = try endedProcessID()
    let alive = getppid()  // the process that runs the tests: alive, and not this one
    let orphans = [
      ".staging-\(ended)", ".checkpoint.safetensors.\(ended)-\(UUID().uuidString).partial",
      ".checkpoint.safetensors.\(UUID().uuidString).partial", ".metrics.json.\(ended).tmp",
    ]
    let kept = [
      ".staging-\(alive)", ".checkpoint.safetensors.\(alive)-\(UUID().uuidString).partial",
      ".metrics.json.\(alive).tmp", ".notes.txt", "checkpoint.safetensors", ".staging-notanumber",
    ]
    for name in orphans + kept {
      if name.hasPrefix(".staging-") {
        try FileManager.default.createDirectory(at: root.appendingPathComponent(name + "/figures"), withIntermediateDirectories: true)
      } else {
        try Data("x".utf8).write(to: root.appendingPathComponent(name))
      }
    }
    let chapter = try chapterRun(out: root)
    defer { chapter.abandon() }
    let names = Set(try FileManager.default.contentsOfDirectory(atPath: root.path))
    #expect(names == Set(kept + [chapter.stagingDirectory.lastPathComponent]))
  }

  @Test func aFailedRunRemovesTheFoldersItCreatedIfEmpty() throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let out = root.appendingPathComponent("new/deeper")
    let chapter = try chapterRun(out: out)
    #expect(FileManager.default.fileExists(atPath: chapter.stagingDirectory.path))
    chapter.abandon()
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == [])
  }

  @Test func aFailedRunKeepsAFolderWithACheckpointAndFoldersItFound() throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let chapter = try chapterRun(out: root.appendingPathComponent("new"))
    try Data("x".utf8).write(to: chapter.checkpointURL)
    chapter.abandon()
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("new").path) == ["checkpoint.safetensors"])

    let existing = try chapterRun(out: root)
    existing.abandon()
    #expect(FileManager.default.fileExists(atPath: root.path))
  }

  @Test func stagedOutputsArriveOnlyWithASuccessfulRun() throws {
    let failed = try chapterRun(out: root.appendingPathComponent("failed"))
    try Data("half".utf8).write(to: failed.stagedOutput(named: "model.safetensors"))
    failed.abandon()
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("failed/model.safetensors").path))

    let out = root.appendingPathComponent("succeeded")
    let succeeded = try chapterRun(out: out)
    try Data("whole".utf8).write(to: succeeded.stagedOutput(named: "model.safetensors"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("model.safetensors").path))
    for key in ["chapter", "seed", "epochs"] { succeeded.metrics.record(key, 1) }
    succeeded.metrics.record("epoch_seconds", [1.0])
    try succeeded.finish()
    #expect(try Data(contentsOf: out.appendingPathComponent("model.safetensors")) == Data("whole".utf8))
    #expect(!FileManager.default.fileExists(atPath: succeeded.stagingDirectory.path))
  }

  @Test func aFileWhereAFolderBelongsIsNamed() throws {
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let file = root.appendingPathComponent("file")
    try Data("x".utf8).write(to: file)
    for out in [file.path, file.path + "/inside"] {
      let message = refusal(out: out)
      #expect(message == "--out \(out): \(file.path) is a file, not a folder; choose a folder path (missing folders are created)")
    }
  }

  @Test func aFolderThatCannotBeMadeIsNamedWithTheReason() {
    #expect(refusal(out: "/proc/course-test") ==
      "--out /proc/course-test: cannot create the folder /proc/course-test (/proc does not accept new folders); "
      + "choose a folder you can write to")
  }

  @Test(arguments: [
    (["--epochs", "-1"], "--epochs must be between 1 and 10000, got -1"),
    (["--threads", "-2"], "--threads must be between 1 and 256, got -2"),
    (["--seed", "-5"], "The value '-5' is invalid for '--seed <seed>': a seed is a whole number from 0 to 18446744073709551615"),
    (["--epochs", "many"], "The value 'many' is invalid for '--epochs <epochs>': give a whole number from 1 to 10000"),
  ])
  func negativeAndNonNumericValuesAreNamed(arguments: [String], message: String) {
    #expect(throws: (any Error).self) { try ChapterOptions.parse(arguments) }
    do {
      _ = try ChapterOptions.parse(arguments)
    } catch {
      #expect(ChapterOptions.message(for: error) == message)
    }
  }
}
