import Foundation

/// A text label of a figure gnuplot drew: what it says, where it sits and how large, in the drawing's pixels.
struct FigureLabel {
  let text: String
  let x: Double
  let y: Double
  let fontSize: Double
}

/// The labels of a gnuplot SVG (each a `<g transform="translate(x,y)" … font-size="…"><text>…</text>`).
func figureLabels(in svg: String) throws -> [FigureLabel] {
  let pattern = try NSRegularExpression(
    pattern: #"<g transform="translate\(([-0-9.]+),([-0-9.]+)\)[^>]*font-size="([0-9.]+)"[^>]*>\s*<text>(.*?)</text>"#,
    options: [.dotMatchesLineSeparators])
  let range = NSRange(svg.startIndex..., in: svg)
  return pattern.matches(in: svg, range: range).map { match in
    func group(_ index: Int) -> String { String(svg[Range(match.range(at: index), in: svg)!]) }
    let text = group(4).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    return FigureLabel(text: text, x: Double(group(1))!, y: Double(group(2))!, fontSize: Double(group(3))!)
  }
}

/// The drawing's width in its own pixels (its `viewBox`).
func figureWidth(of svg: String) throws -> Double {
  let pattern = try NSRegularExpression(pattern: #"viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) [0-9.]+""#)
  guard let match = pattern.firstMatch(in: svg, range: NSRange(svg.startIndex..., in: svg)) else { return 0 }
  return Double(svg[Range(match.range(at: 1), in: svg)!])!
}
