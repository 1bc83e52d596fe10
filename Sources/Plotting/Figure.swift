/// A figure: one or more panels in a grid, ready to become an SVG file or a
/// text preview in the terminal.
///
/// A figure is a plain value: build it from arrays, then render it.
///
///     let figure = Figure(title: "Training", panels: [
///       Panel(title: "Loss", xLabel: "epoch", series: [.line(y: losses, title: "train")]),
///       Panel(title: "Accuracy", xLabel: "epoch", series: [.line(y: accuracies, title: "test")]),
///     ])
///     try figure.writeSVG(to: outputDirectory.appending(path: "figures/training.svg"))
///     print(try figure.asciiPreview(width: 80, height: 24))
///
/// See ``writeSVG(to:theme:keepScript:gnuplot:)`` for what happens when
/// gnuplot is missing.
///
/// For a figure of many panels full of array literals, give each panel its
/// own `let`: one huge expression of generic calls can exhaust the Swift type
/// checker's patience ("unable to type-check this expression in reasonable time").
public struct Figure: Sendable {
  /// Shown above all panels; empty for none.
  public var title: String
  public var panels: [Panel]
  /// Panels per row; nil for up to three side by side, then a near-square grid.
  public var columns: Int?
  /// The SVG's width in pixels; nil for a size that suits the panel grid.
  public var width: Int?
  /// The SVG's height in pixels; nil for a size that suits the panel grid.
  public var height: Int?

  /// A figure of several panels, filled in row by row.
  public init(title: String = "", columns: Int? = nil, width: Int? = nil, height: Int? = nil, panels: [Panel]) {
    self.title = title
    self.panels = panels
    self.columns = columns
    self.width = width
    self.height = height
  }

  /// A figure of one panel.
  public init(_ panel: Panel, width: Int? = nil, height: Int? = nil) {
    self.init(width: width, height: height, panels: [panel])
  }

  /// The panel grid: rows and columns.
  var grid: (rows: Int, columns: Int) {
    let count = max(panels.count, 1)
    let columns = max(1, min(self.columns ?? Self.automaticColumns(count), count))
    return ((count + columns - 1) / columns, columns)
  }

  private static func automaticColumns(_ count: Int) -> Int {
    count <= 3 ? count : Int(Double(count).squareRoot().rounded(.up))
  }

  /// The SVG size in pixels.
  var pixelSize: (width: Int, height: Int) {
    let (rows, columns) = grid
    let automaticWidth = columns == 1 ? 640 : 420 * columns
    let automaticHeight = rows == 1 && columns == 1 ? 420 : 340 * rows + (title.isEmpty ? 0 : 30)
    return (width ?? automaticWidth, height ?? automaticHeight)
  }

  /// Throws ``PlotError/invalidData(_:)`` naming the first series that cannot be drawn.
  func validate() throws {
    if panels.isEmpty { throw PlotError.invalidData("the figure has no panels") }
    for (panelIndex, panel) in panels.enumerated() {
      let name = panel.title.isEmpty ? "panel \(panelIndex + 1)" : "panel \"\(panel.title)\""
      if panel.series.isEmpty { throw PlotError.invalidData("\(name) has no series") }
      for series in panel.series {
        if let problem = series.problem {
          throw PlotError.invalidData("\(name): \(problem)")
        }
      }
    }
  }
}
