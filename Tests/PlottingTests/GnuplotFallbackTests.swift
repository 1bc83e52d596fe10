import Foundation
import Testing
@testable import Plotting

/// What users get when gnuplot is missing or fails: a script they can render
/// later, no SVG, and a message that says how.
@Suite struct GnuplotFallbackTests {
  /// A figure with text data and matrices, so the script's text encoding of
  /// matrices is compared against the binary one sent down the pipe.
  let figure = Figure(title: "Fallback", panels: [
    Panel(title: "Loss", xLabel: "epoch", series: [.line(y: [2.0, 1.1, 0.7, 0.55], title: "train")]),
    Panel(title: "Attention", series: [
      .heatmap((0..<6).map { row in (0..<6).map { column in Float(row * column) / 25 + 0.1 } }, colorMap: .viridis),
    ]),
    Panel(title: "Regions", series: [
      .field((0..<8).map { row in (0..<9).map { column in Float(row - column) / 9 } }, x: -1...1, y: 0...0.5),
      .scatter(x: [-0.5, 0.5], y: [0.1, 0.4], classes: [0, 1]),
    ]),
    Panel(title: "Filters", series: [
      .imageGrid((0..<4).map { index in (0..<9).map { Float($0 * (index + 1)) } }, width: 3, height: 3,
                 columns: 2, captions: ["f1", "f2", "f3", "f4"], normalizeEach: true),
    ]),
  ])

  /// A gnuplot nobody can find: a search path of one empty directory.
  func missingGnuplot(in directory: URL) throws -> Gnuplot {
    let emptyBin = directory.appendingPathComponent("empty-bin")
    try FileManager.default.createDirectory(at: emptyBin, withIntermediateDirectories: true)
    return Gnuplot(environment: ["PATH": emptyBin.path])
  }

  @Test func missingGnuplotWritesTheScriptAndSaysHowToRenderIt() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let figures = directory.appendingPathComponent("figures")
    let url = figures.appendingPathComponent("loss.svg")
    let gnuplot = try missingGnuplot(in: directory)

    let error = #expect(throws: PlotError.self) { try figure.writeSVG(to: url, gnuplot: gnuplot) }
    let scriptPath = Figure.displayPath(figures.appendingPathComponent("loss.gp"))
    #expect(error == .gnuplotNotFound(searched: "not on PATH", script: scriptPath))
    let message = try #require(error).description
    #expect(message.hasPrefix("gnuplot not found"))
    #expect(message.contains("wrote \(scriptPath)"))
    #expect(message.contains("sudo apt-get install gnuplot-nox"))
    #expect(message.contains("run `gnuplot \(scriptPath)`"))
    #expect(!message.contains("\n"))
    #expect(try fileNames(in: figures) == ["loss.gp"], "the script, and no SVG")

    let script = try String(contentsOf: figures.appendingPathComponent("loss.gp"), encoding: .utf8)
    #expect(!script.contains("binary"), "data inline as text: the script stands alone")
    #expect(script.contains("$panel2_series1 << EOD"))
  }

  @Test func missingGnuplotForAPreviewSaysHowToInstallIt() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let error = #expect(throws: PlotError.self) { try figure.asciiPreview(gnuplot: try missingGnuplot(in: directory)) }
    #expect(error?.description == "gnuplot not found (not on PATH); install it with `sudo apt-get install gnuplot-nox`")
  }

  /// The saved script, run by gnuplot later, draws what `writeSVG` draws.
  @Test func savedScriptRendersTheSameSVGLater() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let direct = directory.appendingPathComponent("direct.svg")
    try figure.writeSVG(to: direct)
    let later = directory.appendingPathComponent("later.svg")
    #expect(throws: PlotError.self) { try figure.writeSVG(to: later, gnuplot: try missingGnuplot(in: directory)) }

    // As the message says: `gnuplot later.gp`, from another working directory.
    let gnuplot = try #require(Gnuplot().locate())
    let process = Process()
    process.executableURL = gnuplot
    process.arguments = [directory.appendingPathComponent("later.gp").path]
    process.currentDirectoryURL = FileManager.default.temporaryDirectory
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)

    let rendered = try String(contentsOf: later, encoding: .utf8)
    let expected = try String(contentsOf: direct, encoding: .utf8)
    // writeSVG adds only a title and the square-pixel hint to embedded images.
    #expect(rendered != expected)
    #expect(figure.polishedSVG(rendered) == expected)
    #expect(try SVGInspection.read(later).imageCount == 3)
  }

  @Test func failingGnuplotWritesTheScriptAndNoSVG() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("broken.svg")
    // `false` stands in for a gnuplot that fails: exit status 1, no output.
    let error = #expect(throws: PlotError.self) {
      try figure.writeSVG(to: url, gnuplot: Gnuplot(executable: URL(fileURLWithPath: "/bin/false")))
    }
    guard case .gnuplotFailed(let status, _, let script)? = error else {
      Issue.record("expected gnuplotFailed, got \(String(describing: error))")
      return
    }
    #expect(status == 1)
    #expect(script == Figure.displayPath(directory.appendingPathComponent("broken.gp")))
    #expect(error?.description.contains("run `gnuplot \(script!)`") == true)
    #expect(try fileNames(in: directory) == ["broken.gp"])
  }

  /// A gnuplot that quits without reading a large figure must not take the
  /// program down with SIGPIPE: the failure is reported as an error.
  @Test func gnuplotQuittingEarlyIsAnErrorNotACrash() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let large = Figure(Panel(series: [.heatmap(values: [Float](repeating: 0.5, count: 300 * 300), rows: 300, columns: 300)]))
    let url = directory.appendingPathComponent("large.svg")
    let error = #expect(throws: PlotError.self) {
      try large.writeSVG(to: url, gnuplot: Gnuplot(executable: URL(fileURLWithPath: "/bin/true")))
    }
    #expect(error?.description.contains("drew nothing") == true)
    #expect(try fileNames(in: directory) == ["large.gp"])
  }

  /// An explicit executable that does not exist is "not found", naming it.
  @Test func explicitExecutableThatIsMissingIsNamed() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = URL(fileURLWithPath: "/nonexistent/gnuplot")
    let error = #expect(throws: PlotError.self) {
      try figure.writeSVG(to: directory.appendingPathComponent("x.svg"), gnuplot: Gnuplot(executable: missing))
    }
    #expect(error?.description.contains("no executable at /nonexistent/gnuplot") == true)
  }

  @Test func keepScriptSavesTheScriptBesideASuccessfulSVG() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try figure.writeSVG(to: directory.appendingPathComponent("kept.svg"), keepScript: true)
    #expect(try fileNames(in: directory) == ["kept.gp", "kept.svg"])
    let script = try String(contentsOf: directory.appendingPathComponent("kept.gp"), encoding: .utf8)
    #expect(script.contains("set output output_file") && !script.contains("binary"))
  }

  /// A "gnuplot" that cannot even start (here a directory) still leaves the script.
  @Test func gnuplotThatCannotStartStillLeavesTheScript() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let notAProgram = directory.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: notAProgram, withIntermediateDirectories: true)
    let error = #expect(throws: PlotError.self) {
      try figure.writeSVG(to: directory.appendingPathComponent("x.svg"), gnuplot: Gnuplot(executable: notAProgram))
    }
    #expect(error?.description.contains("cannot start") == true)
    #expect(try fileNames(in: directory) == ["bin", "x.gp"])
  }

  /// An earlier SVG is replaced only by a complete new one.
  @Test func failedRenderLeavesThePreviousSVGIntact() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("kept.svg")
    try figure.writeSVG(to: url)
    let before = try Data(contentsOf: url)
    #expect(throws: PlotError.self) {
      try figure.writeSVG(to: url, gnuplot: Gnuplot(executable: URL(fileURLWithPath: "/bin/false")))
    }
    #expect(try Data(contentsOf: url) == before)
    #expect(try fileNames(in: directory) == ["kept.gp", "kept.svg"])
  }
}
