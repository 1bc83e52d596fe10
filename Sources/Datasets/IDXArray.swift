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

  /// The most bytes of data ``read(from:layout:)`` accepts without a layout:
  /// far more than any MNIST-like file, far less than a corrupt header may claim.
  public static let defaultMaximumByteCount = 256 << 20

  /// How many bytes beyond its data a file may have before reading stops:
  /// enough to count a few stray bytes exactly, too few to matter in memory or time.
  static let trailingByteLimit = 1 << 20

  /// Reads the IDX file at `path`, gzip-compressed (`.gz`) or not.
  ///
  ///     let labels = try IDXArray.read(from: "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
  ///     labels.dimensions  // [10000]
  ///
  /// The header is read first and checked against `layout`; then exactly the
  /// data it announces is read, and a little more to find trailing bytes. So a
  /// file never costs more memory than the data its header may announce,
  /// whatever it holds or inflates to.
  ///
  /// - Parameters:
  ///   - path: the file; its name ends in `.gz` if, and only if, it is compressed.
  ///   - layout: what the file must hold, checked before its data is read;
  ///     by default any array of at most ``defaultMaximumByteCount`` bytes.
  /// - Returns: the array, after checking the magic number, the element type,
  ///   the header's length and that the data is exactly as long as the dimensions say.
  /// - Throws: ``DatasetError`` naming `path`; its `remedy` is `nil` (the caller knows the fix).
  /// - Complexity: O(n) in the data's size.
  public static func read(from path: String, layout: IDXLayout = .any) throws(DatasetError) -> IDXArray {
    func failure(_ problem: DatasetError.Problem) -> DatasetError {
      DatasetError(path: path, problem: problem)
    }
    let stream = try DataFile.stream(ofPossiblyCompressed: path, maximumSize: layout.maximumByteCount + 4 + 4 * 255)
    let start = try stream.read(upTo: 4)
    guard start.count == 4 else {
      // Too short even for the magic number: still say what the start looks like.
      if start.count >= 2 && (start[0] != 0 || start[1] != 0) { throw failure(.badMagic(found: start)) }
      throw failure(.truncatedHeader(rank: 0, headerLength: 4, fileLength: start.count))
    }
    guard start[0] == 0, start[1] == 0 else { throw failure(.badMagic(found: start)) }
    guard start[2] == unsignedByteType else { throw failure(.unsupportedElementType(code: start[2])) }
    let rank = Int(start[3])
    guard rank > 0 else { throw failure(.zeroRank) }

    let headerLength = 4 + 4 * rank
    let sizes = try stream.read(upTo: 4 * rank)
    guard sizes.count == 4 * rank else {
      throw failure(.truncatedHeader(rank: rank, headerLength: headerLength, fileLength: 4 + sizes.count))
    }
    let dimensions = (0..<rank).map { axis in
      sizes[(4 * axis)..<(4 + 4 * axis)].reduce(0) { ($0 << 8) | Int($1) }
    }
    guard layout.admits(dimensions) else {
      throw failure(.unexpectedShape(dimensions: dimensions, expected: layout.description))
    }
    var expectedBytes = 1
    for dimension in dimensions {
      let (product, overflow) = expectedBytes.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw failure(.dimensionsTooLarge(dimensions: dimensions)) }
      expectedBytes = product
    }
    guard expectedBytes <= layout.maximumByteCount else {
      throw failure(.dataTooLarge(dimensions: dimensions, expectedBytes: expectedBytes, limit: layout.maximumByteCount))
    }

    let bytes = try stream.read(upTo: expectedBytes)
    guard bytes.count == expectedBytes else {
      throw failure(.truncatedData(dimensions: dimensions, expectedBytes: expectedBytes, actualBytes: bytes.count))
    }
    guard let extra = try stream.countRemainingBytes(upTo: trailingByteLimit) else {
      throw failure(.excessData(dimensions: dimensions, expectedBytes: expectedBytes, limit: trailingByteLimit))
    }
    guard extra == 0 else {
      throw failure(
        .trailingBytes(dimensions: dimensions, expectedBytes: expectedBytes, actualBytes: expectedBytes + extra))
    }
    return IDXArray(dimensions: dimensions, bytes: bytes)
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

/// What an IDX file must hold, checked as soon as its header is read: a list
/// of items of one shape, and at most so many bytes of them.
public struct IDXLayout: Sendable, CustomStringConvertible {
  /// The shape of every item (`[28, 28]` for images, `[]` for labels), or `nil` for any shape.
  public var itemShape: [Int]?
  /// What the items are, for messages: "images".
  public var itemName: String
  /// The most bytes of data a file may announce.
  public var maximumByteCount: Int

  /// Creates a layout of at most `maximumCount` items of `itemShape`.
  public init(itemName: String, itemShape: [Int], maximumCount: Int) {
    self.itemName = itemName
    self.itemShape = itemShape
    self.maximumByteCount = itemShape.reduce(maximumCount, *)
  }

  private init(anyShapeUpTo maximumByteCount: Int) {
    itemName = "an array"
    itemShape = nil
    self.maximumByteCount = maximumByteCount
  }

  /// Any array of at most ``IDXArray/defaultMaximumByteCount`` bytes.
  public static let any = IDXLayout(anyShapeUpTo: IDXArray.defaultMaximumByteCount)

  /// Whether an array of `dimensions` has the layout's rank and item shape.
  func admits(_ dimensions: [Int]) -> Bool {
    guard let itemShape else { return true }
    return Array(dimensions.dropFirst()) == itemShape && dimensions.count == itemShape.count + 1
  }

  /// "images of shape N×28×28".
  public var description: String {
    guard let itemShape else { return itemName }
    return "\(itemName) of shape " + (["N"] + itemShape.map(String.init)).joined(separator: "×")
  }
}
