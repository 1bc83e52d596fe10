import Foundation
import Plotting

extension ChapterRun {
  /// Draws `figure` into `figures/<name>.svg`. With `preview`, a terminal
  /// also sees it drawn in text (gnuplot's dumb terminal).
  ///
  /// When gnuplot is missing or fails, the run goes on: the figure is saved
  /// as `figures/<name>.gp` instead, and the chapter ends, after writing its
  /// other outputs, with an error that says how to render the scripts.
  public func save(_ figure: Figure, as name: String, preview: Bool = false) throws {
    let url = figuresDirectory.appendingPathComponent(name + ".svg")
    do {
      try figure.writeSVG(to: url)
      figureNames.append(name + ".svg")
    } catch let error as PlotError {
      switch error {
      case .gnuplotNotFound, .gnuplotFailed:
        figureProblems.append((name + ".gp", error))
        return
      case .invalidData, .unwritable:
        throw ChapterError("figure \(name): \(error)")
      }
    }
    if preview && showsTextPlots, let text = try? figure.asciiPreview(width: 78, height: 22) {
      say(text)
    }
  }

  /// Text plots go to a terminal only: in a log they are noise.
  private var showsTextPlots: Bool { !options.json && isatty(STDOUT_FILENO) == 1 }

  /// The error to end with when some figures could only be saved as scripts.
  func figureFailure() -> ChapterError? {
    guard let (script, first) = figureProblems.first else { return nil }
    let folder = outputDirectory.appendingPathComponent("figures").path
    let cause: String
    switch first {
    case .gnuplotNotFound: cause = "gnuplot not found, so"
    default: cause = "gnuplot failed (\(first)), so"
    }
    return ChapterError(
      "\(cause) \(figureProblems.count) figure(s) were saved as scripts in \(folder); install gnuplot "
        + "(`sudo apt-get install gnuplot-nox`) and render each with `gnuplot \(folder)/\(script)` (or rerun the chapter)")
  }
}
