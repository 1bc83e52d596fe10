import Foundation
import Testing
@testable import Plotting

/// What happens in Swift before gnuplot runs: binning, validation, quoting, layout.
@Suite struct SeriesDataTests {
  func histogram(_ series: Series) throws -> Series.Histogram {
    guard case .histogram(let histogram) = series.kind else { throw CancellationError() }
    return histogram
  }

  @Test func histogramCountsIntoEqualBinsWithTheTopEdgeInTheLastBin() throws {
    let counted = try histogram(.histogram(values: [0, 1, 2, 3, 4], bins: 4))
    #expect(counted.heights == [1, 1, 1, 2])
    #expect(counted.lowerBound == 0 && counted.binWidth == 1)
    #expect(counted.binCenters == [0.5, 1.5, 2.5, 3.5])
    #expect(counted.skipped == 0)
  }

  @Test func histogramSkipsNonFiniteAndOutOfRangeValues() throws {
    let counted = try histogram(.histogram(values: [Float.nan, 0.5, 1.5, .infinity, 7, -1], bins: 2, range: 0...2))
    #expect(counted.heights == [1, 1])
    #expect(counted.skipped == 4)
  }

  @Test func normalizedHistogramHasUnitArea() throws {
    let density = try histogram(.histogram(values: [0.0, 0.1, 0.2, 0.9, 1.0, 2.5], bins: 5, normalized: true))
    let area = density.heights.reduce(0) { $0 + $1 * density.binWidth }
    #expect(abs(area - 1) < 1e-12)
  }

  @Test func histogramOfEqualValuesGetsAUnitSpan() throws {
    let counted = try histogram(.histogram(values: [3, 3, 3], bins: 2))
    #expect(counted.lowerBound == 2.5 && counted.binWidth == 0.5)
    #expect(counted.heights == [0, 3])
  }

  @Test func invalidSeriesAreRejectedBeforeAnythingIsWritten() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cases: [(Figure, String)] = [
      (Figure(Panel(title: "Loss", series: [.line(x: [1, 2, 3], y: [1.0, 2.0], title: "train")])),
       "cannot plot: panel \"Loss\": line \"train\": x has 3 values but y has 2"),
      (Figure(Panel(series: [.heatmap([[1, 2], [3]])])), "cannot plot: panel 1: heatmap: the rows differ in length"),
      (Figure(Panel(series: [.heatmap(values: [1, 2, 3], rows: 2, columns: 2)])),
       "cannot plot: panel 1: heatmap: 3 values do not fill 2 rows × 2 columns"),
      (Figure(Panel(series: [.heatmap([[1, 2]], xLabels: ["a"])])), "cannot plot: panel 1: heatmap: 1 xLabels for 2 columns"),
      (Figure(Panel(series: [.imageGrid([[1, 2, 3]], width: 2, height: 2)])),
       "cannot plot: panel 1: imageGrid: image 0 has 3 values, not width × height = 2 × 2 = 4"),
      (Figure(Panel(series: [.scatter(x: [1, 2], y: [1, 2], classes: [0])])),
       "cannot plot: panel 1: scatter: 2 points but 1 classes"),
      (Figure(Panel(series: [.bars(labels: ["a"], values: [1, 2])])), "cannot plot: panel 1: bars: 1 labels but 2 values"),
      (Figure(Panel(title: "Empty", series: [])), "cannot plot: panel \"Empty\" has no series"),
    ]
    for (figure, message) in cases {
      let error = #expect(throws: PlotError.self) { try figure.writeSVG(to: directory.appendingPathComponent("bad.svg")) }
      #expect(error?.description == message)
    }
    #expect(try fileNames(in: directory).isEmpty)
  }

  @Test func stringsAreQuotedForGnuplot() {
    #expect(GnuplotScript.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
    #expect(GnuplotScript.quoted("two\nlines\r\u{1}") == #""two\nlines""#)
    #expect(GnuplotScript.quoted("x_1^{2} @ & σ") == #""x_1^{2} @ & σ""#)
    #expect(GnuplotScript.titleClause("") == "notitle")
  }

  @Test func numbersAreWrittenSoGnuplotReadsNonFiniteAsUndefined() {
    #expect(GnuplotScript.number(0.5) == "0.5")
    #expect(GnuplotScript.number(.nan) == "NaN")
    #expect(GnuplotScript.number(-.infinity) == "NaN")
  }

  /// Binary matrices are little-endian floats, four bytes each, non-finite as NaN.
  @Test func binaryMatricesAreRawLittleEndianFloats() {
    var script = GnuplotScript(matrixEncoding: .binary)
    script.binaryMatrix([1, .infinity])
    #expect(script.bytes.count == 8)
    #expect(Array(script.bytes[0..<4]) == [0x00, 0x00, 0x80, 0x3F])
    let second = script.bytes[4..<8].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    #expect(Float(bitPattern: second).isNaN)
  }

  @Test func imageGridCanvasPlacesImagesWithGapsAndEnlargesTinyOnes() throws {
    guard case .imageGrid(let grid) = Series.imageGrid(
      [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], width: 2, height: 2, columns: 2).kind
    else { throw CancellationError() }
    let canvas = grid.canvas(panelPixels: (400, 300))
    // 2×2 images are enlarged 6× to 12×12; gaps of 1; two per row, two rows.
    #expect(canvas.width == 12 + 1 + 12)
    #expect(canvas.height == 12 + 1 + 12)
    #expect(canvas.values[0] == 0 && canvas.values[11] == 1)
    #expect(canvas.values[12].isNaN, "the gap")
    #expect(canvas.values[13] == 4)
    #expect(canvas.values[6 * canvas.width + 6] == 3)
    #expect(canvas.values[13 * canvas.width] == 8)
    #expect(canvas.values[13 * canvas.width + 13].isNaN, "no fourth image")
    #expect(canvas.colorRange == 0...11)
  }

  @Test func gridLayoutPutsUpToThreePanelsInARow() {
    let panel = Panel(series: [.line(y: [1, 2])])
    #expect(Figure(panels: [panel, panel]).grid == (1, 2))
    #expect(Figure(panels: Array(repeating: panel, count: 4)).grid == (2, 2))
    #expect(Figure(panels: Array(repeating: panel, count: 7)).grid == (3, 3))
    #expect(Figure(columns: 1, panels: [panel, panel]).grid == (2, 1))
  }
}
