/// One thing drawn in a panel: a line, a scatter of points, bars, a histogram,
/// a heatmap, a filled field or a grid of images.
///
/// Build series with the static functions and list them in a ``Panel``:
///
///     Panel(title: "Loss", xLabel: "epoch", series: [
///       .line(y: trainLoss, title: "train"),
///       .line(y: testLoss, title: "test", dashed: true),
///     ])
///
/// Series without a color take the next one of ``Color/palette``. Images
/// (heatmaps, fields, image grids) are drawn first, under everything else, so
/// a ``field(_:x:y:colorMap:range:title:)`` of decision regions can carry a
/// scatter of the training points.
///
/// Non-finite values are never an error: a NaN or infinite point of a line or
/// scatter is undefined (a line shows a gap there), histograms skip such
/// values, and images draw such pixels in the background color.
public struct Series: Sendable {
  let kind: Kind

  enum Kind: Sendable {
    case line(Line)
    case scatter(Scatter)
    case bars(Bars)
    case histogram(Histogram)
    case heatmap(Heatmap)
    case field(Field)
    case imageGrid(ImageGrid)
  }

  struct Line: Sendable {
    var x: [Double]
    var y: [Double]
    var title: String
    var color: Color?
    var dashed: Bool
    var width: Double
  }

  struct Scatter: Sendable {
    var x: [Double]
    var y: [Double]
    var title: String
    var color: Color?
    /// One class index per point, or nil for a single-color scatter.
    var classes: [Int]?
    var classNames: [String]?
    var pointSize: Double
  }

  struct Bars: Sendable {
    var labels: [String]
    var values: [Double]
    var title: String
    var color: Color?
  }

  struct Heatmap: Sendable {
    /// Row-major: `values[row * columns + column]`, row 0 drawn at the top.
    var values: [Float]
    var rows: Int
    var columns: Int
    var xLabels: [String]?
    var yLabels: [String]?
    var colorMap: ColorMap
    var range: ClosedRange<Double>?
    var showValues: Bool
    var title: String
  }

  struct Field: Sendable {
    /// Row-major: `values[row * columns + column]`, row 0 at `y.lowerBound`.
    var values: [Float]
    var rows: Int
    var columns: Int
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>
    var colorMap: ColorMap
    var range: ClosedRange<Double>?
    var title: String
  }

  struct ImageGrid: Sendable {
    var images: [[Float]]
    var width: Int
    var height: Int
    var columns: Int
    var captions: [String]?
    var range: ClosedRange<Double>?
    var normalizeEach: Bool
    var colorMap: ColorMap
  }

  // MARK: - Lines and points

  /// A line through the points `(x[k], y[k])`, in order.
  ///
  /// - Parameters:
  ///   - x: The horizontal coordinates; as many as `y`.
  ///   - y: The vertical coordinates.
  ///   - title: The legend entry; empty for none.
  ///   - color: The line's color; nil for the next palette color.
  ///   - dashed: Whether the line is dashed (to tell test from train in print).
  ///   - width: The line width in points.
  public static func line(
    x: some PlottableValues, y: some PlottableValues, title: String = "",
    color: Color? = nil, dashed: Bool = false, width: Double = 2
  ) -> Series {
    Series(kind: .line(Line(x: x.plotValues, y: y.plotValues, title: title, color: color, dashed: dashed, width: width)))
  }

  /// A line through `y` against 1, 2, 3, …: one value per epoch.
  public static func line(
    y: some PlottableValues, title: String = "", color: Color? = nil, dashed: Bool = false, width: Double = 2
  ) -> Series {
    let values = y.plotValues
    let x = values.indices.map { Double($0 + 1) }
    return Series(kind: .line(Line(x: x, y: values, title: title, color: color, dashed: dashed, width: width)))
  }

  /// Points at `(x[k], y[k])` in one color.
  public static func scatter(
    x: some PlottableValues, y: some PlottableValues, title: String = "",
    color: Color? = nil, pointSize: Double = 0.6
  ) -> Series {
    Series(kind: .scatter(Scatter(
      x: x.plotValues, y: y.plotValues, title: title, color: color,
      classes: nil, classNames: nil, pointSize: pointSize)))
  }

  /// Points at `(x[k], y[k])` colored (and shaped) by their class.
  ///
  /// Each class becomes its own legend entry, named by `classNames[class]`
  /// or "class N".
  ///
  /// - Parameters:
  ///   - classes: One class index (0, 1, …) per point.
  ///   - classNames: Legend names indexed by class; nil for "class 0", "class 1", ….
  public static func scatter(
    x: some PlottableValues, y: some PlottableValues, classes: [Int],
    classNames: [String]? = nil, pointSize: Double = 0.6
  ) -> Series {
    Series(kind: .scatter(Scatter(
      x: x.plotValues, y: y.plotValues, title: "", color: nil,
      classes: classes, classNames: classNames, pointSize: pointSize)))
  }

  // MARK: - Bars and histograms

  /// One bar per label. Several bar series in a panel stand side by side,
  /// grouped by label (they should share their labels).
  public static func bars(
    labels: [String], values: some PlottableValues, title: String = "", color: Color? = nil
  ) -> Series {
    Series(kind: .bars(Bars(labels: labels, values: values.plotValues, title: title, color: color)))
  }

  // MARK: - Images

  /// A matrix as colored cells, row 0 at the top: confusion matrices,
  /// attention weights.
  ///
  /// - Parameters:
  ///   - matrix: The rows; all of the same length.
  ///   - xLabels: Names of the columns (e.g. predicted classes, keys); nil for indices.
  ///   - yLabels: Names of the rows (e.g. true classes, queries); nil for indices.
  ///   - colorMap: How values map to colors.
  ///   - range: The values at the two ends of the color bar; nil for the data's range.
  ///   - showValues: Whether each cell shows its value (for small matrices).
  ///   - title: The color bar's label.
  public static func heatmap(
    _ matrix: some PlottableMatrix, xLabels: [String]? = nil, yLabels: [String]? = nil,
    colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil, showValues: Bool = false,
    title: String = ""
  ) -> Series {
    let rows = matrix.imageRows
    let columns = rows.first?.count ?? 0
    // A ragged matrix keeps its row count but no values, so validation names it.
    let isRagged = rows.contains { $0.count != columns }
    return Series(kind: .heatmap(Heatmap(
      values: isRagged ? [] : rows.flatMap { $0 }, rows: rows.count, columns: columns,
      xLabels: xLabels, yLabels: yLabels, colorMap: colorMap, range: range, showValues: showValues,
      title: title)))
  }

  /// A row-major matrix of `rows × columns` values as colored cells, row 0 at the top.
  public static func heatmap(
    values: some PlottableValues, rows: Int, columns: Int, xLabels: [String]? = nil,
    yLabels: [String]? = nil, colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil,
    showValues: Bool = false, title: String = ""
  ) -> Series {
    Series(kind: .heatmap(Heatmap(
      values: values.imageValues, rows: rows, columns: columns, xLabels: xLabels, yLabels: yLabels,
      colorMap: colorMap, range: range, showValues: showValues, title: title)))
  }

  /// A function of two variables sampled on a regular grid, filling the
  /// rectangle `x × y` with color: the decision regions of a classifier, drawn
  /// under a scatter of its training points.
  ///
  ///     let grid = (0..<50).map { row in (0..<50).map { column in probability(row, column) } }
  ///     Panel(title: "Decision boundary", series: [
  ///       .field(grid, x: -2...2, y: -2...2, title: "P(class 1)"),
  ///       .scatter(x: xs, y: ys, classes: labels),
  ///     ])
  ///
  /// - Parameters:
  ///   - values: `values[row][column]` is the function at
  ///     `x = x.lowerBound + column·Δx`, `y = y.lowerBound + row·Δy`:
  ///     row 0 is the bottom edge, the last column the right edge.
  ///   - title: The color bar's label.
  public static func field(
    _ values: some PlottableMatrix, x: ClosedRange<Double>, y: ClosedRange<Double>,
    colorMap: ColorMap = .lightDiverging, range: ClosedRange<Double>? = nil, title: String = ""
  ) -> Series {
    let rows = values.imageRows
    let columns = rows.first?.count ?? 0
    let isRagged = rows.contains { $0.count != columns }
    return Series(kind: .field(Field(
      values: isRagged ? [] : rows.flatMap { $0 }, rows: rows.count, columns: columns,
      x: x, y: y, colorMap: colorMap, range: range, title: title)))
  }

  /// Small images in a grid, each with an optional caption below it:
  /// misclassified digits, convolution filters.
  ///
  /// A panel holding an image grid shows no axes.
  ///
  /// - Parameters:
  ///   - images: Each image row-major, `width × height` values, row 0 at the top.
  ///   - columns: Images per row of the grid.
  ///   - captions: One caption per image (e.g. "shirt → coat"); nil for none.
  ///   - range: The values drawn black and white; nil for the smallest and
  ///     largest value over all images.
  ///   - normalizeEach: Whether each image is stretched to its own range
  ///     (filters of different scales); overrides `range`.
  public static func imageGrid(
    _ images: some PlottableMatrix, width: Int, height: Int, columns: Int = 8,
    captions: [String]? = nil, range: ClosedRange<Double>? = nil, normalizeEach: Bool = false,
    colorMap: ColorMap = .grayscale
  ) -> Series {
    Series(kind: .imageGrid(ImageGrid(
      images: images.imageRows, width: width, height: height, columns: columns,
      captions: captions, range: range, normalizeEach: normalizeEach, colorMap: colorMap)))
  }

  // MARK: - What the panel needs to know

  /// Whether the series is drawn as an image (under the other series).
  var isImage: Bool {
    switch kind {
    case .heatmap, .field, .imageGrid: return true
    case .line, .scatter, .bars, .histogram: return false
    }
  }
}
