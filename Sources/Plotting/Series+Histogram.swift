extension Series {
  struct Histogram: Sendable {
    /// The left edge of the first bin.
    var lowerBound: Double
    var binWidth: Double
    /// Counts, or densities when normalized.
    var heights: [Double]
    /// How many values were left out: NaN, infinite or outside the range.
    var skipped: Int
    var title: String
    var color: Color?
  }

  /// The distribution of `values` in `bins` equal bins: weights, activations,
  /// gradient norms. The bins are counted here, in Swift; gnuplot draws boxes.
  ///
  ///     .histogram(values: firstLayerWeights, bins: 40, title: "initial")
  ///
  /// Several histograms in a panel are drawn translucent, one over the other.
  ///
  /// - Parameters:
  ///   - values: The samples. NaN and infinite values are skipped.
  ///   - bins: The number of bins; at least 1.
  ///   - range: The span of the bins; values outside it are skipped. Nil for
  ///     the smallest to the largest finite value.
  ///   - normalized: Whether bar heights are densities (the bars' area sums
  ///     to 1) rather than counts: compares samples of different sizes.
  /// - Complexity: O(n) in the number of values.
  public static func histogram(
    values: some PlottableValues, bins: Int = 30, range: ClosedRange<Double>? = nil,
    normalized: Bool = false, title: String = "", color: Color? = nil
  ) -> Series {
    Series(kind: .histogram(Histogram(
      binning: values.plotValues, bins: bins, range: range, normalized: normalized,
      title: title, color: color)))
  }
}

extension Series.Histogram {
  init(binning values: [Double], bins: Int, range: ClosedRange<Double>?, normalized: Bool, title: String, color: Color?) {
    self.title = title
    self.color = color
    guard bins >= 1 else {
      // Validation reports the bad bin count; an empty histogram carries it there.
      self.lowerBound = 0
      self.binWidth = 1
      self.heights = []
      self.skipped = values.count
      return
    }
    let finite = values.filter(\.isFinite)
    var span = range ?? ((finite.min() ?? 0)...(finite.max() ?? 1))
    if span.lowerBound == span.upperBound {
      // All values equal: one unit-wide span centered on them.
      span = (span.lowerBound - 0.5)...(span.upperBound + 0.5)
    }
    let width = (span.upperBound - span.lowerBound) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    var counted = 0
    for value in finite where span.contains(value) {
      // The upper edge belongs to the last bin, as in numpy.histogram.
      let bin = min(Int((value - span.lowerBound) / width), bins - 1)
      counts[bin] += 1
      counted += 1
    }
    if normalized && counted > 0 {
      let scale = 1 / (Double(counted) * width)
      counts = counts.map { $0 * scale }
    }
    self.lowerBound = span.lowerBound
    self.binWidth = width
    self.heights = counts
    self.skipped = values.count - counted
  }

  /// The center of each bin, where its box is drawn.
  var binCenters: [Double] {
    heights.indices.map { lowerBound + (Double($0) + 0.5) * binWidth }
  }
}
