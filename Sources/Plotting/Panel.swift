/// One plot in a figure: its title, axes, legend and series.
///
///     Panel(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy", yScale: .logarithmic, series: [
///       .line(y: trainLoss, title: "train"),
///       .line(y: testLoss, title: "test", dashed: true),
///     ])
///
/// A panel with a heatmap shows it as a matrix (row 0 at the top, square
/// cells, the labels as tics); a panel with an image grid shows no axes.
public struct Panel: Sendable {
  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xScale: Scale
  public var yScale: Scale
  /// The visible x values; nil to fit the data.
  public var xRange: ClosedRange<Double>?
  /// The visible y values; nil to fit the data.
  public var yRange: ClosedRange<Double>?
  /// Names written on the x axis at x = 0, 1, 2, …, for points grouped by
  /// category (a strip plot); nil for a numeric axis. Bars name their own.
  public var xCategories: [String]?
  public var legend: Legend
  /// Whether light grid lines help read values off the axes.
  public var showsGrid: Bool
  public var series: [Series]

  /// - Parameters:
  ///   - title: Shown above the panel; empty for none.
  ///   - xLabel: The x axis's label.
  ///   - yLabel: The y axis's label.
  ///   - xScale: Linear or logarithmic.
  ///   - yScale: Linear or logarithmic (losses over many steps).
  ///   - xRange: The visible x values; nil to fit the data.
  ///   - yRange: The visible y values; nil to fit the data.
  ///   - xCategories: Names for x = 0, 1, 2, … instead of numbers.
  ///   - legend: Where the series' titles go.
  ///   - showsGrid: Whether light grid lines are drawn.
  ///   - series: What is drawn, images first, the others in order.
  public init(
    title: String = "", xLabel: String = "", yLabel: String = "",
    xScale: Scale = .linear, yScale: Scale = .linear,
    xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, xCategories: [String]? = nil,
    legend: Legend = .topRight, showsGrid: Bool = true, series: [Series]
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
    self.xRange = xRange
    self.yRange = yRange
    self.xCategories = xCategories
    self.legend = legend
    self.showsGrid = showsGrid
    self.series = series
  }

  /// How an axis maps values to positions.
  public enum Scale: Sendable, Hashable {
    case linear
    /// Base 10; values at or below zero are left out by gnuplot.
    case logarithmic
  }

  /// Where a panel's legend (gnuplot's "key") goes.
  public enum Legend: Sendable, Hashable {
    case topRight, topLeft, bottomRight, bottomLeft
    /// Right of the plot area, outside it.
    case outside
    /// Under the plot area, entries side by side.
    case below
    case hidden
  }

  /// How the panel is laid out, decided by what it holds.
  enum Layout {
    /// x/y axes: lines, points, bars, histograms, fields.
    case axes
    /// A matrix: row 0 at the top, square cells.
    case matrix
    /// Images without axes.
    case images
  }

  var layout: Layout {
    if series.contains(where: { if case .imageGrid = $0.kind { true } else { false } }) { return .images }
    if series.contains(where: { if case .heatmap = $0.kind { true } else { false } }) { return .matrix }
    return .axes
  }
}
