/// Data augmentation on the fly: each time an image is drawn into a batch it
/// is shifted by a few pixels and, where its class allows, mirrored, so the
/// network never sees exactly the same picture twice.
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

  /// `batch` with each image shifted by a random (dy, dx) in
  /// −maximumShift...maximumShift and, if its class is flippable, mirrored
  /// with probability ½, all drawn from `generator` image by image.
  public func apply(to batch: ImageBatch, using generator: inout some RandomNumberGenerator) -> ImageBatch {
    var result = batch
    let size = batch.height * batch.width
    let span = 2 * maximumShift + 1
    for image in 0..<batch.count {
      let rowShift = uniformIndex(below: span, using: &generator) - maximumShift
      let columnShift = uniformIndex(below: span, using: &generator) - maximumShift
      let flips = flippableClasses.contains(batch.labels[image]) && generator.next() >> 63 == 1
      let range = (image * size)..<((image + 1) * size)
      result.images.replaceSubrange(range, with: transformed(
        batch.images[range], height: batch.height, width: batch.width,
        rowShift: rowShift, columnShift: columnShift, flipped: flips))
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
