import Foundation

extension Figure {
  /// Draws the figure into an SVG file, with gnuplot.
  ///
  ///     try figure.writeSVG(to: URL(fileURLWithPath: "figures/loss.svg"))
  ///
  /// The file appears whole or not at all: gnuplot draws into a temporary file
  /// beside it, which replaces `url` only once gnuplot has exited cleanly and
  /// drawn something. Missing directories are created.
  ///
  /// When gnuplot is missing or fails, the figure is saved as a self-contained
  /// script `NAME.gp` beside `url` (data inline), no SVG is written, and the
  /// error says how to render it later:
  ///
  ///     gnuplot not found (not on PATH): wrote figures/loss.gp; install it with
  ///     `sudo apt-get install gnuplot-nox` and run `gnuplot figures/loss.gp`
  ///
  /// - Parameters:
  ///   - url: The SVG file to write.
  ///   - theme: ``Theme/light`` for pages and print, ``Theme/dark`` for a dark site.
  ///   - keepScript: Whether to save `NAME.gp` beside the SVG also when all goes well.
  ///   - gnuplot: Which gnuplot to run.
  /// - Throws: ``PlotError``: invalid data (nothing written), gnuplot missing or
  ///   failing (script written), or a file that cannot be written.
  public func writeSVG(to url: URL, theme: Theme = .light, keepScript: Bool = false, gnuplot: Gnuplot = Gnuplot()) throws {
    try validate()
    let directory = url.deletingLastPathComponent()
    let scriptURL = url.deletingPathExtension().appendingPathExtension("gp")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw PlotError.unwritable(path: Self.displayPath(directory), reason: "cannot create the directory")
    }

    guard let executable = gnuplot.locate() else {
      try writeScript(to: scriptURL, svgName: url.lastPathComponent, theme: theme)
      throw PlotError.gnuplotNotFound(searched: gnuplot.searchDescription, script: Self.displayPath(scriptURL))
    }

    // A hidden sibling, so the final rename stays on one file system and is atomic.
    let partialURL = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
    defer { try? FileManager.default.removeItem(at: partialURL) }
    let program = program(terminal: .svg(theme: theme), output: .file(path: partialURL.path), matrixEncoding: .binary)
    let outcome: Gnuplot.Outcome
    do {
      outcome = try gnuplot.run(program, executable: executable)
    } catch PlotError.gnuplotFailed(let status, let message, nil) {
      // It would not even start (not an executable, no permission): save the script all the same.
      try writeScript(to: scriptURL, svgName: url.lastPathComponent, theme: theme)
      throw PlotError.gnuplotFailed(status: status, message: message, script: Self.displayPath(scriptURL))
    }
    let drawnBytes = (try? FileManager.default.attributesOfItem(atPath: partialURL.path)[.size] as? Int) ?? 0
    guard outcome.status == 0, drawnBytes > 0 else {
      try writeScript(to: scriptURL, svgName: url.lastPathComponent, theme: theme)
      let message = outcome.status == 0 ? "it drew nothing (\(outcome.firstError))" : outcome.firstError
      throw PlotError.gnuplotFailed(status: outcome.status, message: message, script: Self.displayPath(scriptURL))
    }
    try polishSVG(at: partialURL)
    if rename(partialURL.path, url.path) != 0 {
      throw PlotError.unwritable(path: Self.displayPath(url), reason: String(cString: strerror(errno)))
    }
    if keepScript {
      try writeScript(to: scriptURL, svgName: url.lastPathComponent, theme: theme)
    }
  }

  /// The figure drawn in text by gnuplot's `dumb` terminal, for the terminal
  /// and transcripts: `height` lines of at most `width` characters.
  ///
  ///     print(try figure.asciiPreview())
  ///
  /// Lines, points, bars and histograms show; images do not (the text
  /// terminal cannot draw them).
  ///
  /// - Throws: ``PlotError`` when the data is invalid or gnuplot is missing or fails.
  public func asciiPreview(width: Int = 80, height: Int = 24, gnuplot: Gnuplot = Gnuplot()) throws -> String {
    try validate()
    guard width >= 10, height >= 5 else {
      throw PlotError.invalidData("a text preview needs at least 10 × 5 characters, not \(width) × \(height)")
    }
    guard let executable = gnuplot.locate() else {
      throw PlotError.gnuplotNotFound(searched: gnuplot.searchDescription, script: nil)
    }
    let outputURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("plot-preview-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(at: outputURL) }
    let program = program(
      terminal: .dumb(width: width, height: height), output: .file(path: outputURL.path), matrixEncoding: .binary)
    let outcome = try gnuplot.run(program, executable: executable)
    guard outcome.status == 0, let text = try? String(contentsOf: outputURL, encoding: .utf8), !text.isEmpty else {
      throw PlotError.gnuplotFailed(status: outcome.status, message: outcome.firstError, script: nil)
    }
    // The dumb terminal starts each page with a form feed and pads lines with spaces.
    let lines = text.replacingOccurrences(of: "\u{0C}", with: "")
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in String(line.reversed().drop(while: { $0 == " " }).reversed()) }
    return lines.prefix(height).joined(separator: "\n")
  }

  /// What `writeSVG` adds to gnuplot's SVG: a title for screen readers and
  /// sharp pixels for embedded images.
  ///
  /// gnuplot titles every SVG "Gnuplot"; the figure's own title (or its
  /// panels' titles) says what it shows. And gnuplot embeds a heatmap or an
  /// image grid as a small PNG stretched over the plot area, which browsers
  /// smooth: a 10 × 10 confusion matrix would blur into a gradient.
  /// `image-rendering` keeps each cell a sharp square.
  func polishedSVG(_ svg: String) -> String {
    let name = title.isEmpty ? panels.map(\.title).filter { !$0.isEmpty }.joined(separator: "; ") : title
    var result = svg
    if !name.isEmpty, let range = result.range(of: "<title>Gnuplot</title>") {
      result.replaceSubrange(range, with: "<title>\(Self.xmlEscaped(name))</title>")
    }
    // gnuplot's <desc> names gnuplot; the figure's own says what it shows (the site's alt text).
    if let start = result.range(of: "<desc>"), let end = result.range(of: "</desc>", range: start.upperBound..<result.endIndex) {
      result.replaceSubrange(start.upperBound..<end.lowerBound, with: Self.xmlEscaped(textDescription))
    }
    return result.replacingOccurrences(
      of: "<image ", with: "<image style='image-rendering:pixelated' image-rendering='optimizeSpeed' ")
  }

  private func polishSVG(at url: URL) throws {
    guard let svg = try? String(contentsOf: url, encoding: .utf8) else { return }
    do {
      try polishedSVG(svg).write(to: url, atomically: false, encoding: .utf8)
    } catch {
      throw PlotError.unwritable(path: Self.displayPath(url), reason: error.localizedDescription)
    }
  }

  static func xmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: " ")
  }

  /// Saves the self-contained script (data as text) for rendering later.
  private func writeScript(to scriptURL: URL, svgName: String, theme: Theme) throws {
    let script = program(
      terminal: .svg(theme: theme), output: .besideScript(fallbackName: svgName), matrixEncoding: .text)
    do {
      try Data(script.bytes).write(to: scriptURL, options: .atomic)
    } catch {
      throw PlotError.unwritable(path: Self.displayPath(scriptURL), reason: error.localizedDescription)
    }
  }

  /// The path as the user likely wrote it: relative to the working directory when inside it.
  static func displayPath(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    let workingDirectory = FileManager.default.currentDirectoryPath
    let prefix = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}
