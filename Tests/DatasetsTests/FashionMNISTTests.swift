import Foundation
import Testing

@testable import Datasets

/// A tiny Fashion-MNIST-shaped folder: `trainCount` and `testCount` images of
/// 28×28, pixel bytes `(image + pixel) % 256`, labels `image % 10`.
struct SyntheticFashionMNIST {
  let directory: TemporaryDirectory
  var url: URL { directory.url }

  init(trainCount: Int = 20, testCount: Int = 10, compressed: Bool = true) throws {
    directory = try TemporaryDirectory()
    for (prefix, count) in [("train", trainCount), ("t10k", testCount)] {
      try writeImages(Self.images(count: count), name: "\(prefix)-images-idx3-ubyte", compressed: compressed)
      try writeImages(Self.labels(count: count), name: "\(prefix)-labels-idx1-ubyte", compressed: compressed)
    }
  }

  static func images(count: Int) -> IDXArray {
    let bytes = (0..<(count * 784)).map { index in UInt8((index / 784 + index % 784) % 256) }
    return IDXArray(dimensions: [count, 28, 28], bytes: bytes)
  }

  static func labels(count: Int) -> IDXArray {
    IDXArray(dimensions: [count], bytes: (0..<count).map { UInt8($0 % 10) })
  }

  /// Writes `array` as the file `name` (plus `.gz` if `compressed`) and returns its path.
  @discardableResult
  func writeImages(_ array: IDXArray, name: String, compressed: Bool = true) throws -> String {
    compressed
      ? try directory.write(gzip(array.encoded()), to: name + ".gz")
      : try directory.write(array.encoded(), to: name)
  }
}

@Suite("Fashion-MNIST from small generated files")
struct FashionMNISTTests {
  /// The Chinese edition names each class by label; digits need no translation.
  @Test func namesEachClassInChinese() {
    #expect(FashionMNIST.chineseClassNames.count == FashionMNIST.classNames.count)
    #expect(FashionMNIST.chineseName(ofClass: "T-shirt/top") == "T恤/上衣")
    #expect(FashionMNIST.chineseName(ofClass: "Shirt") == "衬衫")
    #expect(FashionMNIST.chineseName(ofClass: "Ankle boot") == "短靴")
    #expect(FashionMNIST.chineseName(ofClass: "7") == "7")
  }

  @Test func loadsBothSplits() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 20, testCount: 10)
    let (train, test) = try FashionMNIST.load(from: folder.url)
    #expect(train.count == 20 && test.count == 10)
    #expect(train.height == 28 && train.width == 28 && train.pixelsPerImage == 784)
    #expect(train.images.count == 20 * 784)
    #expect(train.labels == (0..<20).map { $0 % 10 })
    #expect(train.classNames == FashionMNIST.classNames)
    #expect(train.classNames[9] == "Ankle boot")
    #expect(train.countPerClass() == [Int](repeating: 2, count: 10))
    // Pixel byte (image + pixel) % 256, divided by 255 in Float as NumPy does.
    #expect(train.images[0] == 0)
    #expect(train.pixels(ofImage: 3).first == Float(3) / 255)
    #expect(train.pixels(ofImage: 1)[784 + 254] == 1)  // byte 255
    #expect(train.pixels(ofImage: 0)[51] == Float(51) / 255)
    #expect(train.images.allSatisfy { (0...1).contains($0) })
  }

  @Test func loadsUncompressedFiles() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 4, testCount: 3, compressed: false)
    let test = try FashionMNIST.load(.test, from: folder.url)
    #expect(test.count == 3)
    #expect(test.labels == [0, 1, 2])
  }

  @Test func scaledPixelsMatchNumPy() {
    // NumPy's float32(b) / 255.0 for a few bytes (from the peers' arrays).
    let bytes: [UInt8] = [0, 1, 3, 51, 217, 255]
    let expected: [Float] = [0, 0.003921568859368563, 0.0117647061124444, 0.20000000298023224, 0.8509804010391235, 1]
    #expect(FashionMNIST.scaledPixels(bytes) == expected)
  }

  @Test func digitClassNames() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 10, testCount: 10)
    let test = try FashionMNIST.load(.test, from: folder.url, classNames: FashionMNIST.digitClassNames)
    #expect(test.classNames[test.labels[7]] == "7")
  }

  @Test func prefix() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 20, testCount: 10)
    let train = try FashionMNIST.load(.train, from: folder.url)
    let first = train.prefix(5)
    #expect(first.count == 5)
    #expect(first.images == Array(train.images[..<(5 * 784)]))
    #expect(first.labels == [0, 1, 2, 3, 4])
    #expect(train.prefix(100).count == 20)
    #expect(train.prefix(0).count == 0)
  }

  @Test func missingFileNamesTheGzPathAndTheRemedy() throws {
    let folder = try SyntheticFashionMNIST()
    try FileManager.default.removeItem(atPath: folder.directory.path("t10k-labels-idx1-ubyte.gz"))
    let path = folder.directory.path("t10k-labels-idx1-ubyte.gz")
    let error = datasetError { try FashionMNIST.load(from: folder.url) }
    expectError(error, path: path, problem: .notFound)
    #expect(error?.description.contains("--data DIR") == true)
    #expect(error?.description.contains("dataset-fashion-mnist") == true)
  }

  @Test func missingDirectory() throws {
    let folder = try SyntheticFashionMNIST()
    let absent = folder.url.appendingPathComponent("nowhere")
    expectError(
      datasetError { try FashionMNIST.load(from: absent) },
      path: absent.appendingPathComponent("train-images-idx3-ubyte.gz").path, problem: .notFound)
  }

  @Test func remedies() {
    let missing = FashionMNIST.remedy(for: .notFound, defaultDirectory: true)
    #expect(missing == "Install it with `sudo apt-get install dataset-fashion-mnist`, "
      + "or pass --data DIR with the four IDX files.")
    let corrupt = FashionMNIST.remedy(for: .notGzip, defaultDirectory: true)
    #expect(corrupt.contains("sudo apt-get install --reinstall dataset-fashion-mnist"))
    #expect(FashionMNIST.remedy(for: .notFound, defaultDirectory: false).contains("train-images-idx3-ubyte"))
  }

  @Test func countMismatchBetweenImagesAndLabels() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 20, testCount: 10)
    let labelsPath = try folder.writeImages(SyntheticFashionMNIST.labels(count: 19), name: "train-labels-idx1-ubyte")
    let error = datasetError { try FashionMNIST.load(from: folder.url) }
    expectError(
      error, path: labelsPath,
      problem: .countMismatch(count: 19, otherPath: folder.directory.path("train-images-idx3-ubyte.gz"), otherCount: 20))
    #expect(error?.remedy?.contains("Replace it with a good copy") == true)
  }

  @Test func labelOutOfRange() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 20, testCount: 10)
    var labels = SyntheticFashionMNIST.labels(count: 10)
    labels.bytes[6] = 12
    let path = try folder.writeImages(labels, name: "t10k-labels-idx1-ubyte")
    let error = datasetError { try FashionMNIST.load(from: folder.url) }
    expectError(error, path: path, problem: .labelOutOfRange(index: 6, label: 12, classCount: 10))
    // With fewer classes, the ordinary labels are out of range too.
    let fewer = datasetError { try FashionMNIST.load(.train, from: folder.url, classNames: ["a", "b", "c"]) }
    #expect(fewer?.problem == .labelOutOfRange(index: 3, label: 3, classCount: 3))
  }

  @Test func imagesOfTheWrongShape() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 20, testCount: 10)
    let path = try folder.writeImages(
      IDXArray(dimensions: [10, 32, 32], bytes: [UInt8](repeating: 0, count: 10 * 32 * 32)),
      name: "t10k-images-idx3-ubyte")
    let error = datasetError { try FashionMNIST.load(.test, from: folder.url) }
    expectError(error, path: path, problem: .unexpectedShape(dimensions: [10, 32, 32], expected: "images of shape N×28×28"))
    #expect(error?.description.contains("10×32×32") == true)
  }

  @Test func labelsAndImagesSwapped() throws {
    let folder = try SyntheticFashionMNIST(trainCount: 20, testCount: 10)
    let labelsPath = try folder.writeImages(SyntheticFashionMNIST.images(count: 10), name: "t10k-labels-idx1-ubyte")
    expectError(
      datasetError { try FashionMNIST.load(.test, from: folder.url) }, path: labelsPath,
      problem: .unexpectedShape(dimensions: [10, 28, 28], expected: "labels of shape N"))
  }

  @Test func corruptFileGetsTheRemedy() throws {
    let folder = try SyntheticFashionMNIST()
    let path = try folder.directory.write(Array("<html>404</html>".utf8), to: "train-images-idx3-ubyte.gz")
    let error = datasetError { try FashionMNIST.load(from: folder.url) }
    expectError(error, path: path, problem: .notGzip)
    #expect(error?.remedy != nil)
  }
}

/// The real files, loaded once for the whole suite (a few seconds in a debug build).
let installedFashionMNIST: (train: ImageDataset, test: ImageDataset)? = try? FashionMNIST.load()

@Suite(
  "Fashion-MNIST from Debian's package",
  .enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory.path + "/train-images-idx3-ubyte.gz"))
)
struct InstalledFashionMNISTTests {
  @Test func counts() throws {
    let (train, test) = try #require(installedFashionMNIST)
    #expect(train.count == 60_000)
    #expect(test.count == 10_000)
    #expect(train.images.count == 60_000 * 784)
    #expect(train.countPerClass() == [Int](repeating: 6_000, count: 10))
    #expect(test.countPerClass() == [Int](repeating: 1_000, count: 10))
  }

  @Test func sameNumbersAsThePeers() throws {
    let (train, test) = try #require(installedFashionMNIST)
    // From peers_common.load_fashion_mnist(): the first labels, a pixel, the byte sums.
    #expect(Array(train.labels.prefix(5)) == [9, 0, 0, 3, 0])
    #expect(Array(test.labels.prefix(5)) == [9, 2, 1, 1, 6])
    #expect(train.images[14 * 28 + 14] == 0.8509804010391235)
    // Every 60th training and every 10th test image (all 70,000 take seconds in a debug build).
    #expect(byteSum(of: train, imageStride: 60) == 56_398_182)
    #expect(byteSum(of: test, imageStride: 10) == 57_864_973)
    #expect(train.pixels(ofImage: 59_999).reduce(0) { $0 + Int(($1 * 255).rounded()) } == 16_684)  // the last image
  }

  /// The sum of the pixel bytes (pixel × 255) of every `imageStride`-th image.
  private func byteSum(of dataset: ImageDataset, imageStride: Int = 1) -> Int {
    stride(from: 0, to: dataset.count, by: imageStride).reduce(0) { sum, image in
      dataset.pixels(ofImage: image).reduce(sum) { $0 + Int(($1 * 255).rounded()) }
    }
  }
}
