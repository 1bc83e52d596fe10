import Foundation

/// Why a figure was not drawn, with a one-line ``description`` that says
/// what happened and what to do.
///
/// When gnuplot is missing or fails, ``Figure/writeSVG(to:theme:keepScript:gnuplot:)``
/// has already saved the figure as a gnuplot script, and the message says how
/// to render it:
///
///     gnuplot not found (not on PATH): wrote figures/loss.gp; install it with
///     `sudo apt-get install gnuplot-nox` and run `gnuplot figures/loss.gp`
public enum PlotError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// No `gnuplot` on the search path (or at the given executable path).
  /// `script` is the saved script, if one was saved.
  case gnuplotNotFound(searched: String, script: String?)
  /// gnuplot ran but exited with an error or drew nothing. `message` is the
  /// first line of its error output.
  case gnuplotFailed(status: Int32, message: String, script: String?)
  /// A series cannot be drawn (mismatched lengths, an empty matrix, …);
  /// nothing was written.
  case invalidData(String)
  /// A file could not be written.
  case unwritable(path: String, reason: String)

  static let installCommand = "sudo apt-get install gnuplot-nox"

  public var description: String {
    switch self {
    case .gnuplotNotFound(let searched, let script?):
      return "gnuplot not found (\(searched)): wrote \(script); install it with `\(Self.installCommand)` "
        + "and run `gnuplot \(script)`"
    case .gnuplotNotFound(let searched, nil):
      return "gnuplot not found (\(searched)); install it with `\(Self.installCommand)`"
    case .gnuplotFailed(let status, let message, let script?):
      return "gnuplot failed (exit status \(status)): \(message); wrote \(script); "
        + "run `gnuplot \(script)` to see the whole error"
    case .gnuplotFailed(let status, let message, nil):
      return "gnuplot failed (exit status \(status)): \(message)"
    case .invalidData(let problem):
      return "cannot plot: \(problem)"
    case .unwritable(let path, let reason):
      return "\(path): cannot write: \(reason)"
    }
  }

  public var errorDescription: String? { description }
}
