import Foundation

/// Fashion-MNIST: 70,000 grayscale 28×28 images of clothing in 10 classes,
/// 60,000 for training and 10,000 for testing.
///
/// Debian's `dataset-fashion-mnist` package installs its four IDX files in
/// ``defaultDirectory``; nothing is downloaded. The digit MNIST files have the
/// same names and format, so a directory of those loads too: the files cannot
/// tell the two apart, so pass ``digitClassNames`` for them.
///
///     let (train, test) = try FashionMNIST.load()
///     let digits = try FashionMNIST.load(from: URL(fileURLWithPath: "mnist"),
///                                        classNames: FashionMNIST.digitClassNames)
public enum FashionMNIST {
  /// Where Debian's `dataset-fashion-mnist` package puts the files.
  public static let defaultDirectory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")

  /// The Debian package that holds the files.
  public static let debianPackage = "dataset-fashion-mnist"

  /// The names of Fashion-MNIST's classes, indexed by label.
  public static let classNames = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
  ]

  /// The names of Fashion-MNIST's classes in Chinese, indexed by label, for
  /// the Chinese edition of the course's pages (issue #20).
  public static let chineseClassNames = [
    "T恤/上衣", "裤子", "套头衫", "连衣裙", "外套",
    "凉鞋", "衬衫", "运动鞋", "包", "短靴",
  ]

  /// The Chinese name of the class named `name`: Fashion-MNIST's from
  /// ``chineseClassNames``; any other name (a digit of ``digitClassNames``) as it is.
  public static func chineseName(ofClass name: String) -> String {
    classNames.firstIndex(of: name).map { chineseClassNames[$0] } ?? name
  }

  /// The names of digit MNIST's classes: "0" to "9".
  public static let digitClassNames = (0...9).map(String.init)

  /// The rows and columns of every image.
  public static let imageSize = 28

  /// One of the two parts of the data set.
  public enum Split: String, Sendable, CaseIterable {
    /// 60,000 images to train on.
    case train
    /// 10,000 images to measure accuracy on.
    case test

    /// How the split's file names start.
    var filePrefix: String { self == .train ? "train" : "t10k" }
  }

  /// Loads both splits from `directory`.
  ///
  /// - Parameters:
  ///   - directory: the folder with the four IDX files, gzip-compressed
  ///     (`train-images-idx3-ubyte.gz`, ...) or not (`train-images-idx3-ubyte`).
  ///   - classNames: the class names to attach; their count bounds the labels.
  /// - Returns: the training and test images, pixels scaled to [0, 1].
  /// - Throws: ``DatasetError`` naming the first missing or faulty file, with
  ///   its remedy (install the package, or pass `--data DIR`).
  /// - Complexity: O(n); about a quarter of a second in a release build,
  ///   mostly zlib inflating 55 MB.
  public static func load(
    from directory: URL = defaultDirectory, classNames: [String] = classNames
  ) throws(DatasetError) -> (train: ImageDataset, test: ImageDataset) {
    (try load(.train, from: directory, classNames: classNames),
     try load(.test, from: directory, classNames: classNames))
  }

  /// Loads one split from `directory`; see ``load(from:classNames:)``.
  public static func load(
    _ split: Split, from directory: URL = defaultDirectory, classNames: [String] = classNames
  ) throws(DatasetError) -> ImageDataset {
    let isDefault = directory.standardizedFileURL.path == defaultDirectory.path
    do throws(DatasetError) {
      let imagesPath = try existingFile(named: "\(split.filePrefix)-images-idx3-ubyte", in: directory)
      let labelsPath = try existingFile(named: "\(split.filePrefix)-labels-idx1-ubyte", in: directory)
      return try loadImages(imagesPath: imagesPath, labelsPath: labelsPath, classNames: classNames)
    } catch {
      throw error.withRemedy(remedy(for: error.problem, defaultDirectory: isDefault))
    }
  }

  /// The most images a file may hold: all of Fashion-MNIST's (or MNIST's) in one.
  /// A header that claims more is refused before its data is read.
  public static let maximumImageCount = 70_000

  /// What an images file holds: `N×28×28` bytes.
  static let imageLayout = IDXLayout(
    itemName: "images", itemShape: [imageSize, imageSize], maximumCount: maximumImageCount)

  /// What a labels file holds: `N` bytes.
  static let labelLayout = IDXLayout(itemName: "labels", itemShape: [], maximumCount: maximumImageCount)

  /// Reads and checks an images file and its labels file.
  ///
  /// The images must be an `N×28×28` array, the labels an `N` array with the
  /// same `N`, each label below `classNames.count`.
  static func loadImages(
    imagesPath: String, labelsPath: String, classNames: [String]
  ) throws(DatasetError) -> ImageDataset {
    let labelArray = try IDXArray.read(from: labelsPath, layout: labelLayout)
    let imageArray = try IDXArray.read(from: imagesPath, layout: imageLayout)
    let count = imageArray.dimensions[0]
    guard labelArray.dimensions[0] == count else {
      throw DatasetError(
        path: labelsPath,
        problem: .countMismatch(count: labelArray.dimensions[0], otherPath: imagesPath, otherCount: count))
    }
    if let index = labelArray.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
      throw DatasetError(
        path: labelsPath,
        problem: .labelOutOfRange(index: index, label: Int(labelArray.bytes[index]), classCount: classNames.count))
    }
    return ImageDataset(
      images: scaledPixels(imageArray.bytes), labels: labelArray.bytes.map(Int.init),
      height: imageSize, width: imageSize, classNames: classNames)
  }

  /// The path of `name.gz` in `directory`, or of `name` if only that exists.
  /// - Throws: `.notFound` naming `name.gz` (the name Debian installs) when neither does.
  private static func existingFile(named name: String, in directory: URL) throws(DatasetError) -> String {
    let compressed = directory.appendingPathComponent(name + ".gz").path
    let uncompressed = directory.appendingPathComponent(name).path
    if !FileManager.default.fileExists(atPath: compressed) && FileManager.default.fileExists(atPath: uncompressed) {
      return uncompressed
    }
    guard FileManager.default.fileExists(atPath: compressed) else {
      throw DatasetError(path: compressed, problem: .notFound)
    }
    return compressed
  }

  /// Bytes 0...255 as floats 0...1.
  ///
  /// Each value is `Float(byte) / 255`, rounded once, exactly as NumPy's
  /// `uint8_array.astype(float32) / 255.0` in the peer scripts (multiplying by
  /// `1 / 255` instead would round twice and differ in the last bit).
  /// - Complexity: O(n), through a 256-entry table.
  static func scaledPixels(_ bytes: [UInt8]) -> [Float] {
    let table = (0...255).map { Float($0) / 255 }
    return [Float](unsafeUninitializedCapacity: bytes.count) { output, initializedCount in
      table.withUnsafeBufferPointer { table in
        bytes.withUnsafeBufferPointer { input in
          for index in input.indices {
            output[index] = table[Int(input[index])]
          }
        }
      }
      initializedCount = bytes.count
    }
  }

  /// What to do about `problem` with one of the four files.
  static func remedy(for problem: DatasetError.Problem, defaultDirectory: Bool) -> String {
    let files = "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
      + "t10k-labels-idx1-ubyte, each with or without .gz"
    switch (problem, defaultDirectory) {
    case (.notFound, true):
      return "Install it with `sudo apt-get install \(debianPackage)`, or pass --data DIR with the four IDX files."
    case (_, true):
      return "Reinstall it with `sudo apt-get install --reinstall \(debianPackage)`, "
        + "or pass --data DIR with good copies of the four IDX files."
    case (.notFound, false):
      return "The data directory must hold the four IDX files of Fashion-MNIST (or MNIST): \(files); "
        + "without --data DIR they are read from Debian's \(debianPackage) package."
    case (_, false):
      return "Replace it with a good copy, or leave out --data DIR to read Debian's \(debianPackage) package."
    }
  }
}

extension ImageDataset {
  /// The class names in Chinese, indexed by label (``FashionMNIST/chineseName(ofClass:)``).
  public var chineseClassNames: [String] { classNames.map(FashionMNIST.chineseName(ofClass:)) }
}
