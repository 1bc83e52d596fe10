/// A number a figure can plot: the element types chapters hold their data in.
///
/// Lets a series take `[Float]` losses, `[Int]` epochs, `[Double]` timings or
/// `[UInt8]` pixels without a conversion at the call site:
///
///     Series.line(x: epochs, y: testAccuracy)   // [Int] and [Float]
public protocol PlottableValue {
  /// The value as a `Double`, the precision gnuplot computes in.
  var plotValue: Double { get }
}

extension Double: PlottableValue {
  public var plotValue: Double { self }
}

extension Float: PlottableValue {
  public var plotValue: Double { Double(self) }
}

extension Int: PlottableValue {
  public var plotValue: Double { Double(self) }
}

extension Int32: PlottableValue {
  public var plotValue: Double { Double(self) }
}

extension UInt8: PlottableValue {
  public var plotValue: Double { Double(self) }
}

/// A sequence of numbers a series can plot: an array or an array slice of
/// any ``PlottableValue``, including literals (`[0.5, 1, 2]` is `[Double]`).
///
///     Series.line(y: losses[10...])   // an ArraySlice<Float>
public protocol PlottableValues {
  /// The values as doubles, for series that keep coordinates.
  var plotValues: [Double] { get }
  /// The values as 32-bit floats, for images: they travel to gnuplot as
  /// binary `%float` data.
  var imageValues: [Float] { get }
}

extension Array: PlottableValues where Element: PlottableValue {
  public var plotValues: [Double] { map(\.plotValue) }
  public var imageValues: [Float] { map { Float($0.plotValue) } }
}

extension ArraySlice: PlottableValues where Element: PlottableValue {
  public var plotValues: [Double] { map(\.plotValue) }
  public var imageValues: [Float] { map { Float($0.plotValue) } }
}

/// Rows of numbers: a matrix (`[[Int]]` of a confusion matrix, `[[Float]]`
/// of attention weights) or a list of images.
public protocol PlottableMatrix {
  /// Each row's values as 32-bit floats.
  var imageRows: [[Float]] { get }
}

extension Array: PlottableMatrix where Element: PlottableValues {
  public var imageRows: [[Float]] { map(\.imageValues) }
}
