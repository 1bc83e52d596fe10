/// Labelled grayscale images in one contiguous array: what a classifier trains on.
///
/// Image `n`'s pixels are `images[n * pixelsPerImage ..< (n + 1) * pixelsPerImage]`,
/// row by row, each in [0, 1]; its class is `labels[n]`, an index into `classNames`.
///
///     let (train, test) = try FashionMNIST.load()
///     train.count                       // 60000
///     train.classNames[train.labels[0]] // "Ankle boot"
public struct ImageDataset: Sendable {
  /// All pixels, row-major `[count, height, width]`, scaled from 0...255 to 0...1.
  public private(set) var images: [Float]
  /// The class index of each image, in `0..<classNames.count`.
  public private(set) var labels: [Int]
  /// The rows of each image.
  public let height: Int
  /// The columns of each image.
  public let width: Int
  /// The name of each class, indexed by label.
  public let classNames: [String]

  /// Creates a data set, checking that the arrays fit together.
  ///
  /// - Parameters:
  ///   - images: `labels.count × height × width` pixels, row-major.
  ///   - labels: one class index per image, each in `0..<classNames.count`.
  ///   - height: rows per image.
  ///   - width: columns per image.
  ///   - classNames: the name of each class.
  public init(images: [Float], labels: [Int], height: Int, width: Int, classNames: [String]) {
    precondition(height > 0 && width > 0, "ImageDataset: image size \(height)×\(width) is empty")
    precondition(
      images.count == labels.count * height * width,
      "ImageDataset: \(images.count) pixels are not \(labels.count) images of \(height)×\(width)")
    precondition(
      labels.allSatisfy { classNames.indices.contains($0) },
      "ImageDataset: a label is outside 0..<\(classNames.count)")
    self.images = images
    self.labels = labels
    self.height = height
    self.width = width
    self.classNames = classNames
  }

  /// The number of images.
  public var count: Int { labels.count }

  /// The number of pixels in one image, `height × width`.
  public var pixelsPerImage: Int { height * width }

  /// The pixels of image `index`, row by row.
  public func pixels(ofImage index: Int) -> ArraySlice<Float> {
    precondition(labels.indices.contains(index), "ImageDataset: image \(index) is outside 0..<\(count)")
    return images[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)]
  }

  /// The first `maximumCount` images (all of them if there are fewer), for quick runs.
  ///
  /// Fashion-MNIST's files are shuffled, so a prefix has every class in about
  /// equal shares.
  ///
  /// - Complexity: O(n) in the images kept (they are copied).
  public func prefix(_ maximumCount: Int) -> ImageDataset {
    precondition(maximumCount >= 0, "ImageDataset.prefix: negative count \(maximumCount)")
    let kept = min(maximumCount, count)
    var subset = self
    subset.images = Array(images[..<(kept * pixelsPerImage)])
    subset.labels = Array(labels[..<kept])
    return subset
  }

  /// How many images each class has, indexed by label.
  ///
  ///     try FashionMNIST.load().train.countPerClass()  // [6000, 6000, ..., 6000]
  public func countPerClass() -> [Int] {
    var counts = [Int](repeating: 0, count: classNames.count)
    for label in labels { counts[label] += 1 }
    return counts
  }
}
