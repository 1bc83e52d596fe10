extension Series.ImageGrid {
  /// The grid drawn as one image: every picture pasted into a single canvas
  /// matrix with gaps (NaN, left undrawn) between them and room for captions.
  /// One matrix is one `plot` clause, however many pictures there are.
  struct Canvas {
    /// Row-major, row 0 at the top.
    var values: [Float]
    var width: Int
    var height: Int
    /// Where each caption is centered, in canvas coordinates (y grows downwards).
    var captionCenters: [(x: Double, y: Double)]
    /// The values drawn at the two ends of the color map.
    var colorRange: ClosedRange<Double>
  }

  /// The font size of captions, in points.
  static let captionFontSize = 11

  /// Lays the images out for a panel of about `panelPixels` (width, height).
  ///
  /// Captions need a band of about 1.6 font sizes under each image, but how many
  /// canvas units that is depends on how large gnuplot draws the canvas,
  /// which depends on the band: the smallest band that fits is searched for.
  ///
  /// - Complexity: O(total pixels).
  func canvas(panelPixels: (width: Double, height: Double)) -> Canvas {
    // Tiny images (3×3 filters) are enlarged so gaps and captions can be
    // small relative to them.
    let upscale = max(1, Int((12.0 / Double(min(width, height))).rounded(.up)))
    let tileWidth = width * upscale
    let tileHeight = height * upscale
    let gap = max(1, min(tileWidth, tileHeight) / 10)
    let gridColumns = min(columns, images.count)
    let gridRows = (images.count + gridColumns - 1) / gridColumns
    let canvasWidth = gridColumns * (tileWidth + gap) - gap

    var captionBand = 0
    if captions != nil {
      let neededPixels = 1.6 * Double(Self.captionFontSize)
      for band in 1...(4 * tileHeight + 20) {
        let canvasHeight = Double(gridRows * (tileHeight + band + gap) - gap)
        let pixelsPerUnit = min(panelPixels.width / Double(canvasWidth), panelPixels.height / canvasHeight)
        captionBand = band
        if Double(band) * pixelsPerUnit >= neededPixels { break }
      }
    }
    let canvasHeight = gridRows * (tileHeight + captionBand + gap) - gap

    let colorRange = normalizeEach ? 0.0...1.0 : (range ?? Self.finiteRange(of: images.joined()))
    var values = [Float](repeating: .nan, count: canvasWidth * canvasHeight)
    var captionCenters: [(x: Double, y: Double)] = []
    for (index, image) in images.enumerated() {
      let left = (index % gridColumns) * (tileWidth + gap)
      let top = (index / gridColumns) * (tileHeight + captionBand + gap)
      let shown = normalizeEach ? Self.normalized(image) : image
      for row in 0..<tileHeight {
        let sourceRow = (row / upscale) * width
        let targetRow = (top + row) * canvasWidth + left
        for column in 0..<tileWidth {
          values[targetRow + column] = shown[sourceRow + column / upscale]
        }
      }
      captionCenters.append((
        x: Double(left) + Double(tileWidth - 1) / 2,
        y: Double(top + tileHeight) - 0.5 + Double(captionBand) / 2))
    }
    return Canvas(
      values: values, width: canvasWidth, height: canvasHeight,
      captionCenters: captionCenters, colorRange: colorRange)
  }

  /// The smallest to the largest finite value; a unit span around a constant.
  static func finiteRange(of values: some Sequence<Float>) -> ClosedRange<Double> {
    var lowest = Float.infinity
    var highest = -Float.infinity
    for value in values where value.isFinite {
      lowest = min(lowest, value)
      highest = max(highest, value)
    }
    if lowest > highest { return 0...1 }
    if lowest == highest { return (Double(lowest) - 0.5)...(Double(highest) + 0.5) }
    return Double(lowest)...Double(highest)
  }

  /// The image stretched to 0...1 by its own finite range.
  static func normalized(_ image: [Float]) -> [Float] {
    let range = finiteRange(of: image)
    let lowest = Float(range.lowerBound)
    let scale = Float(1 / (range.upperBound - range.lowerBound))
    return image.map { ($0 - lowest) * scale }
  }
}
