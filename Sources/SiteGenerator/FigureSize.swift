import Foundation

/// How large a run's SVG figure was drawn and how small its smallest label is, so the
/// page can show it no wider than drawn (a 260 px map is not blown up to the column)
/// and never so narrow that a label falls under `FigureSize.readableLabel` CSS pixels;
/// and what it shows in words, for its alt text.
struct FigureSize: Equatable, Codable {
  /// The drawing's width and height in its own pixels (the SVG's `width`/`height`, else its `viewBox`).
  let width: Double
  let height: Double
  /// The smallest `font-size` of any text in it, in the drawing's pixels.
  let smallestLabel: Double
  /// What it shows, in words: its `<desc>` (Plotting writes one), nil when it has none or only gnuplot's own.
  var description: String?

  /// The smallest label size a reader is shown, in CSS pixels.
  static let readableLabel = 11.0

  /// The narrowest the figure may be shown: where its smallest label is `readableLabel` px
  /// (wider than drawn when its labels were drawn smaller).
  var readableWidth: Double { (width * Self.readableLabel / smallestLabel).rounded(.up) }

  /// The widest it is shown: as drawn, or as wide as its labels need.
  var largestWidth: Double { max(width, readableWidth) }

  /// Reads an SVG's size and labels; nil for a file that is not an SVG with a size.
  init?(svg: String) {
    guard let open = svg.firstRange(ofText: "<svg"), let close = svg.firstRange(ofText: ">", from: open.upperBound) else { return nil }
    let tag = String(svg[open.upperBound..<close.lowerBound])
    func attribute(_ name: String) -> String? {
      allMatches(of: "(?:^|\\s)\(name)\\s*=\\s*[\"']([^\"']*)[\"']", in: tag).first?[1]
    }
    let box = attribute("viewBox")?.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) } ?? []
    guard let width = attribute("width").flatMap(Self.pixels) ?? (box.count == 4 ? box[2] : nil),
      let height = attribute("height").flatMap(Self.pixels) ?? (box.count == 4 ? box[3] : nil), width > 0, height > 0
    else { return nil }
    self.width = width
    self.height = height
    // font-size="11.00" (gnuplot), font-size: 11px or font: 11px sans (CSS).
    let sizes = allMatches(of: #"font-size\s*[=:]\s*["']?\s*([0-9.]+)"#, in: svg).compactMap { Double($0[1]) }.filter { $0 > 0 }
    smallestLabel = sizes.min() ?? Self.readableLabel
    if let desc = allMatches(of: #"<desc>(.*?)</desc>"#, in: svg).first?[1] {
      let text = HTMLText.plainText(desc)
      if !text.isEmpty && !text.hasPrefix("Produced by GNUPLOT") { description = text }
    }
  }

  init(width: Double, height: Double, smallestLabel: Double, description: String? = nil) {
    self.width = width
    self.height = height
    self.smallestLabel = smallestLabel
    self.description = description
  }

  /// `840`, `840px` → 840; a percentage or another unit → nil.
  private static func pixels(_ value: String) -> Double? {
    Double(value.hasSuffix("px") ? String(value.dropLast(2)) : value)
  }

  /// The attributes of its `<img>`: the drawn size (the page reserves its box before it loads),
  /// the smallest label (the browser tests read it) and the width range it may be shown at.
  var imageAttributes: String {
    "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" data-label-px=\"\(Self.number(smallestLabel))\""
      + " style=\"max-width:\(Self.number(largestWidth))px;min-width:\(Self.number(readableWidth))px\""
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
  }
}
