import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a test needs to know about an SVG file gnuplot wrote, read with a
/// real XML parser (so reading it at all proves it well-formed).
struct SVGInspection {
  /// The text of every `<text>` element, as a viewer shows it (entities decoded).
  var texts: [String] = []
  /// The ids of gnuplot's plot groups (`gnuplot_plot_2b`: the second plot of the second panel).
  var plotGroupIDs: Set<String> = []
  /// The root's `viewBox`.
  var viewBox = ""
  var imageCount = 0
  var backgroundFill = ""
  /// The text of the root's `<title>`, what screen readers announce.
  var documentTitle = ""

  /// Parses `url`; throws if it is not well-formed XML.
  static func read(_ url: URL) throws -> SVGInspection {
    let data = try Data(contentsOf: url)
    let parser = XMLParser(data: data)
    let collector = Collector()
    parser.delegate = collector
    guard parser.parse() else {
      throw InspectionError.malformed("\(url.lastPathComponent): \(parser.parserError.map { "\($0)" } ?? "unknown error")")
    }
    return collector.result
  }

  /// How many plots (series clauses) panel `panel` (from 1) holds.
  func seriesCount(inPanel panel: Int) -> Int {
    let letter = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(panel - 1)))
    return plotGroupIDs.filter { $0.hasSuffix(letter) }.count
  }

  /// Whether some text element shows exactly `text`.
  func showsText(_ text: String) -> Bool { texts.contains(text) }

  enum InspectionError: Error { case malformed(String) }

  private final class Collector: NSObject, XMLParserDelegate {
    var result = SVGInspection()
    private var currentText: String?
    private var currentTitle: String?
    /// How deep the current element is: the root `svg` is 0.
    private var depth = -1

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      depth += 1
      switch elementName {
      case "svg": result.viewBox = attributes["viewBox"] ?? ""
      case "text": currentText = ""
      case "title" where depth == 1: currentTitle = ""
      case "image": result.imageCount += 1
      case "rect" where result.backgroundFill.isEmpty: result.backgroundFill = attributes["fill"] ?? ""
      case "g":
        if let id = attributes["id"], id.hasPrefix("gnuplot_plot_") { result.plotGroupIDs.insert(id) }
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      currentText? += string
      currentTitle? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
      if elementName == "text", let text = currentText {
        result.texts.append(text)
        currentText = nil
      }
      if elementName == "title", let title = currentTitle {
        result.documentTitle = title
        currentTitle = nil
      }
      depth -= 1
    }
  }
}

/// A fresh, empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("PlottingTests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The names of the files in `directory`, sorted.
func fileNames(in directory: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}
