/// Where gnuplot draws: an SVG file or text for the terminal.
enum Terminal {
  case svg(theme: Theme)
  case dumb(width: Int, height: Int)
}

/// Where a program sends what gnuplot draws.
enum OutputTarget {
  /// This file (a temporary file while rendering).
  case file(path: String)
  /// `NAME.svg` next to the script `NAME.gp` that gnuplot was asked to run,
  /// found through gnuplot's `ARG0`; `fallbackName` when read from stdin.
  case besideScript(fallbackName: String)
}

extension Figure {
  /// The size of tick labels, keys and axis labels, and of the figure's title, in SVG pixels.
  static let labelFontSize = 14
  static let titleFontSize = 16

  /// The figure as a self-contained gnuplot script: all data inline as text,
  /// drawing `NAME.svg` next to the script file `NAME.gp` it is saved as.
  ///
  ///     try figure.gnuplotScript().write(toFile: "figures/loss.gp", atomically: true, encoding: .utf8)
  ///     // later, anywhere gnuplot is installed:  gnuplot figures/loss.gp  → figures/loss.svg
  ///
  /// Pass `output_file` to draw elsewhere: `gnuplot -e 'output_file="x.svg"' loss.gp`.
  public func gnuplotScript(theme: Theme = .light) -> String {
    program(terminal: .svg(theme: theme), output: .besideScript(fallbackName: "figure.svg"), matrixEncoding: .text).text
  }

  /// The bytes gnuplot reads: commands, data blocks and binary matrices.
  func program(terminal: Terminal, output: OutputTarget, matrixEncoding: GnuplotScript.MatrixEncoding) -> GnuplotScript {
    var script = GnuplotScript(matrixEncoding: matrixEncoding)
    let (rows, columns) = grid
    let size = pixelSize
    let theme: Theme
    let isText: Bool
    script.comment(title.isEmpty ? "A figure drawn by the course's Plotting module." : "\(title): drawn by the course's Plotting module.")
    script.command("set encoding utf8")
    switch terminal {
    case .svg(let svgTheme):
      theme = svgTheme
      isText = false
      // noenhanced: every title and label shows exactly as written (no _ ^ {} markup).
      // Labels at 14 px: a figure of the automatic width shows them at 11 px or more in a
      // column of 640 px or more (the site shows a figure no narrower than that; see FigureSize).
      script.command(
        "set terminal svg size \(size.width),\(size.height) dynamic noenhanced font 'sans,\(Self.labelFontSize)' "
          + "background rgb '\(theme.background)'")
    case .dumb(let width, let height):
      theme = .light
      isText = true
      script.command("set terminal dumb size \(width),\(height) noenhanced")
    }
    switch output {
    case .file(let path):
      script.command("set output \(GnuplotScript.quoted(path))")
    case .besideScript(let fallbackName):
      script.comment("Draws NAME.svg next to this script NAME.gp (or output_file, if given with -e).")
      script.command("if (!exists(\"output_file\")) output_file = (ARG0 ne \"\" ? ARG0[1:strlen(ARG0)-3] . \".svg\" : \(GnuplotScript.quoted(fallbackName)))")
      script.command("set output output_file")
    }

    var layout = "set multiplot layout \(rows),\(columns)"
    if !title.isEmpty {
      layout += " title \(GnuplotScript.quoted(title)) font ',\(Self.titleFontSize)' textcolor rgb '\(theme.foreground)'"
    }
    script.command(layout)
    // The plot area of a panel, roughly: the page share less axes and titles.
    let panelPixels = (
      width: Double(size.width) / Double(columns) - 40,
      height: (Double(size.height) - (title.isEmpty ? 0 : 30)) / Double(rows) - 50)
    for (index, panel) in panels.enumerated() {
      script.command("")
      script.comment("Panel \(index + 1)" + (panel.title.isEmpty ? "" : ": \(panel.title)"))
      // reset clears the previous panel's settings but not the terminal, output or layout.
      if index > 0 { script.command("reset") }
      panel.write(index: index + 1, into: &script, theme: theme, isText: isText, panelPixels: panelPixels)
    }
    script.command("unset multiplot")
    script.command("set output")
    return script
  }
}
