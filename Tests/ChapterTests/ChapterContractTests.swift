import Foundation
import Testing

@Suite("The chapter contract, on chapter 1", .serialized)
struct ChapterContractTests {
  @Test func quickRunWritesEveryOutput() throws {
    let out = temporaryOutputFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("neurons", ["--quick", "--json", "--out", out.path])
    #expect(result.status == 0, "\(result.errors)")
    try expectChineseTwins(in: out, chapter: "neurons")

    // --json: the last line of standard output is the metrics as one JSON object.
    let lastLine = try #require(result.output.split(separator: "\n").last)
    let printed = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
    let written = try readMetrics(in: out)
    for key in ["chapter", "seed", "epochs", "epoch_seconds", "train_loss", "test_accuracy"] {
      #expect(written[key] != nil, "metrics.json lacks \(key)")
    }
    #expect(written["chapter"] as? String == "neurons")
    #expect(withoutTimings(printed) == withoutTimings(written))

    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(files == ["checkpoint.safetensors", "figures", "metrics.json", "transcript.txt"])
    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == ["activations.svg", "decision-boundaries.svg", "network-loss.svg"])
    let transcript = try String(contentsOf: out.appendingPathComponent("transcript.txt"), encoding: .utf8)
    #expect(transcript.contains("One neuron"))
  }

  @Test func sameSeedSameNumbers() throws {
    let (first, second) = (temporaryOutputFolder(), temporaryOutputFolder())
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try runChapter("neurons", ["--quick", "--seed", "7", "--out", first.path]).status == 0)
    #expect(try runChapter("neurons", ["--quick", "--seed", "7", "--out", second.path]).status == 0)
    #expect(withoutTimings(try readMetrics(in: first)) == withoutTimings(try readMetrics(in: second)))
  }

  @Test func badFlagsAreRejectedWithUsage() throws {
    let unknown = try runChapter("neurons", ["--epoks", "3"])
    #expect(unknown.status != 0)
    #expect(unknown.errors.contains("--epoks"))
    let zero = try runChapter("neurons", ["--epochs", "0"])
    #expect(zero.status != 0)
    #expect(zero.errors.contains("--epochs must be between 1 and 10000"))
  }

  @Test func unwritableOutputFolderIsNamed() throws {
    let file = temporaryOutputFolder()
    try "not a folder".write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try runChapter("neurons", ["--quick", "--out", file.appendingPathComponent("out").path])
    #expect(result.status != 0)
    #expect(result.errors.contains("--out"))
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
  }

  @Test func missingGnuplotLeavesScriptsAndSaysHowToRender() throws {
    let out = temporaryOutputFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try runChapter("neurons", ["--quick", "--out", out.path], environment: ["PATH": "/nonexistent"])
    #expect(result.status != 0)
    #expect(result.errors.contains("gnuplot-nox"))
    #expect(result.errors.contains("gnuplot \(out.path)/figures/"))
    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
    #expect(Set(figures) == ["activations.gp", "decision-boundaries.gp", "network-loss.gp"])
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("metrics.json").path))
  }

  @Test func resumeContinuesFromTheCheckpoint() throws {
    let out = temporaryOutputFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let missing = try runChapter("neurons", ["--quick", "--resume", "--out", out.path])
    #expect(missing.status != 0)
    #expect(missing.errors.contains("no checkpoint"))

    #expect(try runChapter("neurons", ["--quick", "--epochs", "2", "--out", out.path]).status == 0)
    let uninterrupted = try readMetrics(in: out)
    #expect(try runChapter("neurons", ["--quick", "--epochs", "1", "--out", out.path]).status == 0)
    let resumed = try runChapter("neurons", ["--quick", "--epochs", "2", "--resume", "--out", out.path])
    #expect(resumed.status == 0, "\(resumed.errors)")
    #expect(resumed.output.contains("Resuming after epoch 1"))
    let continued = try readMetrics(in: out)
    #expect((continued["train_loss"] as? [Double])?.count == 2)
    // The same epochs, in the same order, from the same weights: the same losses.
    #expect(NSArray(array: continued["train_loss"] as? [Double] ?? []) == NSArray(array: uninterrupted["train_loss"] as? [Double] ?? []))
  }
}
