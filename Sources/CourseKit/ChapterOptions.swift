import ArgumentParser
import Foundation

/// The flags every chapter executable accepts: the chapter contract.
///
///     swift run -c release cnn --quick --out /tmp/cnn --json
public struct ChapterOptions: ParsableArguments {
  @Flag(help: "Run in seconds: a small subset of the data and one epoch (for tests and CI).")
  public var quick = false

  // The numeric options take the next argument even if it starts with "-",
  // so that `--epochs -1` is told what is wrong with -1, not that a value is missing.

  @Option(parsing: .unconditional, help: "Number of training epochs (default: the chapter's own).",
          transform: { try wholeNumber($0, from: 1, to: maximumEpochs) })
  public var epochs: Int?

  @Option(parsing: .unconditional, help: "Seed of every random choice: the same seed gives the same numbers.",
          transform: { try seedValue($0) })
  public var seed: UInt64 = 42

  @Option(help: "Output folder for metrics.json, figures/, transcript.txt and the checkpoint (default: .build/course/<chapter>, .build/course-quick/<chapter> with --quick).")
  public var out: String?

  @Option(help: "Folder with the data set's files (default: where the chapter's Debian package installs them).")
  public var data: String?

  @Option(parsing: .unconditional,
          help: "Threads for matrix products: 1 keeps them on one core; 2 (the default) splits them in halves; more hands large ones to OpenBLAS.",
          transform: { try wholeNumber($0, from: 1, to: maximumThreads) })
  public var threads: Int?

  @Flag(help: "Print the final metrics as one JSON line on standard output.")
  public var json = false

  @Flag(help: "Continue an interrupted run from the checkpoint in the output folder.")
  public var resume = false

  @Flag(
    name: .customLong("compare-pytorch"),
    help: ArgumentHelp(
      "Also time one epoch of the same workload with PyTorch, on this machine, in this run (chapters 3, 4, 6 and 7; "
        + "needs Debian's python3-torch and the peers' scripts, in COURSE_PEERS or ../shared/peers); chapters 8 and 9 "
        + "compare with PyTorch in every full run where it imports, and with this flag in quick runs too."))
  public var comparePyTorch = false

  public init() {}

  public mutating func validate() throws {
    if let epochs, !(1...maximumEpochs).contains(epochs) {
      throw ValidationError("--epochs must be between 1 and \(maximumEpochs), got \(epochs)")
    }
    if let threads, !(1...maximumThreads).contains(threads) {
      throw ValidationError("--threads must be between 1 and \(maximumThreads), got \(threads)")
    }
    if let out, out.isEmpty { throw ValidationError("--out needs a folder path") }
    if let data, data.isEmpty { throw ValidationError("--data needs a folder path") }
  }
}

private let maximumEpochs = 10_000
private let maximumThreads = 256

// ArgumentParser prints a transform's error after "The value 'x' is invalid
// for '--epochs <epochs>': ", so these say only what a good value is.

/// `text` as an integer; the bounds are for the message (`validate()` checks them).
private func wholeNumber(_ text: String, from lowest: Int, to highest: Int) throws -> Int {
  guard let value = Int(text) else { throw ValidationError("give a whole number from \(lowest) to \(highest)") }
  return value
}

/// `text` as a seed.
private func seedValue(_ text: String) throws -> UInt64 {
  guard let value = UInt64(text) else { throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)") }
  return value
}
