import Foundation
import Testing

@testable import Datasets

/// Runs `body`, which must throw a ``DatasetError``; returns it (or nil, after recording a failure).
func datasetError<T>(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) -> DatasetError? {
  do {
    _ = try body()
    Issue.record("expected a DatasetError, got a result", sourceLocation: sourceLocation)
  } catch let error as DatasetError {
    return error
  } catch {
    Issue.record("expected a DatasetError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// Expects `error` to be about `path`, with `problem`, and to read as one line naming the path.
func expectError(
  _ error: DatasetError?, path: String, problem: DatasetError.Problem,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let error else { return }
  #expect(error.path == path, sourceLocation: sourceLocation)
  #expect(error.problem == problem, sourceLocation: sourceLocation)
  #expect(error.description.hasPrefix(path + ": "), "\(error)", sourceLocation: sourceLocation)
  #expect(!error.description.contains("\n"), "\(error)", sourceLocation: sourceLocation)
}

@Suite("IDX files")
struct IDXTests {
  let directory: TemporaryDirectory
  /// A 3×2×2 array: 12 bytes.
  let array = IDXArray(dimensions: [3, 2, 2], bytes: Array(0..<12).map { UInt8($0 * 20) })

  init() throws {
    directory = try TemporaryDirectory()
  }

  @Test func headerLayout() {
    #expect(array.encoded().prefix(16) == [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2])
  }

  @Test func readsGzipFile() throws {
    let path = try directory.write(gzip(array.encoded()), to: "array-idx3-ubyte.gz")
    #expect(try IDXArray.read(from: path) == array)
  }

  @Test func readsUncompressedFile() throws {
    let path = try directory.write(array.encoded(), to: "array-idx3-ubyte")
    #expect(try IDXArray.read(from: path) == array)
  }

  @Test func readsGzipFileWithoutGzSuffix() throws {
    let path = try directory.write(gzip(array.encoded()), to: "array-idx3-ubyte")
    #expect(try IDXArray.read(from: path) == array)
  }

  @Test func readsConcatenatedGzipMembers() throws {
    let encoded = array.encoded()
    let path = try directory.write(gzip(Array(encoded[..<10])) + gzip(Array(encoded[10...])), to: "two.gz")
    #expect(try IDXArray.read(from: path) == array)
  }

  @Test func growsOutputBeyondTheTrailersSize() throws {
    // The gzip trailer gives the size of the last member only: here 10 bytes of 300,016.
    let large = IDXArray(dimensions: [300, 1000], bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
    let encoded = large.encoded()
    let split = encoded.count - 10
    let path = try directory.write(gzip(Array(encoded[..<split])) + gzip(Array(encoded[split...])), to: "large.gz")
    #expect(try IDXArray.read(from: path) == large)
  }

  @Test func wrongSizeInGzipTrailer() throws {
    var compressed = gzip(array.encoded())
    compressed[compressed.count - 4] ^= 0x01
    let path = try directory.write(compressed, to: "size.gz")
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .corruptCompressedData(detail: "incorrect length check"))
  }

  @Test func truncatedData() throws {
    let path = try directory.write(gzip(Array(array.encoded().dropLast(5))), to: "short.gz")
    let error = datasetError { try IDXArray.read(from: path) }
    expectError(error, path: path, problem: .truncatedData(dimensions: [3, 2, 2], expectedBytes: 12, actualBytes: 7))
    #expect(error?.description == "\(path): truncated: header says 3×2×2 = 12 bytes of data, file has 7")
  }

  @Test func trailingBytes() throws {
    let path = try directory.write(gzip(array.encoded() + [1, 2]), to: "long.gz")
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .trailingBytes(dimensions: [3, 2, 2], expectedBytes: 12, actualBytes: 14))
  }

  @Test func truncatedHeader() throws {
    let path = try directory.write(Array(array.encoded().prefix(10)), to: "header")
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .truncatedHeader(rank: 3, headerLength: 16, fileLength: 10))
    let tiny = try directory.write([0, 0], to: "tiny")
    expectError(
      datasetError { try IDXArray.read(from: tiny) }, path: tiny,
      problem: .truncatedHeader(rank: 0, headerLength: 4, fileLength: 2))
  }

  @Test func badMagic() throws {
    var bytes = array.encoded()
    bytes[0] = 0x50
    bytes[1] = 0x4B
    let path = try directory.write(gzip(bytes), to: "magic.gz")
    let error = datasetError { try IDXArray.read(from: path) }
    expectError(error, path: path, problem: .badMagic(found: [0x50, 0x4B, 8, 3]))
    #expect(error?.description.contains("50 4b 08 03") == true)
  }

  @Test func wrongElementType() throws {
    var bytes = array.encoded()
    bytes[2] = 0x0D
    let path = try directory.write(gzip(bytes), to: "float.gz")
    let error = datasetError { try IDXArray.read(from: path) }
    expectError(error, path: path, problem: .unsupportedElementType(code: 0x0D))
    #expect(error?.description.contains("0x0d (32-bit float)") == true)
  }

  @Test func zeroRank() throws {
    let path = try directory.write([0, 0, 8, 0, 42], to: "scalar")
    expectError(datasetError { try IDXArray.read(from: path) }, path: path, problem: .zeroRank)
  }

  @Test func dimensionsTooLarge() throws {
    let huge: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12)
    let path = try directory.write(huge, to: "huge")
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .dimensionsTooLarge(dimensions: [4_294_967_295, 4_294_967_295, 4_294_967_295]))
  }

  @Test func notGzip() throws {
    let path = try directory.write(Array("just some text\n".utf8), to: "text.gz")
    let error = datasetError { try IDXArray.read(from: path) }
    expectError(error, path: path, problem: .notGzip)
    // Without .gz the same bytes are read as an uncompressed IDX file.
    let plain = try directory.write(Array("just some text\n".utf8), to: "text")
    expectError(
      datasetError { try IDXArray.read(from: plain) }, path: plain,
      problem: .badMagic(found: Array("just".utf8)))
  }

  @Test func truncatedGzipStream() throws {
    let compressed = gzip(array.encoded())
    let path = try directory.write(Array(compressed.prefix(compressed.count - 6)), to: "cut.gz")
    expectError(datasetError { try IDXArray.read(from: path) }, path: path, problem: .truncatedCompressedData)
    let headerOnly = try directory.write(Array(compressed.prefix(5)), to: "cut-header.gz")
    expectError(
      datasetError { try IDXArray.read(from: headerOnly) }, path: headerOnly, problem: .truncatedCompressedData)
  }

  @Test func corruptGzipStream() throws {
    var compressed = gzip(array.encoded())
    compressed[compressed.count - 8] ^= 0xFF  // the CRC-32 of the data
    let path = try directory.write(compressed, to: "crc.gz")
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .corruptCompressedData(detail: "incorrect data check"))
  }

  @Test func garbageAfterGzipData() throws {
    let path = try directory.write(gzip(array.encoded()) + Array("junk".utf8), to: "junk.gz")
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .corruptCompressedData(detail: "4 bytes of garbage after the gzip data"))
    // Zero padding (tape blocks) is allowed, as gunzip allows it.
    let padded = try directory.write(gzip(array.encoded()) + [0, 0, 0], to: "padded.gz")
    #expect(try IDXArray.read(from: padded) == array)
  }

  @Test func missingFile() throws {
    let path = directory.path("absent.gz")
    expectError(datasetError { try IDXArray.read(from: path) }, path: path, problem: .notFound)
    let inMissingFolder = directory.path("absent/file.gz")
    expectError(datasetError { try IDXArray.read(from: inMissingFolder) }, path: inMissingFolder, problem: .notFound)
  }

  @Test func directoryInsteadOfFile() throws {
    let path = directory.url.path
    expectError(
      datasetError { try IDXArray.read(from: path) }, path: path,
      problem: .unreadable(reason: "it is a directory, not a file"))
  }
}
