import Autograd
import CourseKit
import Datasets
import Foundation

/// The Fashion-MNIST images the chapter trains and tests on.
struct FashionImages {
  /// The training images: all 60,000, or the first 1,000 with `--quick`.
  let train: ImageDataset
  /// The test images: all 10,000, or the first 500 with `--quick`.
  let test: ImageDataset

  /// Loads the four IDX files from `--data DIR`, or from where Debian's
  /// `dataset-fashion-mnist` package puts them.
  ///
  /// A missing, truncated or corrupt file ends the chapter with the loader's
  /// one-line message, which names the file and the package to install.
  static func load(_ chapter: ChapterRun) throws -> FashionImages {
    chapter.section("The data")
    let directory = chapter.dataDirectory(default: FashionMNIST.defaultDirectory.path)
    let (train, test) = try FashionMNIST.load(from: directory)
    let data = FashionImages(
      train: chapter.isQuick ? train.prefix(1_000) : train,
      test: chapter.isQuick ? test.prefix(500) : test)
    chapter.say("Fashion-MNIST from \(directory.path): \(data.train.count) training and \(data.test.count) test images "
      + "of \(train.height)×\(train.width) pixels in \(train.classNames.count) classes.")
    chapter.metrics.record("train_count", data.train.count)
    chapter.metrics.record("test_count", data.test.count)
    chapter.metrics.record("class_names", english: train.classNames, chinese: train.chineseClassNames)
    return data
  }
}

// region: nhwc-batch
extension ImageDataset {
  /// The images at `indices` as one NHWC tensor [count, height, width, 1], and their labels.
  ///
  /// A grayscale image has one channel; the convolution layers read images
  /// channels-last, as Keras does, so the channel axis is the last one.
  func imageBatch(at indices: [Int]) -> (images: Tensor, labels: [Int]) {
    let batch = batch(at: indices)
    return (Tensor(shape: [batch.count, height, width, 1], scalars: batch.images), batch.labels)
  }
}
// endregion

/// The logits of `model` for every image of `data`.
func classLogits(of model: Sequential, for data: ImageDataset) -> Tensor {
  classLogits(of: model, for: data) { data.imageBatch(at: $0).images }
}
