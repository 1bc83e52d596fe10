/// Data augmentation on the fly: each time an image is drawn into a batch it
/// is shifted by a few pixels and, where its class allows, mirrored, so the
/// network sees each image in many versions (`versionCount(ofClass:)`)
/// instead of one, though over many epochs it meets some of them again.
///
///     var random = SplitMix64(seed: 7)
///     let augmentation = ImageAugmentation(maximumShift: 2, flippableClasses: [0, 1, 2, 3, 4, 6, 8])
///     let batch = augmentation.apply(to: train.batch(at: indices), using: &random)
///
/// The label never changes: a coat moved two pixels left is still a coat.
/// That is the whole assumption, and it decides what may be applied: a shoe
/// mirrored points the other way, which no Fashion-MNIST shoe does, so the
/// footwear classes are not flipped.
public struct ImageAugmentation: Sendable, Equatable {
  /// The largest shift in each direction, in pixels (0: no shifts).
  public var maximumShift: Int
  /// The labels whose images may be mirrored left to right.
  public var flippableClasses: Set<Int>

  public init(maximumShift: Int, flippableClasses: Set<Int> = []) {
    precondition(maximumShift >= 0, "ImageAugmentation: negative maximum shift \(maximumShift)")
    self.maximumShift = maximumShift
    self.flippableClasses = flippableClasses
  }

  /// One image's transformation: a shift by (rowShift, columnShift) pixels
  /// and, if `flipped`, a left–right mirror first.
  public struct Placement: Hashable, Sendable {
    public var rowShift: Int
    public var columnShift: Int
    public var flipped: Bool

    public init(rowShift: Int, columnShift: Int, flipped: Bool) {
      self.rowShift = rowShift
      self.columnShift = columnShift
      self.flipped = flipped
    }
  }

  /// How many different versions of an image of class `label` can be drawn:
  /// every shift in each direction, twice if the class may be mirrored.
  public func versionCount(ofClass label: Int) -> Int {
    let span = 2 * maximumShift + 1
    return span * span * (flippableClasses.contains(label) ? 2 : 1)
  }

  /// The placements `apply(to:using:)` draws for images with these labels,
  /// image by image, each shift uniform in −maximumShift...maximumShift and a
  /// mirror with probability ½ where the class allows one: the same draws in
  /// the same order, so replaying them tells which versions a run showed.
  public func placements(for labels: [Int], using generator: inout some RandomNumberGenerator) -> [Placement] {
    let span = 2 * maximumShift + 1
    return labels.map { label in
      let rowShift = uniformIndex(below: span, using: &generator) - maximumShift
      let columnShift = uniformIndex(below: span, using: &generator) - maximumShift
      let flips = flippableClasses.contains(label) && generator.next() >> 63 == 1
      return Placement(rowShift: rowShift, columnShift: columnShift, flipped: flips)
    }
  }

  /// `batch` with each image moved as `placements(for:using:)` draws it.
  public func apply(to batch: ImageBatch, using generator: inout some RandomNumberGenerator) -> ImageBatch {
    var result = batch
    let size = batch.height * batch.width
    for (image, placement) in placements(for: batch.labels, using: &generator).enumerated() {
      let range = (image * size)..<((image + 1) * size)
      result.images.replaceSubrange(range, with: transformed(
        batch.images[range], height: batch.height, width: batch.width,
        rowShift: placement.rowShift, columnShift: placement.columnShift, flipped: placement.flipped))
    }
    return result
  }
}

// region: shift-and-flip
/// One image moved down by `rowShift` and right by `columnShift` pixels
/// (negative: up, left), the uncovered border filled with 0 (the background),
/// after an optional left–right mirror.
public func transformed(
  _ pixels: ArraySlice<Float>, height: Int, width: Int, rowShift: Int, columnShift: Int, flipped: Bool
) -> [Float] {
  precondition(pixels.count == height * width, "transformed: \(pixels.count) pixels are not \(height)×\(width)")
  let base = pixels.startIndex
  var output = [Float](repeating: 0, count: height * width)
  for row in 0..<height {
    let sourceRow = row - rowShift
    guard (0..<height).contains(sourceRow) else { continue }
    for column in 0..<width {
      let shiftedColumn = column - columnShift
      guard (0..<width).contains(shiftedColumn) else { continue }
      let sourceColumn = flipped ? width - 1 - shiftedColumn : shiftedColumn
      output[row * width + column] = pixels[base + sourceRow * width + sourceColumn]
    }
  }
  return output
}
// endregion
