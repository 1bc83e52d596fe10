import Foundation

/// Shows training progress on standard error: a bar redrawn in place on a
/// terminal, a plain line now and then otherwise (logs, CI).
///
///     epoch 2/10 [##########..........] 940/1875  loss 0.4521  0:37 left
final class ProgressReporter {
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private var lastDraw = 0.0
  private let epochLabel: String
  private let total: Int
  private let start = Date()

  init(epoch: Int, of epochs: Int, steps: Int) {
    epochLabel = "epoch \(epoch)/\(epochs)"
    total = steps
  }

  /// Reports that `done` of the epoch's steps are finished, with the running loss.
  func update(done: Int, loss: Double) {
    let elapsed = Date().timeIntervalSince(start)
    if isTerminal {
      // Redrawing more than ten times a second only costs time.
      guard elapsed - lastDraw >= 0.1 || done == total else { return }
      lastDraw = elapsed
      let width = 24
      let filled = total > 0 ? width * done / total : width
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
      let line = "\(epochLabel) [\(bar)] \(done)/\(total)  loss \(String(format: "%.4f", loss))  \(clock(remaining)) left"
      FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    } else {
      // In a log, a line every ten seconds of a long epoch; short epochs only get their summary.
      guard elapsed - lastDraw >= 10, done < total else { return }
      lastDraw = elapsed
      let percent = total > 0 ? 100 * done / total : 100
      FileHandle.standardError.write(Data("\(epochLabel): \(percent)% (\(done)/\(total)), loss \(String(format: "%.4f", loss))\n".utf8))
    }
  }

  /// Clears the bar so the next line starts clean.
  func finish() {
    if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }

  private func clock(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return String(format: "%d:%02d", whole / 60, whole % 60)
  }
}
