/// An sRGB color for a series, written the way gnuplot reads it (`rgb '#0072B2'`).
///
///     Series.line(y: loss, title: "train", color: .vermillion)
public struct Color: Sendable, Hashable {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// The color as `#RRGGBB`.
  public var hex: String {
    "#" + [red, green, blue].map { component in
      let digits = String(component, radix: 16, uppercase: true)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
  }

  // The Okabe–Ito palette: eight colors that stay distinct for the common
  // forms of color blindness.
  public static let blue = Color(red: 0x00, green: 0x72, blue: 0xB2)
  public static let vermillion = Color(red: 0xD5, green: 0x5E, blue: 0x00)
  public static let green = Color(red: 0x00, green: 0x9E, blue: 0x73)
  public static let orange = Color(red: 0xE6, green: 0x9F, blue: 0x00)
  public static let skyBlue = Color(red: 0x56, green: 0xB4, blue: 0xE9)
  public static let purple = Color(red: 0xCC, green: 0x79, blue: 0xA7)
  public static let yellow = Color(red: 0xF0, green: 0xE4, blue: 0x42)
  public static let black = Color(red: 0x00, green: 0x00, blue: 0x00)
  public static let gray = Color(red: 0x99, green: 0x99, blue: 0x99)
  public static let wine = Color(red: 0x88, green: 0x22, blue: 0x55)
  public static let white = Color(red: 0xFF, green: 0xFF, blue: 0xFF)

  /// The colors series take in turn when they name none: Okabe–Ito, with the
  /// hard-to-see yellow moved to the end and two extra colors so ten classes
  /// (Fashion-MNIST's) all differ.
  public static let palette: [Color] = [
    .blue, .vermillion, .green, .orange, .skyBlue, .purple, .wine, .gray, .yellow, .black,
  ]

  /// The `index`-th palette color, wrapping around.
  static func cycling(_ index: Int) -> Color { palette[index % palette.count] }
}

/// How an image or heatmap maps values to colors (low values first).
public enum ColorMap: Sendable, Hashable {
  /// Dark purple through teal to yellow: perceptually uniform; for heatmaps.
  case viridis
  /// Black to white: for images.
  case grayscale
  /// White to black: ink on paper.
  case inverseGrayscale
  /// Blue through white to red: for signed values (weights, differences).
  case diverging
  /// Pale blue through white to pale orange: regions that points are drawn on.
  case lightDiverging

  /// The gnuplot command that installs the map.
  var paletteCommand: String {
    switch self {
    case .viridis:
      return "set palette defined (0 '#440154', 1 '#3B528B', 2 '#21908C', 3 '#5DC863', 4 '#FDE725')"
    case .grayscale:
      return "set palette defined (0 '#000000', 1 '#FFFFFF')"
    case .inverseGrayscale:
      return "set palette defined (0 '#FFFFFF', 1 '#000000')"
    case .diverging:
      return "set palette defined (0 '#2166AC', 1 '#F7F7F7', 2 '#B2182B')"
    case .lightDiverging:
      return "set palette defined (0 '#92C5DE', 1 '#F7F7F7', 2 '#F4A582')"
    }
  }

  /// Whether text on a cell at this fraction (0...1) of the color range
  /// should be light to stay readable.
  func wantsLightText(at fraction: Double) -> Bool {
    switch self {
    case .viridis, .grayscale: return fraction < 0.55
    case .inverseGrayscale: return fraction > 0.45
    case .diverging: return fraction < 0.2 || fraction > 0.8
    case .lightDiverging: return false
    }
  }
}

/// The colors of everything that is not data: background, text, axes, grid.
public enum Theme: Sendable, Hashable {
  /// Dark text on white: the default, for pages and print.
  case light
  /// Light text on a dark gray background: for a site's dark mode.
  case dark

  var background: String { self == .light ? "#FFFFFF" : "#1E1E1E" }
  var foreground: String { self == .light ? "#222222" : "#DDDDDD" }
  var gridColor: String { self == .light ? "#E0E0E0" : "#444444" }
}
