/// A figure in words, for its SVG's `<desc>`: what each panel draws, against which axes.
/// The site takes it as the image's alt text, so a screen reader hears what the figure
/// shows, and the caption beside it says what to see in it.
extension Figure {
  /// `Two panels. "Loss": lines train and test of cross-entropy against epoch. …`
  public var textDescription: String {
    let count = panels.count == 1 ? "" : "\(Self.countName(panels.count)) panels. "
    let heading = title.isEmpty ? "" : "\(title). "
    return heading + count + panels.map(\.textDescription).joined(separator: " ")
  }

  static func countName(_ count: Int) -> String {
    let names = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
    return count < names.count ? names[count] : String(count)
  }
}

extension Panel {
  var textDescription: String {
    let parts = series.map(\.textDescription)
    var text = (title.isEmpty ? "" : "\u{201C}\(title)\u{201D}: ") + Self.joined(parts)
    if !yLabel.isEmpty { text += " of \(yLabel)" }
    if !xLabel.isEmpty { text += " against \(xLabel)" }
    return text + "."
  }

  /// `a`, `a and b`, `a, b and c`.
  static func joined(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }
}

extension Series {
  var textDescription: String {
    func named(_ kind: String, _ title: String) -> String { title.isEmpty ? kind : "\(kind) \u{201C}\(title)\u{201D}" }
    switch kind {
    case .line(let line): return named("a line", line.title)
    case .scatter(let scatter):
      let classes = scatter.classNames.map { " (" + Panel.joined($0) + ")" } ?? ""
      return named("\(scatter.x.count) points", scatter.title) + classes
    case .bars(let bars): return named("bars for " + Panel.joined(bars.labels.prefix(12).map { $0 }), bars.title)
    case .histogram(let histogram): return named("a histogram", histogram.title)
    case .heatmap(let map): return named("a \(map.rows) × \(map.columns) heat map", map.title)
    case .field(let field): return named("a colour map over a \(field.rows) × \(field.columns) grid", field.title)
    case .imageGrid(let grid): return "\(grid.images.count) images of \(grid.width) × \(grid.height) pixels"
    }
  }
}
