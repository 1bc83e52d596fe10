import Autograd
import CourseKit
import Datasets
import Foundation

/// The three sets of the chapter, cut from Fashion-MNIST's two files.
struct GeneralizationData {
  /// The 60,000 training images less the validation set: the pool the
  /// training subsets are drawn from (its first `n` images are "n images").
  let pool: ImageDataset
  /// Held out of the training file, class-balanced: what every choice is made on.
  let validation: ImageDataset
  /// The 10,000 test images, looked at to report.
  let test: ImageDataset

  /// How many images the baseline and its remedies train on.
  let smallCount: Int

  /// The baseline's training set: the pool's first `smallCount` images.
  var small: ImageDataset { pool.prefix(smallCount) }

  // region: three-sets
  /// Loads the IDX files and holds a class-balanced validation set out of
  /// the training file; the test file is left alone.
  static func load(_ chapter: ChapterRun) throws -> GeneralizationData {
    chapter.section("Three sets, three jobs")
    let directory = chapter.dataDirectory(default: FashionMNIST.defaultDirectory.path)
    let (train, test) = try FashionMNIST.load(from: directory)
    let file = chapter.isQuick ? train.prefix(4_000) : train
    let validationCount = chapter.isQuick ? 1_000 : 5_000
    // The split is fixed (seed 0), not the run's seed: every run compares on the same validation images.
    let (kept, heldOut) = file.stratifiedSplit(heldOutCount: validationCount, seed: 0)
    let data = GeneralizationData(
      pool: file.subset(at: kept), validation: file.subset(at: heldOut),
      test: chapter.isQuick ? test.prefix(1_000) : test, smallCount: chapter.isQuick ? 500 : 1_000)
    // endregion
    chapter.say("Fashion-MNIST from \(directory.path): \(data.pool.count) training images to draw from, "
      + "\(data.validation.count) validation images held out of the training file (every class \(data.validation.count / 10)), "
      + "\(data.test.count) test images; the baseline trains on \(data.smallCount).")
    chapter.metrics.record("pool_count", data.pool.count)
    chapter.metrics.record("validation_count", data.validation.count)
    chapter.metrics.record("validation_per_class", data.validation.countPerClass())
    chapter.metrics.record("test_count", data.test.count)
    chapter.metrics.record("train_count", data.smallCount)
    chapter.metrics.record("class_names", train.classNames)
    return data
  }
}

extension ImageBatch {
  /// The pixels as one `[count, height, width, 1]` tensor, and the labels.
  var tensors: (images: Tensor, labels: [Int]) {
    (Tensor(shape: [count, height, width, 1], scalars: images), labels)
  }
}

extension ImageDataset {
  /// The images at `indices` as one `[count, height, width, 1]` tensor (NHWC,
  /// as the CNN reads it; the MLP flattens it), and their labels.
  func tensorBatch(at indices: [Int]) -> (images: Tensor, labels: [Int]) {
    batch(at: indices).tensors
  }

  /// The logits of `model` for every image.
  func logits(of model: some Layer) -> Tensor {
    classLogits(of: model, for: self, chunkSize: 1_000) { tensorBatch(at: $0).images }
  }
}
