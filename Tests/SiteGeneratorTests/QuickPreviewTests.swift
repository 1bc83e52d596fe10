import Foundation
import Testing

/// `course site --quick` on the real chapters: their quick runs, the real texts, the
/// real templates. It builds a preview and leaves every full run's file as it was.
@Suite("Quick preview of the real chapters", .serialized)
struct QuickPreviewTests {
  static let slugs = ["neurons", "backprop", "cross-entropy", "cnn", "generalization", "lstm", "attention"]
    + ["compression", "engine"]

  /// The folder of the executables `swift test` built (`course` and the chapters).
  static let executables: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("course").path), directory.path != "/" {
      directory = directory.deletingLastPathComponent()
    }
    return directory
  }()

  /// Runs an executable in `directory` and returns its exit status and standard error.
  static func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    // To a file, not a pipe: the chapters' progress could fill a pipe and stall them.
    let errorsFile = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
    FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
    let errors = try FileHandle(forWritingTo: errorsFile)
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    try errors.close()
    defer { try? FileManager.default.removeItem(at: errorsFile) }
    return (process.terminationStatus, (try? String(contentsOf: errorsFile, encoding: .utf8)) ?? "")
  }

  @Test("course site --quick builds a marked preview in folders of its own; full runs stay byte for byte")
  func previewLeavesFullRunsAlone() throws {
    let manager = FileManager.default
    let root = manager.temporaryDirectory.appendingPathComponent("quick-preview-\(UUID().uuidString)")
    try manager.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: root) }
    // The package as it is (texts, sources, templates), with a .build of the test's own.
    for item in ["Package.swift", "Chapters", "Sources", "Site"] {
      try manager.createSymbolicLink(
        at: root.appendingPathComponent(item), withDestinationURL: SiteFixture.repositoryRoot.appendingPathComponent(item))
    }
    // Full runs' files, as a long run leaves them: none of their bytes may change.
    let fullRuns = root.appendingPathComponent(".build/course")
    for slug in Self.slugs {
      let folder = fullRuns.appendingPathComponent(slug)
      try manager.createDirectory(at: folder.appendingPathComponent("figures"), withIntermediateDirectories: true)
      try Data(#"{"chapter": "\#(slug)", "epochs": 8, "quick": false, "note": "a full run"}"#.utf8)
        .write(to: folder.appendingPathComponent("metrics.json"))
      try Data("<svg/>".utf8).write(to: folder.appendingPathComponent("figures/training-curves.svg"))
      try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: folder.appendingPathComponent("checkpoint.safetensors"))
      try Data("full run transcript\n".utf8).write(to: folder.appendingPathComponent("transcript.txt"))
      try Data("stamp\n".utf8).write(to: folder.appendingPathComponent(".site-run-stamp"))
    }
    let before = try SiteFixture.files(under: fullRuns)

    let site = try Self.run(
      Self.executables.appendingPathComponent("course"), ["site", "--quick", "--chapter-executables", Self.executables.path], in: root)
    #expect(site.status == 0, "course site --quick failed: \(site.errors)")
    #expect(try SiteFixture.files(under: fullRuns) == before, "course site --quick changed the full runs' files")
    #expect(!manager.fileExists(atPath: root.appendingPathComponent(".build/site").path), "a preview must not land where the full site goes")

    for slug in Self.slugs {
      let metrics = try Data(contentsOf: root.appendingPathComponent(".build/course-quick/\(slug)/metrics.json"))
      let object = try JSONSerialization.jsonObject(with: metrics) as? [String: Any]
      #expect(object?["quick"] as? Bool == true, "\(slug): the preview's run is not a quick one")
    }
    let pages = try SiteFixture.files(under: root.appendingPathComponent(".build/site-quick")).filter { $0.key.hasSuffix(".html") }
    #expect(pages.count >= Self.slugs.count + 1)
    for (name, data) in pages {
      #expect(String(decoding: data, as: UTF8.self).contains("class=\"preview-banner\""), "\(name) is not marked as a preview")
    }
    // The LSTM's table of epochs shows the one epoch the quick run had.
    let lstm = String(decoding: pages["lstm.html"] ?? Data(), as: UTF8.self)
    let table = lstm.components(separatedBy: "<th>validation bpc (after the epoch)</th>").dropFirst().first?
      .components(separatedBy: "</table>").first ?? ""
    #expect(table.components(separatedBy: "<tr>").count - 1 == 1, "the lstm page's table of epochs: one row after its header, got \(table)")
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".build/site-quick/figures/neurons/activations.svg").path))

    // A chapter's own --quick, without --out, writes to its quick folder too, not over the full run.
    let quickNeurons = root.appendingPathComponent(".build/course-quick/neurons")
    try manager.removeItem(at: quickNeurons)
    let chapter = try Self.run(Self.executables.appendingPathComponent("neurons"), ["--quick"], in: root)
    #expect(chapter.status == 0, "\(chapter.errors)")
    #expect(manager.fileExists(atPath: quickNeurons.appendingPathComponent("metrics.json").path))
    #expect(try SiteFixture.files(under: fullRuns) == before, "neurons --quick changed the full run's files")
  }
}
