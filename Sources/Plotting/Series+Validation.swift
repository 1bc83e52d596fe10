extension Series {
  /// A one-line description of what makes this series impossible to draw,
  /// or nil when it can be drawn.
  var problem: String? {
    switch kind {
    case .line(let line):
      return pairProblem(kind: "line", title: line.title, x: line.x.count, y: line.y.count)
    case .scatter(let scatter):
      if let problem = pairProblem(kind: "scatter", title: scatter.title, x: scatter.x.count, y: scatter.y.count) {
        return problem
      }
      if let classes = scatter.classes {
        if classes.count != scatter.x.count {
          return "scatter: \(scatter.x.count) points but \(classes.count) classes"
        }
        if let negative = classes.first(where: { $0 < 0 }) {
          return "scatter: class \(negative) is negative; classes are 0, 1, 2, …"
        }
      }
      return nil
    case .bars(let bars):
      if bars.labels.count != bars.values.count {
        return "bars\(quoted(bars.title)): \(bars.labels.count) labels but \(bars.values.count) values"
      }
      return bars.values.isEmpty ? "bars\(quoted(bars.title)): no values" : nil
    case .histogram(let histogram):
      return histogram.heights.isEmpty ? "histogram\(quoted(histogram.title)): bins must be at least 1" : nil
    case .heatmap(let heatmap):
      return matrixProblem(kind: "heatmap", values: heatmap.values.count, rows: heatmap.rows, columns: heatmap.columns)
        ?? labelProblem(heatmap.xLabels, count: heatmap.columns, axis: "xLabels", of: "columns")
        ?? labelProblem(heatmap.yLabels, count: heatmap.rows, axis: "yLabels", of: "rows")
    case .field(let field):
      if let problem = matrixProblem(kind: "field", values: field.values.count, rows: field.rows, columns: field.columns) {
        return problem
      }
      if field.x.lowerBound == field.x.upperBound || field.y.lowerBound == field.y.upperBound {
        return "field: the x range \(field.x) and y range \(field.y) must not be empty"
      }
      return nil
    case .imageGrid(let grid):
      if grid.images.isEmpty { return "imageGrid: no images" }
      if grid.width < 1 || grid.height < 1 || grid.columns < 1 {
        return "imageGrid: width \(grid.width), height \(grid.height) and columns \(grid.columns) must be at least 1"
      }
      if let index = grid.images.firstIndex(where: { $0.count != grid.width * grid.height }) {
        return "imageGrid: image \(index) has \(grid.images[index].count) values, "
          + "not width × height = \(grid.width) × \(grid.height) = \(grid.width * grid.height)"
      }
      if let captions = grid.captions, captions.count != grid.images.count {
        return "imageGrid: \(grid.images.count) images but \(captions.count) captions"
      }
      return nil
    }
  }

  private func pairProblem(kind: String, title: String, x: Int, y: Int) -> String? {
    if x != y { return "\(kind)\(quoted(title)): x has \(x) values but y has \(y)" }
    if x == 0 { return "\(kind)\(quoted(title)): no points" }
    return nil
  }

  private func matrixProblem(kind: String, values: Int, rows: Int, columns: Int) -> String? {
    if rows < 1 || columns < 1 { return "\(kind): the matrix is empty (\(rows) × \(columns))" }
    if values != rows * columns {
      return values == 0
        ? "\(kind): the rows differ in length"
        : "\(kind): \(values) values do not fill \(rows) rows × \(columns) columns"
    }
    return nil
  }

  private func labelProblem(_ labels: [String]?, count: Int, axis: String, of dimension: String) -> String? {
    guard let labels, labels.count != count else { return nil }
    return "heatmap: \(labels.count) \(axis) for \(count) \(dimension)"
  }

  private func quoted(_ title: String) -> String { title.isEmpty ? "" : " \"\(title)\"" }
}
