import Autograd
import CourseKit
import Datasets
import Foundation

/// The Fashion-MNIST images of the chapter: chapter 4's training and test
/// sets, and the images that calibrate the int8 activations.
struct FashionData {
  /// All 60,000 training images, or the first 500 with `--quick`.
  let train: ImageDataset
  /// All 10,000 test images, or the first 200 with `--quick`.
  let test: ImageDataset
  /// The last 1,000 training images (100 with `--quick`): calibration looks at
  /// training images only, never at the test images the int8 model is judged on.
  let calibration: [Int]

  /// Loads the IDX files from `--data DIR` or Debian's `dataset-fashion-mnist`;
  /// a missing or corrupt file ends the run with a message naming it.
  static func load(_ chapter: ChapterRun) throws -> FashionData {
    chapter.section("The data")
    let directory = chapter.dataDirectory(default: FashionMNIST.defaultDirectory.path)
    let (train, test) = try FashionMNIST.load(from: directory)
    // Quick runs are small: `swift test` runs them in debug builds, 30–100 times slower than release.
    let kept = chapter.isQuick ? train.prefix(500) : train
    let calibrationCount = chapter.isQuick ? 100 : 1_000
    let data = FashionData(
      train: kept, test: chapter.isQuick ? test.prefix(200) : test,
      calibration: Array((kept.count - calibrationCount)..<kept.count))
    chapter.say("Fashion-MNIST from \(directory.path): \(data.train.count) training and \(data.test.count) test images; "
      + "\(data.calibration.count) training images calibrate the int8 activations.")
    chapter.metrics.record("train_count", data.train.count)
    chapter.metrics.record("test_count", data.test.count)
    chapter.metrics.record("calibration_count", data.calibration.count)
    return data
  }
}

extension ImageDataset {
  /// The images at `indices` as NHWC [count, 28, 28, 1], as chapter 4's network reads them.
  func nhwcImages(at indices: [Int]) -> Tensor {
    Tensor(shape: [indices.count, height, width, 1], scalars: indices.flatMap { self.pixels(ofImage: $0) })
  }

  /// The labels at `indices`.
  func labels(at indices: [Int]) -> [Int] { indices.map { labels[$0] } }
}

/// The test accuracy of `logits` [count, classes] against `data`'s labels.
func testAccuracy(_ logits: Tensor, _ data: ImageDataset) -> Double {
  accuracy(predictions: logits.argmaxLastAxis(), labels: data.labels)
}

/// The logits of a float network for every image of `data`, 500 at a time.
func logits(of model: some Layer, for data: ImageDataset) -> Tensor {
  classLogits(of: model, for: data) { data.nhwcImages(at: $0) }
}
