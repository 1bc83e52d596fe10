import Foundation
import Testing
@testable import Plotting

/// Real SVGs drawn by gnuplot, read back with an XML parser.
@Suite struct FigureRenderingTests {
  let epochs = [1, 2, 3, 4, 5, 6]
  let trainLoss: [Float] = [2.1, 1.2, 0.8, 0.6, 0.5, 0.45]
  let testLoss: [Float] = [2.0, 1.3, 1.0, 0.9, 0.88, 0.9]

  @Test func lineFigureHasTitleLabelsLegendAndOneGroupPerSeries() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let figure = Figure(Panel(title: "Loss per epoch", xLabel: "epoch", yLabel: "cross-entropy", series: [
      .line(x: epochs, y: trainLoss, title: "train"),
      .line(y: testLoss, title: "test", dashed: true),
    ]), width: 500, height: 300)
    let url = directory.appendingPathComponent("loss.svg")
    try figure.writeSVG(to: url)

    let svg = try SVGInspection.read(url)
    #expect(svg.viewBox == "0 0 500 300")
    for text in ["Loss per epoch", "epoch", "cross-entropy", "train", "test"] {
      #expect(svg.showsText(text), "missing text \(text)")
    }
    #expect(svg.plotGroupIDs == ["gnuplot_plot_1a", "gnuplot_plot_2a"])
    #expect(svg.documentTitle == "Loss per epoch")
    // Its <desc> says what it draws (the site's alt text), and its labels are drawn at 14 px.
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains("<desc>\u{201C}Loss per epoch\u{201D}: a line \u{201C}train\u{201D} and a line \u{201C}test\u{201D} of cross-entropy against epoch.</desc>"))
    #expect(text.contains("font-size=\"14.00\"") && !text.contains("font-size=\"11.00\""))
    #expect(svg.backgroundFill.lowercased() == "#ffffff")
    // Written whole: no temporary file left beside it.
    #expect(try fileNames(in: directory) == ["loss.svg"])
  }

  /// Points grouped by category: the categories' names stand on the x axis instead of numbers.
  @Test func categoriesNameTheXAxis() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let figure = Figure(Panel(yLabel: "accuracy", xCategories: ["ours", "theirs"], series: [
      .scatter(x: [0, 0, 0], y: [0.87, 0.88, 0.875]),
      .scatter(x: [1, 1], y: [0.878, 0.881]),
    ]), width: 400, height: 300)
    let url = directory.appendingPathComponent("strip.svg")
    try figure.writeSVG(to: url)
    let svg = try SVGInspection.read(url)
    #expect(svg.showsText("ours") && svg.showsText("theirs"))
    #expect(!svg.showsText("0.5"), "the x axis should show names, not numbers")
  }

  /// One figure with a panel of every kind: each panel's plot groups counted.
  @Test func everySeriesKindInOneMultiPanelFigure() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let xs: [Double] = (0..<30).map { Double($0) / 10 }
    let digit: [Float] = (0..<784).map { (index: Int) -> Float in Float((index / 28 + index % 28) % 28) / 27 }
    let region: [[Float]] = (0..<20).map { (row: Int) in (0..<30).map { (column: Int) in Float(row + column) / 48 } }
    // One statement per panel keeps the type checker quick.
    let lines = Panel(title: "Lines", yScale: .logarithmic, series: [
      .line(x: xs, y: xs.map { exp(-$0) }, title: "decay"),
      .line(x: xs, y: xs.map { exp(-$0 / 2) }, title: "slower"),
    ])
    let classNames = ["T-shirt", "trouser", "bag"]
    let classes = Panel(title: "Classes", legend: .outside, series: [
      .scatter(x: xs, y: xs.map(sin), classes: xs.indices.map { $0 % 3 }, classNames: classNames),
      .scatter(x: [1.0], y: [0.0], title: "probe", color: .black),
    ])
    let bars = Panel(title: "Bars", series: [
      .bars(labels: ["MLP", "CNN"], values: [0.88, 0.91], title: "ours"),
      .bars(labels: ["MLP", "CNN"], values: [0.87, 0.92], title: "PyTorch"),
    ])
    let histograms = Panel(title: "Weights", legend: .topLeft, series: [
      .histogram(values: xs.map { sin($0 * 5) }, bins: 12, title: "before"),
      .histogram(values: xs.map { cos($0 * 5) }, bins: 12, title: "after"),
    ])
    let names = ["cat", "dog", "eel"]
    let confusion = Panel(title: "Confusion", xLabel: "predicted", yLabel: "true", series: [
      .heatmap([[5, 1, 0], [2, 7, 1], [0, 0, 9]], xLabels: names, yLabels: names, showValues: true, title: "count"),
    ])
    let captions = (0..<6).map { "shirt → coat \($0)" }
    let images = Panel(title: "Misclassified", series: [
      .imageGrid(Array(repeating: digit, count: 6), width: 28, height: 28, columns: 3, captions: captions),
    ])
    let boundary = Panel(title: "Decision boundary", series: [
      .field(region, x: -3...3, y: -2...2, title: "P(class 1)"),
      .scatter(x: [-1, 0, 1], y: [0, 0.5, -0.5], classes: [0, 1, 1]),
    ])
    let figure = Figure(
      title: "Every kind", columns: 3,
      panels: [lines, classes, bars, histograms, confusion, images, boundary])
    let url = directory.appendingPathComponent("every-kind.svg")
    try figure.writeSVG(to: url)

    let svg = try SVGInspection.read(url)
    #expect(svg.seriesCount(inPanel: 1) == 2)
    #expect(svg.seriesCount(inPanel: 2) == 4, "three classes and one plain scatter")
    #expect(svg.seriesCount(inPanel: 3) == 2)
    #expect(svg.seriesCount(inPanel: 4) == 2)
    #expect(svg.seriesCount(inPanel: 5) == 2, "the image and its cell values")
    #expect(svg.seriesCount(inPanel: 6) == 1, "all images in one canvas")
    #expect(svg.seriesCount(inPanel: 7) == 3, "the field and two classes")
    #expect(svg.imageCount == 3)
    for text in ["Every kind", "Lines", "Classes", "T-shirt", "trouser", "bag", "probe", "MLP", "CNN", "ours",
                 "PyTorch", "before", "after", "predicted", "eel", "count", "shirt → coat 5", "P(class 1)",
                 "class 0", "class 1", "Decision boundary"] {
      #expect(svg.showsText(text), "missing text \(text)")
    }
    // The confusion matrix shows its counts.
    #expect(svg.showsText("9") && svg.showsText("7"))
  }

  /// Titles and labels show exactly as written: quotes, backslashes, markup
  /// characters gnuplot's enhanced mode would eat, XML specials, newlines.
  @Test func textWithSpecialCharactersShowsVerbatim() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let title = #"W_1 "hidden" {x^2} @a & <b> C:\path σ(z)"#
    let figure = Figure(Panel(title: title, xLabel: "it's x_i", yLabel: "line one\nline two", series: [
      .line(y: [1, 2, 3], title: "loss_{train} 100%"),
    ]))
    let url = directory.appendingPathComponent("special.svg")
    try figure.writeSVG(to: url)

    let svg = try SVGInspection.read(url)
    #expect(svg.showsText(title))
    #expect(svg.documentTitle == title.replacingOccurrences(of: "\n", with: " "))
    #expect(svg.showsText("it's x_i"))
    #expect(svg.showsText("loss_{train} 100%"))
    #expect(svg.showsText("line one") && svg.showsText("line two"))
  }

  @Test func darkThemeDrawsOnDarkBackground() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("dark.svg")
    try Figure(Panel(title: "Dark", series: [.line(y: trainLoss, title: "train")])).writeSVG(to: url, theme: .dark)
    let svg = try SVGInspection.read(url)
    #expect(svg.backgroundFill.lowercased() == "#1e1e1e")
    #expect(svg.showsText("Dark"))
  }

  /// Heatmaps are embedded as small PNGs; the written SVG asks for square pixels.
  @Test func embeddedImagesAreDrawnWithSharpPixels() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("sharp.svg")
    try Figure(Panel(series: [.heatmap(values: [1, 2, 3, 4], rows: 2, columns: 2)])).writeSVG(to: url)
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains("<image style='image-rendering:pixelated'"))
  }

  /// NaN and infinity never stop a figure: lines get a gap, histograms skip
  /// them, images leave the pixel undrawn.
  @Test func nonFiniteValuesAreDrawnAroundNotRejected() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let figure = Figure(panels: [
      Panel(title: "Diverged", yScale: .logarithmic, series: [
        .line(y: [1, 0.5, .nan, .infinity, 0.2], title: "loss"),
        .scatter(x: [1, 2, 3], y: [1, -Double.infinity, 3]),
      ]),
      Panel(title: "Histogram", series: [.histogram(values: [1, 2, .nan, 2, .infinity], bins: 2)]),
      Panel(title: "Heatmap", series: [.heatmap([[1, Float.nan], [-Float.infinity, 4]])]),
      Panel(title: "Images", series: [.imageGrid([[0, .nan, 1, 0.5]], width: 2, height: 2, normalizeEach: true)]),
    ])
    let url = directory.appendingPathComponent("nan.svg")
    try figure.writeSVG(to: url)
    let svg = try SVGInspection.read(url)
    #expect(svg.showsText("Diverged") && svg.showsText("Images"))
    #expect(svg.seriesCount(inPanel: 1) == 2)
  }

  @Test func asciiPreviewShowsTheTitleInTheRequestedSize() throws {
    let figure = Figure(Panel(title: "Training loss", xLabel: "epoch", series: [
      .line(x: epochs, y: trainLoss, title: "train"),
      .line(x: epochs, y: testLoss, title: "test"),
    ]))
    let preview = try figure.asciiPreview(width: 70, height: 20)
    let lines = preview.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 20)
    #expect(lines.allSatisfy { $0.count <= 70 })
    #expect(lines.contains { $0.count > 60 }, "the plot spans the width")
    #expect(preview.contains("Training loss"))
    #expect(preview.contains("train") && preview.contains("epoch"))
    #expect(!preview.contains("\u{0C}"))
  }
}
