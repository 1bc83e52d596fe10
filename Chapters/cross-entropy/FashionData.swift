import Autograd
import CourseKit
import Datasets
import Foundation

/// The Fashion-MNIST images the chapter trains and tests on.
struct FashionData {
  /// The training images: all 60,000, or the first 2,000 with `--quick`.
  let train: ImageDataset
  /// The test images: all 10,000, or the first 1,000 with `--quick`.
  let test: ImageDataset
  /// The size of the full training split, as the article's code would load it.
  let fullTrainCount: Int
  /// The size of the full test split, as the article's code would load it.
  let fullTestCount: Int

  /// Loads the four IDX files from `--data DIR`, or from where Debian's
  /// `dataset-fashion-mnist` package puts them.
  ///
  /// A missing, truncated or corrupt file ends the chapter with the loader's
  /// one-line message, which names the file and the package to install.
  static func load(_ chapter: ChapterRun) throws -> FashionData {
    chapter.section("The data")
    let directory = chapter.dataDirectory(default: FashionMNIST.defaultDirectory.path)
    let (train, test) = try FashionMNIST.load(from: directory)
    let data = FashionData(
      train: chapter.isQuick ? train.prefix(2_000) : train,
      test: chapter.isQuick ? test.prefix(1_000) : test,
      fullTrainCount: train.count, fullTestCount: test.count)
    chapter.say("Fashion-MNIST from \(directory.path): \(data.train.count) training and \(data.test.count) test images "
      + "of \(train.height)×\(train.width) pixels in \(train.classNames.count) classes.")
    chapter.metrics.record("train_count", data.train.count)
    chapter.metrics.record("test_count", data.test.count)
    chapter.metrics.record("class_names", english: train.classNames, chinese: train.chineseClassNames)
    return data
  }
}

// region: batch-tensor
extension ImageDataset {
  /// The images at `indices` as one `[count, height, width]` tensor, and their labels.
  ///
  /// `batch(at:)` copies each image's pixels with one block copy into a fresh
  /// contiguous array, and the tensor takes that array over without copying it again.
  func tensorBatch(at indices: [Int]) -> (images: Tensor, labels: [Int]) {
    let batch = batch(at: indices)
    return (Tensor(shape: [batch.count, height, width], scalars: batch.images), batch.labels)
  }
}
// endregion

extension ImageDataset {
  /// The first `maximumCount` images of the classes `negative` and `positive`,
  /// with labels 0 and 1: a binary problem cut out of the ten-class one.
  func binaryProblem(negative: Int, positive: Int, maximumCount: Int = .max) -> (images: Tensor, labels: Tensor) {
    let kept = Array(labels.indices.filter { labels[$0] == negative || labels[$0] == positive }.prefix(maximumCount))
    let (images, classes) = tensorBatch(at: kept)
    return (
      images.reshaped(to: [kept.count, pixelsPerImage]),
      Tensor(shape: [kept.count, 1], scalars: classes.map { $0 == positive ? 1 : 0 }))
  }
}
