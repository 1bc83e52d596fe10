/// Why a data file could not be loaded: which file, what is wrong with it, and
/// how to fix it.
///
/// Its ``description`` is the one line a chapter prints before it exits:
///
///     /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz: not found. Install it
///     with `sudo apt-get install dataset-fashion-mnist`, or pass --data DIR with the four IDX files.
///
/// Loaders check everything (signature, header, sizes, counts, label range)
/// before they return, so a program never trains on half a data set.
public struct DatasetError: Error, Equatable, CustomStringConvertible {
  /// The file (or directory) at fault.
  public let path: String
  /// What is wrong with it.
  public let problem: Problem
  /// How to fix it, as a sentence; `nil` when only the caller knows (the low-level
  /// readers leave it out and the data set loaders fill it in).
  public internal(set) var remedy: String?

  /// Creates an error about the file at `path`.
  public init(path: String, problem: Problem, remedy: String? = nil) {
    self.path = path
    self.problem = problem
    self.remedy = remedy
  }

  /// The one-line message: path, problem and remedy.
  public var description: String {
    let message = "\(path): \(problem)"
    guard let remedy else { return message }
    return message + ". " + remedy
  }

  /// This error with `remedy` filled in, unless it already has one.
  func withRemedy(_ remedy: String) -> DatasetError {
    var error = self
    if error.remedy == nil { error.remedy = remedy }
    return error
  }

  /// Everything that can be wrong with a data file.
  public enum Problem: Equatable, Sendable, CustomStringConvertible {
    /// No file or directory at the path.
    case notFound
    /// It exists but cannot be read (no permission, a directory where a file belongs...).
    case unreadable(reason: String)
    /// Larger than any good file of its kind: refused before it is read.
    case fileTooLarge(byteCount: Int, limit: Int)
    /// A directory was expected (the fortunes folder) but it is a file.
    case notADirectory
    /// A `.gz` file that does not start with the gzip signature 1f 8b.
    case notGzip
    /// The gzip stream stops before its end: the file was cut short.
    case truncatedCompressedData
    /// zlib rejected the compressed data (a damaged file); `detail` is zlib's message.
    case corruptCompressedData(detail: String)
    /// The first two bytes are not the zeros every IDX file starts with.
    case badMagic(found: [UInt8])
    /// An IDX element type other than 0x08 (unsigned byte).
    case unsupportedElementType(code: UInt8)
    /// An IDX header with rank 0: no dimensions at all.
    case zeroRank
    /// Fewer bytes than the header needs (4 bytes, then 4 per dimension).
    case truncatedHeader(rank: Int, headerLength: Int, fileLength: Int)
    /// The dimensions' product does not fit in memory's address space.
    case dimensionsTooLarge(dimensions: [Int])
    /// A header that announces more data than a file of its kind may hold.
    case dataTooLarge(dimensions: [Int], expectedBytes: Int, limit: Int)
    /// Less data after the header than the dimensions say.
    case truncatedData(dimensions: [Int], expectedBytes: Int, actualBytes: Int)
    /// More data after the header than the dimensions say.
    case trailingBytes(dimensions: [Int], expectedBytes: Int, actualBytes: Int)
    /// Far more data after the header than the dimensions say: reading
    /// stopped `limit` bytes beyond it, without finding the end.
    case excessData(dimensions: [Int], expectedBytes: Int, limit: Int)
    /// The array has the wrong rank or image size for what the file should hold.
    case unexpectedShape(dimensions: [Int], expected: String)
    /// The labels file and the images file disagree on how many examples there are.
    case countMismatch(count: Int, otherPath: String, otherCount: Int)
    /// A label that is not the index of a class.
    case labelOutOfRange(index: Int, label: Int, classCount: Int)
    /// A text folder with no text file in it.
    case noTextFiles
    /// A text too short to split into training and validation windows.
    case textTooShort(byteCount: Int, windowLength: Int)

    public var description: String {
      switch self {
      case .notFound:
        return "not found"
      case .unreadable(let reason):
        return "cannot be read: \(reason)"
      case .fileTooLarge(let byteCount, let limit):
        return "too large: \(byteCount) bytes, more than the \(limit) bytes a good file of its kind can have "
          + "(not a data file, or a corrupt one)"
      case .notADirectory:
        return "not a directory"
      case .notGzip:
        return "not a gzip file (it does not start with the gzip signature 1f 8b)"
      case .truncatedCompressedData:
        return "truncated: the gzip data ends before the end of its stream"
      case .corruptCompressedData(let detail):
        return "corrupt gzip data (zlib: \(detail))"
      case .badMagic(let found):
        let bytes = found.map { hex($0) }.joined(separator: " ")
        return "not an IDX file: it starts with \(bytes), an IDX file starts with 00 00"
      case .unsupportedElementType(let code):
        return "IDX element type 0x\(hex(code)) (\(idxTypeName(code))) is not supported; "
          + "only 0x08 (unsigned byte) is"
      case .zeroRank:
        return "corrupt IDX header: rank 0 (no dimensions)"
      case .truncatedHeader(let rank, let headerLength, let fileLength):
        return "truncated: the header of a rank-\(rank) IDX file takes \(headerLength) bytes, "
          + "the file has \(fileLength)"
      case .dimensionsTooLarge(let dimensions):
        return "corrupt IDX header: dimensions \(product(dimensions)) are too large"
      case .dataTooLarge(let dimensions, let expectedBytes, let limit):
        return "corrupt IDX header: it says \(product(dimensions)) = \(expectedBytes) bytes of data, "
          + "more than the \(limit) bytes a good file of its kind can hold"
      case .excessData(let dimensions, let expectedBytes, let limit):
        return "corrupt: header says \(product(dimensions)) = \(expectedBytes) bytes of data, "
          + "file has more than \(expectedBytes + limit) (reading stopped there)"
      case .truncatedData(let dimensions, let expectedBytes, let actualBytes):
        return "truncated: header says \(product(dimensions)) = \(expectedBytes) bytes of data, "
          + "file has \(actualBytes)"
      case .trailingBytes(let dimensions, let expectedBytes, let actualBytes):
        return "corrupt: header says \(product(dimensions)) = \(expectedBytes) bytes of data, "
          + "file has \(actualBytes) (\(actualBytes - expectedBytes) too many)"
      case .unexpectedShape(let dimensions, let expected):
        return "holds an array of shape \(product(dimensions)), expected \(expected)"
      case .countMismatch(let count, let otherPath, let otherCount):
        return "holds \(count) examples but \(otherPath) holds \(otherCount)"
      case .labelOutOfRange(let index, let label, let classCount):
        return "label \(label) of example \(index) is outside 0..<\(classCount) (there are \(classCount) classes)"
      case .noTextFiles:
        return "holds no text file (a regular file that is neither a .dat file nor a symlink)"
      case .textTooShort(let byteCount, let windowLength):
        return "the text has \(byteCount) bytes, too few for one \(windowLength)-byte window "
          + "in both the training and the validation part"
      }
    }
  }
}

/// Dimensions written as in the messages: `60000×28×28`.
private func product(_ dimensions: [Int]) -> String {
  dimensions.map(String.init).joined(separator: "×")
}

/// A byte as two lowercase hexadecimal digits.
private func hex(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16)
  return digits.count == 1 ? "0" + digits : digits
}

/// The IDX format's names for its element types.
private func idxTypeName(_ code: UInt8) -> String {
  switch code {
  case 0x08: return "unsigned byte"
  case 0x09: return "signed byte"
  case 0x0B: return "16-bit integer"
  case 0x0C: return "32-bit integer"
  case 0x0D: return "32-bit float"
  case 0x0E: return "64-bit float"
  default: return "unknown"
  }
}
