import Foundation

/// What a series needs to know about its panel while it writes itself.
struct SeriesContext {
  let theme: Theme
  /// About how large the panel's plot area is drawn, in pixels.
  let panelPixels: (width: Double, height: Double)
  /// How many bar and histogram series the panel holds (bars stand side by side).
  let barSeriesCount: Int
  let histogramCount: Int
  /// The next palette color for a series that names none.
  var nextColor = 0
  /// The next bar series' slot in a group.
  var nextBarSlot = 0

  /// The series' own color, or the next palette color; black becomes white on a dark theme.
  mutating func color(_ chosen: Color?) -> String {
    let color: Color
    if let chosen {
      color = chosen
    } else {
      color = Color.cycling(nextColor)
      nextColor += 1
    }
    return theme == .dark && color == .black ? Color.white.hex : color.hex
  }
}

/// A series turned into gnuplot: the clauses of the panel's `plot` command
/// and, for binary matrices, the floats that follow that command.
struct PlotClauses {
  var clauses: [String] = []
  var binaryPayloads: [[Float]] = []
}

extension Series.Field {
  /// The distance between neighboring samples along x and y.
  var step: (x: Double, y: Double) {
    (x: columns > 1 ? (x.upperBound - x.lowerBound) / Double(columns - 1) : 1,
     y: rows > 1 ? (y.upperBound - y.lowerBound) / Double(rows - 1) : 1)
  }

  /// The area the image covers: samples sit at cell centers, so the cells
  /// reach half a step beyond the first and last sample.
  var extent: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    let step = step
    return ((x.lowerBound - step.x / 2)...(x.upperBound + step.x / 2),
            (y.lowerBound - step.y / 2)...(y.upperBound + step.y / 2))
  }
}

extension Series {
  /// Point shapes for classes: filled circle, square, triangle, inverted triangle, diamond.
  private static let classPointTypes = [7, 5, 9, 11, 13]

  /// Writes the series' data blocks and settings into `script` and returns its plot clauses.
  ///
  /// - Parameter name: A data block name unique in the figure, like `$panel1_series2`.
  func write(named name: String, into script: inout GnuplotScript, context: inout SeriesContext) -> PlotClauses {
    var result = PlotClauses()
    switch kind {
    case .line(let line):
      script.dataBlock(name, rows: line.x.count) { [line.x[$0], line.y[$0]] }
      let color = context.color(line.color)
      result.clauses.append(
        "\(name) using 1:2 with lines lw \(line.width) dt \(line.dashed ? 2 : 1) lc rgb '\(color)' "
          + GnuplotScript.titleClause(line.title))

    case .scatter(let scatter):
      guard let classes = scatter.classes else {
        script.dataBlock(name, rows: scatter.x.count) { [scatter.x[$0], scatter.y[$0]] }
        let color = context.color(scatter.color)
        result.clauses.append(
          "\(name) using 1:2 with points pt 7 ps \(scatter.pointSize) lc rgb '\(color)' "
            + GnuplotScript.titleClause(scatter.title))
        break
      }
      // One clause per class present, so each class has its legend entry.
      for classIndex in Set(classes).sorted() {
        let members = classes.indices.filter { classes[$0] == classIndex }
        let blockName = "\(name)_class\(classIndex)"
        script.dataBlock(blockName, rows: members.count) { [scatter.x[members[$0]], scatter.y[members[$0]]] }
        let title = scatter.classNames.flatMap { classIndex < $0.count ? $0[classIndex] : nil } ?? "class \(classIndex)"
        let pointType = Self.classPointTypes[classIndex % Self.classPointTypes.count]
        let color = context.color(Color.cycling(classIndex))
        result.clauses.append(
          "\(blockName) using 1:2 with points pt \(pointType) ps \(scatter.pointSize) lc rgb '\(color)' "
            + GnuplotScript.titleClause(title))
      }

    case .bars(let bars):
      // Bars of one label share a group 0.8 wide, centered on the label.
      let slotWidth = 0.8 / Double(max(context.barSeriesCount, 1))
      let offset = -0.4 + slotWidth * (Double(context.nextBarSlot) + 0.5)
      context.nextBarSlot += 1
      script.dataBlock(name, rows: bars.values.count) { [Double($0) + offset, bars.values[$0], slotWidth] }
      let color = context.color(bars.color)
      result.clauses.append(
        "\(name) using 1:2:3 with boxes lc rgb '\(color)' fill solid 0.85 noborder "
          + GnuplotScript.titleClause(bars.title))

    case .histogram(let histogram):
      let centers = histogram.binCenters
      script.dataBlock(name, rows: centers.count) { [centers[$0], histogram.heights[$0], histogram.binWidth] }
      let color = context.color(histogram.color)
      // Overlapping histograms are translucent so each stays visible.
      // A single one is opaque, its bins parted by thin background-colored borders.
      let fill = context.histogramCount > 1
        ? "fill transparent solid 0.45 border"
        : "fill solid 0.85 border lc rgb '\(context.theme.background)'"
      result.clauses.append(
        "\(name) using 1:2:3 with boxes lc rgb '\(color)' \(fill) " + GnuplotScript.titleClause(histogram.title))

    case .heatmap(let heatmap):
      result.clauses.append(
        matrixClause(name, values: heatmap.values, columns: heatmap.columns, rows: heatmap.rows,
                     placement: nil, script: &script, payloads: &result.binaryPayloads))
      if heatmap.showValues {
        writeCellValues(heatmap, named: name + "_values", into: &script)
        result.clauses.append("\(name)_values using 1:2:3:4 with labels textcolor rgb variable font ',12' notitle")
      }

    case .field(let field):
      result.clauses.append(
        matrixClause(name, values: field.values, columns: field.columns, rows: field.rows,
                     placement: (origin: (field.x.lowerBound, field.y.lowerBound), step: field.step),
                     script: &script, payloads: &result.binaryPayloads))

    case .imageGrid(let grid):
      let canvas = grid.canvas(panelPixels: context.panelPixels)
      result.clauses.append(
        matrixClause(name, values: canvas.values, columns: canvas.width, rows: canvas.height,
                     placement: nil, script: &script, payloads: &result.binaryPayloads))
    }
    return result
  }

  /// The clause drawing a matrix `with image`, binary or from a text block.
  ///
  /// - Parameter placement: Where column 0 of row 0 sits and the distance
  ///   between columns and rows; nil for cell (column, row) at (column, row).
  private func matrixClause(
    _ name: String, values: [Float], columns: Int, rows: Int,
    placement: (origin: (x: Double, y: Double), step: (x: Double, y: Double))?,
    script: inout GnuplotScript, payloads: inout [[Float]]
  ) -> String {
    switch script.matrixEncoding {
    case .binary:
      payloads.append(values)
      var clause = "'-' binary array=(\(columns),\(rows)) format='%float' endian=little"
      if let placement {
        clause += " dx=\(placement.step.x) dy=\(placement.step.y) origin=(\(placement.origin.x),\(placement.origin.y))"
      }
      return clause + " with image notitle"
    case .text:
      script.matrixBlock(name, values: values, columns: columns)
      guard let placement else { return "\(name) matrix with image notitle" }
      let x = "(\(placement.origin.x) + $1 * \(placement.step.x))"
      let y = "(\(placement.origin.y) + $2 * \(placement.step.y))"
      return "\(name) matrix using \(x):\(y):3 with image notitle"
    }
  }

  /// A data block of `column row "value" color` for labeling each heatmap cell,
  /// in a text color that stands out from the cell's color.
  private func writeCellValues(_ heatmap: Heatmap, named name: String, into script: inout GnuplotScript) {
    let range = heatmap.range ?? ImageGrid.finiteRange(of: heatmap.values)
    let allIntegers = heatmap.values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    script.command("\(name) << EOD")
    for row in 0..<heatmap.rows {
      for column in 0..<heatmap.columns {
        let value = Double(heatmap.values[row * heatmap.columns + column])
        guard value.isFinite else { continue }
        let fraction = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        let textColor = heatmap.colorMap.wantsLightText(at: fraction) ? 0xFFFFFF : 0x000000
        let text = allIntegers ? String(Int(value)) : Self.twoDigits(value)
        script.command("\(column) \(row) \(text) \(textColor)")
      }
    }
    script.command("EOD")
  }

  /// A value with two significant digits, without exponent for everyday magnitudes.
  static func twoDigits(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 0.01 || magnitude >= 1000) {
      let exponent = Int(log10(magnitude).rounded(.down))
      let mantissa = (value / pow(10, Double(exponent)) * 10).rounded() / 10
      return "\(mantissa)e\(exponent)"
    }
    let decimals = magnitude >= 10 ? 0 : (magnitude >= 1 ? 1 : 2)
    let scale = pow(10, Double(decimals))
    let rounded = (value * scale).rounded() / scale
    return decimals == 0 ? String(Int(rounded)) : "\(rounded)"
  }
}
