import ArgumentParser
import Foundation

/// The flags every chapter executable accepts: the chapter contract.
///
///     swift run -c release cnn --quick --out /tmp/cnn --json
public struct ChapterOptions: ParsableArguments {
  @Flag(help: "Run in seconds: a small subset of the data and one epoch (for tests and CI).")
  public var quick = false

  @Option(help: "Number of training epochs (default: the chapter's own).")
  public var epochs: Int?

  @Option(help: "Seed of every random choice: the same seed gives the same numbers.")
  public var seed: UInt64 = 42

  @Option(help: "Output folder for metrics.json, figures/, transcript.txt and the checkpoint (default: .build/course/<chapter>, .build/course-quick/<chapter> with --quick).")
  public var out: String?

  @Option(help: "Folder with the data set's files (default: where the chapter's Debian package installs them).")
  public var data: String?

  @Option(help: "Threads for matrix products: 1 keeps them on one core; 2 (the default) splits them in halves; more hands large ones to OpenBLAS.")
  public var threads: Int?

  @Flag(help: "Print the final metrics as one JSON line on standard output.")
  public var json = false

  @Flag(help: "Continue an interrupted run from the checkpoint in the output folder.")
  public var resume = false

  @Flag(
    name: .customLong("compare-pytorch"),
    help: ArgumentHelp(
      "Also time one epoch of the same workload with PyTorch, on this machine, in this run (chapters 3 to 6; "
        + "needs Debian's python3-torch and the peers' scripts, in COURSE_PEERS or ../shared/peers)."))
  public var comparePyTorch = false

  public init() {}

  public mutating func validate() throws {
    if let epochs, !(1...10_000).contains(epochs) {
      throw ValidationError("--epochs must be between 1 and 10000, got \(epochs)")
    }
    if let threads, !(1...256).contains(threads) {
      throw ValidationError("--threads must be between 1 and 256, got \(threads)")
    }
    if let out, out.isEmpty { throw ValidationError("--out needs a folder path") }
    if let data, data.isEmpty { throw ValidationError("--data needs a folder path") }
  }
}
