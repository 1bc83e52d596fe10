extension Panel {
  /// Writes the panel's settings, data and `plot` command (and its binary
  /// matrices) into `script`.
  ///
  /// - Parameters:
  ///   - index: The panel's number in the figure, from 1.
  ///   - isText: Whether gnuplot draws in characters (the dumb terminal), where grid lines are clutter.
  ///   - panelPixels: About how large the panel is drawn, in pixels.
  func write(
    index: Int, into script: inout GnuplotScript, theme: Theme, isText: Bool,
    panelPixels: (width: Double, height: Double)
  ) {
    let foreground = "textcolor rgb '\(theme.foreground)'"
    let quoted = GnuplotScript.quoted
    if !title.isEmpty { script.command("set title \(quoted(title)) \(foreground)") }
    if !xLabel.isEmpty { script.command("set xlabel \(quoted(xLabel)) \(foreground)") }
    if !yLabel.isEmpty { script.command("set ylabel \(quoted(yLabel)) \(foreground)") }
    script.command("set tics \(foreground)")

    switch layout {
    case .axes: writeAxesSettings(into: &script, theme: theme, showsGrid: showsGrid && !isText)
    case .matrix: writeMatrixSettings(into: &script, theme: theme)
    case .images: writeImageGridSettings(into: &script, theme: theme, panelPixels: panelPixels)
    }
    writeColorSettings(into: &script, theme: theme)
    writeLegend(into: &script, theme: theme)

    // Images first, so lines and points are drawn over them.
    let ordered = series.filter(\.isImage) + series.filter { !$0.isImage }
    var context = SeriesContext(
      theme: theme, panelPixels: panelPixels,
      barSeriesCount: series.count { if case .bars = $0.kind { true } else { false } },
      histogramCount: series.count { if case .histogram = $0.kind { true } else { false } })
    var clauses: [String] = []
    var payloads: [[Float]] = []
    for (seriesIndex, series) in ordered.enumerated() {
      let written = series.write(named: "$panel\(index)_series\(seriesIndex + 1)", into: &script, context: &context)
      clauses += written.clauses
      payloads += written.binaryPayloads
    }
    script.command("plot " + clauses.joined(separator: ", \\\n     "))
    // Binary matrices follow their plot command, in the order of its '-' clauses.
    for payload in payloads { script.binaryMatrix(payload) }
  }

  private func writeAxesSettings(into script: inout GnuplotScript, theme: Theme, showsGrid: Bool) {
    script.command("set border 3 lc rgb '\(theme.foreground)'")
    script.command("set tics nomirror out scale 0.6")
    let barLabels = series.lazy.compactMap { if case .bars(let bars) = $0.kind { bars.labels } else { nil } }.first
    let categories = barLabels ?? xCategories
    if showsGrid {
      script.command("set grid \(categories != nil ? "ytics" : "xtics ytics") back lt 1 lw 0.5 lc rgb '\(theme.gridColor)'")
    }
    if xScale == .logarithmic { script.command("set logscale x 10") }
    if yScale == .logarithmic { script.command("set logscale y 10") }

    if let categories {
      let tics = categories.enumerated().map { "\(GnuplotScript.quoted($0.element)) \($0.offset)" }
      script.command("set xtics (\(tics.joined(separator: ", "))) scale 0")
      if categories.count > 6 && categories.contains(where: { $0.count > 3 }) {
        script.command("set xtics rotate by 30 right")
      }
      if xRange == nil { script.command("set xrange [-0.6:\(Double(categories.count) - 0.4)]") }
    }
    // A field fills the plot area exactly, unless the panel says otherwise.
    let field = series.lazy.compactMap { if case .field(let field) = $0.kind { field } else { nil } }.first
    if let xRange = xRange ?? field?.extent.x {
      script.command("set xrange [\(xRange.lowerBound):\(xRange.upperBound)]")
    }
    if let yRange = yRange ?? field?.extent.y {
      script.command("set yrange [\(yRange.lowerBound):\(yRange.upperBound)]")
    } else if startsAtZero {
      script.command("set yrange [0:*]")
    }
  }

  /// Bars and histograms of non-negative heights rise from zero.
  private var startsAtZero: Bool {
    guard yScale == .linear else { return false }
    var hasBoxes = false
    for series in series {
      switch series.kind {
      case .bars(let bars):
        if bars.values.contains(where: { $0 < 0 }) { return false }
        hasBoxes = true
      case .histogram:
        hasBoxes = true
      default:
        continue
      }
    }
    return hasBoxes
  }

  private func writeMatrixSettings(into script: inout GnuplotScript, theme: Theme) {
    guard let heatmap = series.lazy.compactMap({ if case .heatmap(let map) = $0.kind { map } else { nil } }).first
    else { return }
    script.command("set border 15 lc rgb '\(theme.foreground)'")
    script.command("set tics scale 0")
    script.command("set size ratio -1")
    script.command("set xrange [-0.5:\(Double(heatmap.columns) - 0.5)]")
    // Reversed: row 0 at the top, as a matrix is written.
    script.command("set yrange [\(Double(heatmap.rows) - 0.5):-0.5]")
    if let labels = heatmap.xLabels {
      let tics = labels.enumerated().map { "\(GnuplotScript.quoted($0.element)) \($0.offset)" }
      script.command("set xtics (\(tics.joined(separator: ", ")))")
      if labels.count > 6 && labels.contains(where: { $0.count > 2 }) {
        script.command("set xtics rotate by 45 right")
      }
    } else if heatmap.columns <= 20 {
      script.command("set xtics 1")
    }
    if let labels = heatmap.yLabels {
      let tics = labels.enumerated().map { "\(GnuplotScript.quoted($0.element)) \($0.offset)" }
      script.command("set ytics (\(tics.joined(separator: ", ")))")
    } else if heatmap.rows <= 20 {
      script.command("set ytics 1")
    }
  }

  private func writeImageGridSettings(
    into script: inout GnuplotScript, theme: Theme, panelPixels: (width: Double, height: Double)
  ) {
    guard let grid = series.lazy.compactMap({ if case .imageGrid(let grid) = $0.kind { grid } else { nil } }).first
    else { return }
    let canvas = grid.canvas(panelPixels: panelPixels)
    script.command("unset border")
    script.command("unset tics")
    script.command("set margins 1, 1, 1, \(title.isEmpty ? 1 : 3)")
    script.command("set size ratio -1")
    script.command("set xrange [-0.5:\(Double(canvas.width) - 0.5)]")
    script.command("set yrange [\(Double(canvas.height) - 0.5):-0.5]")
    for (index, caption) in (grid.captions ?? []).enumerated() {
      let center = canvas.captionCenters[index]
      script.command(
        "set label \(index + 1) \(GnuplotScript.quoted(caption)) at \(center.x),\(center.y) center front "
          + "font ',\(Series.ImageGrid.captionFontSize)' textcolor rgb '\(theme.foreground)'")
    }
  }

  /// The color map, color range and color bar of the panel's images, if any.
  private func writeColorSettings(into script: inout GnuplotScript, theme: Theme) {
    for series in series {
      switch series.kind {
      case .heatmap(let heatmap):
        writeColorBar(colorMap: heatmap.colorMap, range: heatmap.range, label: heatmap.title, into: &script, theme: theme)
      case .field(let field):
        writeColorBar(colorMap: field.colorMap, range: field.range, label: field.title, into: &script, theme: theme)
      case .imageGrid(let grid):
        let range = grid.normalizeEach ? 0.0...1.0 : (grid.range ?? Series.ImageGrid.finiteRange(of: grid.images.joined()))
        script.command(grid.colorMap.paletteCommand)
        script.command("set cbrange [\(range.lowerBound):\(range.upperBound)]")
        script.command("unset colorbox")
      default:
        continue
      }
      // One color map per panel: the first image's.
      return
    }
  }

  private func writeColorBar(
    colorMap: ColorMap, range: ClosedRange<Double>?, label: String, into script: inout GnuplotScript, theme: Theme
  ) {
    script.command(colorMap.paletteCommand)
    if let range { script.command("set cbrange [\(range.lowerBound):\(range.upperBound)]") }
    script.command("set colorbox")
    script.command("set cbtics \(layout == .matrix ? "scale 0" : "scale 0.6") textcolor rgb '\(theme.foreground)'")
    if !label.isEmpty {
      script.command("set cblabel \(GnuplotScript.quoted(label)) textcolor rgb '\(theme.foreground)'")
    }
  }

  private func writeLegend(into script: inout GnuplotScript, theme: Theme) {
    let hasEntries = series.contains { series in
      switch series.kind {
      case .line(let line): return !line.title.isEmpty
      case .scatter(let scatter): return !scatter.title.isEmpty || scatter.classes != nil
      case .bars(let bars): return !bars.title.isEmpty
      case .histogram(let histogram): return !histogram.title.isEmpty
      case .heatmap, .field, .imageGrid: return false
      }
    }
    let position: String
    switch legend {
    case _ where !hasEntries, .hidden:
      script.command("unset key")
      return
    case .topRight: position = "top right"
    case .topLeft: position = "top left"
    case .bottomRight: position = "bottom right"
    case .bottomLeft: position = "bottom left"
    case .outside: position = "outside right top vertical"
    case .below: position = "below horizontal"
    }
    script.command("set key \(position) textcolor rgb '\(theme.foreground)' samplen 2.5 spacing 1.1")
  }
}
