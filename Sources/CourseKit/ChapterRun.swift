import Autograd
import Foundation
import Plotting

/// One run of a chapter: its options, its output folder, what it prints and
/// the metrics it reports.
///
/// Outputs are staged: `metrics.json`, `transcript.txt` and `figures/` are
/// written to a hidden folder inside the output folder and moved into place
/// only when the chapter finishes, so a failed run leaves the outputs of the
/// last good run untouched. The checkpoint is the exception: it is replaced,
/// atomically, after every epoch, so that `--resume` can continue from it.
public final class ChapterRun {
  /// The chapter's slug: its product name and output folder name.
  public let slug: String
  public let options: ChapterOptions
  /// The number of epochs to train: `--epochs`, else 1 with `--quick`, else the chapter's default.
  public let epochs: Int
  /// The seeded generator for everything random in the chapter.
  public let random: RandomGenerator
  /// The numbers the chapter reports; written to `metrics.json` at the end.
  public var metrics = Metrics()

  /// Where the outputs end up.
  public let outputDirectory: URL
  /// Where they are written until the run succeeds.
  let stagingDirectory: URL
  /// The output folder, and which of its folders this run created.
  let outputFolder: OutputFolder
  private var transcript = ""
  private let started = Date()
  /// The figures written so far, as file names in `figures/`.
  public internal(set) var figureNames: [String] = []
  /// Figures saved only as gnuplot scripts, with the reason.
  var figureProblems: [(script: String, error: PlotError)] = []
  /// Other files staged with `stagedOutput(named:)`.
  private var stagedOutputNames: [String] = []

  public var isQuick: Bool { options.quick }
  public var seed: UInt64 { options.seed }

  /// The checkpoint of the last finished epoch.
  public var checkpointURL: URL { outputDirectory.appendingPathComponent("checkpoint.safetensors") }

  /// Where figures are staged; their final place is `figures/` in the output folder.
  public var figuresDirectory: URL { stagingDirectory.appendingPathComponent("figures") }

  /// Where to write another output file named `name` (a saved model, say):
  /// a staged path, moved into the output folder with `metrics.json` when
  /// the run succeeds, so a failed run leaves no half-written file there.
  public func stagedOutput(named name: String) -> URL {
    precondition(!name.contains("/") && !["metrics.json", "transcript.txt", "figures"].contains(name),
      "stagedOutput(named:): '\(name)' must be a plain file name other than the run's own outputs")
    if !stagedOutputNames.contains(name) { stagedOutputNames.append(name) }
    return stagingDirectory.appendingPathComponent(name)
  }

  init(slug: String, defaultEpochs: Int, options: ChapterOptions) throws {
    self.slug = slug
    self.options = options
    self.epochs = options.epochs ?? (options.quick ? 1 : defaultEpochs)
    self.random = RandomGenerator(seed: options.seed)
    // A quick run never replaces a full run's outputs: it has a folder of its own.
    let path = options.out ?? (options.quick ? ".build/course-quick/\(slug)" : ".build/course/\(slug)")
    outputDirectory = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    stagingDirectory = outputDirectory.appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)")
    outputFolder = try OutputFolder(url: outputDirectory, flag: "--out \(path)")
    do {
      try FileManager.default.createDirectory(at: stagingDirectory.appendingPathComponent("figures"), withIntermediateDirectories: true)
    } catch {
      outputFolder.removeIfEmpty()
      throw ChapterError("--out \(path): cannot create the output folder (\(Self.reason(error))); choose a writable folder")
    }
    if let threads = options.threads { ExecutionPolicy.setThreadCount(threads) }
    metrics.record("chapter", slug)
    metrics.record("seed", options.seed)
    metrics.record("epochs", epochs)
    metrics.record("quick", options.quick)
    metrics.record("machine", MachineSummary.current.metricValue)
  }

  /// The data folder: `--data`, or the chapter's default.
  public func dataDirectory(default path: String) -> URL {
    URL(fileURLWithPath: options.data ?? path, isDirectory: true)
  }

  // MARK: - Printing

  /// Prints a line for the reader and keeps it in `transcript.txt`. With
  /// `--json` the line goes to standard error, so that standard output holds
  /// only the final JSON.
  public func say(_ line: String = "") {
    transcript += line + "\n"
    if options.json {
      FileHandle.standardError.write(Data((line + "\n").utf8))
    } else {
      print(line)
    }
  }

  /// Prints a heading.
  public func section(_ title: String) {
    say()
    say(title)
    say(String(repeating: "=", count: title.count))
  }

  /// Ends the chapter with a one-line error if Ctrl-C was pressed: for long
  /// loops outside ``train(model:optimizer:clipGradientNorm:batches:loss:evaluate:)``,
  /// which checks between steps by itself. Nothing of the run is written.
  public func stopIfInterrupted() throws {
    guard Interruption.wasRequested else { return }
    throw ChapterError(
      "interrupted before the end: metrics.json, the figures and the transcript in \(outputDirectory.path) "
        + "were left as they were. Run the chapter again; --resume continues from its last checkpoint.")
  }

  // MARK: - Finishing

  /// Writes the metrics and the transcript, then moves every staged output
  /// into the output folder.
  func finish() throws {
    metrics.record("total_seconds", Date().timeIntervalSince(started))
    for key in ["chapter", "seed", "epochs", "epoch_seconds"] where metrics[key] == nil {
      throw ChapterError("\(slug): the chapter did not record the required metric '\(key)'")
    }
    try writeAtomically(metrics.prettyJSON, to: stagingDirectory.appendingPathComponent("metrics.json"))
    try writeAtomically(transcript, to: stagingDirectory.appendingPathComponent("transcript.txt"))
    try publishStagedFiles()
    if let failure = figureFailure() { throw failure }
    if options.json { print(metrics.compactJSON) }
  }

  /// Removes the staged outputs of a failed run, and the output folder too
  /// if this run created it and left nothing in it (no checkpoint).
  func abandon() {
    try? FileManager.default.removeItem(at: stagingDirectory)
    outputFolder.removeIfEmpty()
  }

  private func publishStagedFiles() throws {
    let fileManager = FileManager.default
    let finalFigures = outputDirectory.appendingPathComponent("figures")
    do {
      // The figures of an older run are replaced as a whole, so none of them outlives its code.
      if fileManager.fileExists(atPath: finalFigures.path) { try fileManager.removeItem(at: finalFigures) }
      try fileManager.moveItem(at: stagingDirectory.appendingPathComponent("figures"), to: finalFigures)
      let written = stagedOutputNames.filter { fileManager.fileExists(atPath: stagingDirectory.appendingPathComponent($0).path) }
      for name in written + ["metrics.json", "transcript.txt"] {
        let target = outputDirectory.appendingPathComponent(name)
        if rename(stagingDirectory.appendingPathComponent(name).path, target.path) != 0 {
          throw ChapterError("\(target.path): cannot write: \(String(cString: strerror(errno)))")
        }
      }
      try fileManager.removeItem(at: stagingDirectory)
    } catch let error as ChapterError {
      throw error
    } catch {
      throw ChapterError("\(outputDirectory.path): cannot publish the outputs: \(Self.reason(error))")
    }
  }

  static func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
  }
}
