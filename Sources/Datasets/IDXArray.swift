/// An n-dimensional array of bytes read from an IDX file, the format of the
/// MNIST and Fashion-MNIST data sets.
///
/// An IDX file is a header, then the elements in row-major order:
///
///     00 00 08 03                 magic: two zeros, element type (08 = unsigned byte), rank
///     00 00 EA 60                 dimension 0, big-endian: 60000 images
///     00 00 00 1C  00 00 00 1C    dimensions 1 and 2: 28 rows, 28 columns
///     ...                         60000 × 28 × 28 bytes of pixels
///
/// ``read(from:)`` checks every part of that before it returns anything.
public struct IDXArray: Equatable, Sendable {
  /// The size of each dimension, outermost first: `[60000, 28, 28]`.
  public var dimensions: [Int]
  /// The elements in row-major order; `bytes.count` is the product of `dimensions`.
  public var bytes: [UInt8]

  /// Creates an array; `bytes.count` must be the product of `dimensions`.
  public init(dimensions: [Int], bytes: [UInt8]) {
    precondition(
      dimensions.reduce(1, *) == bytes.count,
      "IDXArray: \(bytes.count) bytes do not fill dimensions \(dimensions)")
    self.dimensions = dimensions
    self.bytes = bytes
  }

  /// The element type code of unsigned bytes, the only type the course needs.
  static let unsignedByteType: UInt8 = 0x08

  /// Reads the IDX file at `path`, gzip-compressed (`.gz`) or not.
  ///
  ///     let labels = try IDXArray.read(from: "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
  ///     labels.dimensions  // [10000]
  ///
  /// - Parameter path: the file; its name ends in `.gz` if, and only if, it is compressed.
  /// - Returns: the array, after checking the magic number, the element type,
  ///   the header's length and that the data is exactly as long as the dimensions say.
  /// - Throws: ``DatasetError`` naming `path`; its `remedy` is `nil` (the caller knows the fix).
  /// - Complexity: O(n) in the file's size.
  public static func read(from path: String) throws(DatasetError) -> IDXArray {
    let contents = try DataFile.contents(ofPossiblyCompressed: path)
    return try parse(contents, path: path)
  }

  /// Parses the contents of an IDX file; `path` only names it in errors.
  static func parse(_ contents: [UInt8], path: String) throws(DatasetError) -> IDXArray {
    func failure(_ problem: DatasetError.Problem) -> DatasetError {
      DatasetError(path: path, problem: problem)
    }
    guard contents.count >= 4 else {
      // Too short even for the magic number: still say what the start looks like.
      if contents.count >= 2 && (contents[0] != 0 || contents[1] != 0) {
        throw failure(.badMagic(found: Array(contents)))
      }
      throw failure(.truncatedHeader(rank: 0, headerLength: 4, fileLength: contents.count))
    }
    guard contents[0] == 0, contents[1] == 0 else {
      throw failure(.badMagic(found: Array(contents[..<4])))
    }
    guard contents[2] == unsignedByteType else {
      throw failure(.unsupportedElementType(code: contents[2]))
    }
    let rank = Int(contents[3])
    guard rank > 0 else { throw failure(.zeroRank) }

    let headerLength = 4 + 4 * rank
    guard contents.count >= headerLength else {
      throw failure(.truncatedHeader(rank: rank, headerLength: headerLength, fileLength: contents.count))
    }
    let dimensions = (0..<rank).map { axis in
      contents[(4 + 4 * axis)..<(8 + 4 * axis)].reduce(0) { ($0 << 8) | Int($1) }
    }

    var expectedBytes = 1
    for dimension in dimensions {
      let (product, overflow) = expectedBytes.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw failure(.dimensionsTooLarge(dimensions: dimensions)) }
      expectedBytes = product
    }
    let actualBytes = contents.count - headerLength
    guard actualBytes >= expectedBytes else {
      throw failure(.truncatedData(dimensions: dimensions, expectedBytes: expectedBytes, actualBytes: actualBytes))
    }
    guard actualBytes == expectedBytes else {
      throw failure(.trailingBytes(dimensions: dimensions, expectedBytes: expectedBytes, actualBytes: actualBytes))
    }
    return IDXArray(dimensions: dimensions, bytes: Array(contents[headerLength...]))
  }

  /// The bytes of an IDX file holding this array: the inverse of ``read(from:)``
  /// (for tests and for writing subsets).
  ///
  /// - Complexity: O(n).
  func encoded() -> [UInt8] {
    precondition(dimensions.count <= 255, "IDXArray: an IDX file holds at most 255 dimensions")
    var file: [UInt8] = [0, 0, Self.unsignedByteType, UInt8(dimensions.count)]
    file.reserveCapacity(4 + 4 * dimensions.count + bytes.count)
    for dimension in dimensions {
      precondition(dimension <= Int(UInt32.max), "IDXArray: dimension \(dimension) does not fit in 32 bits")
      file += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: dimension >> $0) }
    }
    file += bytes
    return file
  }
}
