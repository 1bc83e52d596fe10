import CZlib
import Foundation
import Testing

@testable import Datasets

/// Data files that lie, never end or are not files at all: each is refused
/// with its own message, after reading no more than a good file of its kind.
@Suite("Hostile data files")
struct HostileFileTests {
  let directory: TemporaryDirectory
  let array = IDXArray(dimensions: [3, 2, 2], bytes: Array(1...12))

  init() throws {
    directory = try TemporaryDirectory()
  }

  @Test func gzipBombStopsAfterTheDataTheHeaderAnnounces() throws {
    // A 12-byte array, then 256 MB of zeros in four gzip members of about 64 KB each.
    let zeros = gzip([UInt8](repeating: 0, count: 64 << 20))
    let path = try directory.write(gzip(array.encoded()) + zeros + zeros + zeros + zeros, to: "bomb.gz")
    let error = datasetError { try IDXArray.read(from: path) }
    expectError(
      error, path: path,
      problem: .excessData(dimensions: [3, 2, 2], expectedBytes: 12, limit: IDXArray.trailingByteLimit))
    #expect(error?.description.contains("reading stopped there") == true)
  }

  @Test func headerAnnouncingMoreThanTheLayoutAllowsIsRefusedBeforeReading() throws {
    // 10⁶ images of 28×28 announced, 12 bytes present.
    let header: [UInt8] = [0, 0, 8, 3, 0, 0x0F, 0x42, 0x40, 0, 0, 0, 28, 0, 0, 0, 28]
    let path = try directory.write(gzip(header + Array(1...12)), to: "claims.gz")
    let error = datasetError { try IDXArray.read(from: path, layout: FashionMNIST.imageLayout) }
    expectError(
      error, path: path,
      problem: .dataTooLarge(
        dimensions: [1_000_000, 28, 28], expectedBytes: 784_000_000, limit: FashionMNIST.imageLayout.maximumByteCount))
  }

  @Test func wrongImageSizeIsNamedBeforeTheDataIsCounted() throws {
    // A 32×32 header whose data stops short: the size is what is wrong, not the length.
    let images = IDXArray(dimensions: [10, 32, 32], bytes: [UInt8](repeating: 0, count: 10 * 32 * 32))
    let path = try directory.write(gzip(Array(images.encoded().prefix(100))), to: "t10k-images-idx3-ubyte.gz")
    let error = datasetError { try IDXArray.read(from: path, layout: FashionMNIST.imageLayout) }
    expectError(error, path: path, problem: .unexpectedShape(dimensions: [10, 32, 32], expected: "images of shape N×28×28"))
  }

  @Test func largeUncompressedFileIsRefusedBeforeItIsRead() throws {
    // A sparse file of 1 GB: no disk used, and no memory either if it is never read.
    let path = try directory.write(array.encoded(), to: "sparse")
    #expect(truncate(path, 1 << 30) == 0)
    let error = datasetError { try IDXArray.read(from: path, layout: FashionMNIST.imageLayout) }
    #expect(error?.path == path)
    // The limit is the largest data the layout admits plus the largest header: no allowance for compression.
    #expect(error?.problem == .fileTooLarge(byteCount: 1 << 30, limit: FashionMNIST.imageLayout.maximumByteCount + 4 + 4 * 255))
  }

  @Test(arguments: ["/dev/zero", "/dev/urandom"])
  func linkToADeviceIsRefused(device: String) throws {
    let path = directory.path("train-images-idx3-ubyte.gz")
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: device)
    let error = datasetError { try IDXArray.read(from: path) }
    expectError(
      error, path: path, problem: .unreadable(reason: "it is a character device (such as /dev/zero), not a regular file"))
  }

  @Test func namedPipeIsRefusedWithoutWaitingForAWriter() throws {
    let path = directory.path("train-labels-idx1-ubyte")
    #expect(mkfifo(path, 0o600) == 0)
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .unreadable(reason: "it is a named pipe (FIFO), not a regular file"))
  }

  @Test func textLargerThanACorpusMayBeIsRefusedBeforeItIsRead() throws {
    let path = directory.path("huge")
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    #expect(truncate(path, off_t(TextCorpus.maximumByteCount + 1)) == 0)
    let error = datasetError { try TextCorpus.loadFortunes(from: directory.url) }
    expectError(
      error.map { DatasetError(path: $0.path, problem: $0.problem) }, path: path,
      problem: .fileTooLarge(byteCount: TextCorpus.maximumByteCount + 1, limit: TextCorpus.maximumByteCount))
    #expect(error?.remedy?.contains("--data DIR") == true)
  }

  @Test func textFilesShareOneLimit() throws {
    // Two files, each under the limit, together over it: the second is refused.
    for name in ["a", "b"] {
      let path = directory.path(name)
      #expect(FileManager.default.createFile(atPath: path, contents: nil))
      #expect(truncate(path, off_t(TextCorpus.maximumByteCount / 2 + 1)) == 0)
    }
    let error = datasetError { try TextCorpus.loadFortunes(from: directory.url) }
    #expect(error?.path == directory.path("b"))
    #expect(error?.problem == .fileTooLarge(byteCount: TextCorpus.maximumByteCount / 2 + 1, limit: TextCorpus.maximumByteCount / 2 - 1))
  }
}
