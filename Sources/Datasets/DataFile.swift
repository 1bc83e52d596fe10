import Foundation

/// Bytes read from the start of a data file, in pieces: what the loaders read
/// through, so that none of them ever holds more than it asked for.
protocol ByteStream: AnyObject {
  /// Fills `buffer` from the stream and returns how many bytes it filled:
  /// fewer than `buffer.count` only at the end of the stream.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int
}

extension ByteStream {
  /// The next `count` bytes, or fewer at the end of the stream.
  ///
  /// `count` is the caller's bound: a file that claims more never makes this
  /// allocate more.
  func read(upTo count: Int) throws(DatasetError) -> [UInt8] {
    var failure: DatasetError?
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
      do throws(DatasetError) {
        initializedCount = try read(into: UnsafeMutableRawBufferPointer(buffer))
      } catch {
        failure = error
        initializedCount = 0
      }
    }
    if let failure { throw failure }
    return bytes
  }

  /// Reads and counts the bytes left, stopping once there are more than `limit`.
  ///
  /// - Returns: the count, or `nil` if there are more than `limit`.
  func countRemainingBytes(upTo limit: Int) throws(DatasetError) -> Int? {
    var scratch = [UInt8](repeating: 0, count: 1 << 16)
    var count = 0
    while count <= limit {
      var failure: DatasetError?
      let read = scratch.withUnsafeMutableBytes { buffer in
        do throws(DatasetError) { return try self.read(into: buffer) } catch {
          failure = error
          return 0
        }
      }
      if let failure { throw failure }
      if read == 0 { return count }
      count += read
    }
    return nil
  }
}

/// A regular file open for reading, read from its start.
///
/// Opening refuses everything that is not a regular file (a folder, a device
/// such as `/dev/zero`, a named pipe) and any file larger than the caller's
/// limit, before a single byte is read: a data file can then cost no more
/// memory than a good file of its kind.
final class DataFile: ByteStream {
  /// The path, for messages.
  let path: String
  /// The file's size when it was opened (0 for files of unknown size, as in `/proc`).
  let size: Int
  private let descriptor: Int32

  /// Opens the file at `path`.
  ///
  /// - Parameter maximumSize: the largest file accepted, in bytes.
  /// - Throws: ``DatasetError`` naming `path`: `.notFound`, `.unreadable` with
  ///   the operating system's reason or the kind of file it is, or `.fileTooLarge`.
  init(path: String, maximumSize: Int) throws(DatasetError) {
    self.path = path
    func failure(_ problem: DatasetError.Problem) -> DatasetError {
      DatasetError(path: path, problem: problem)
    }
    // O_NONBLOCK: opening a named pipe must not wait for a writer.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw Self.systemFailure(path: path) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let failure = Self.systemFailure(path: path)
      close(descriptor)
      throw failure
    }
    let kind = status.st_mode & S_IFMT
    guard kind == S_IFREG else {
      close(descriptor)
      throw kind == S_IFDIR
        ? failure(.unreadable(reason: "it is a directory, not a file"))
        : failure(.unreadable(reason: "it is \(Self.name(ofFileKind: kind)), not a regular file"))
    }
    guard Int(status.st_size) <= maximumSize else {
      close(descriptor)
      throw failure(.fileTooLarge(byteCount: Int(status.st_size), limit: maximumSize))
    }
    self.descriptor = descriptor
    self.size = Int(status.st_size)
  }

  deinit {
    close(descriptor)
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int {
    var filled = 0
    while filled < buffer.count {
      let count = Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
      if count > 0 {
        filled += count
      } else if count == 0 {
        break
      } else if errno != EINTR {
        throw DatasetError(path: path, problem: .unreadable(reason: String(cString: strerror(errno))))
      }
    }
    return filled
  }

  /// The whole file, exactly as stored: for text files.
  ///
  /// - Parameter maximumSize: the largest file accepted; files of unknown
  ///   size (`/proc`) are read up to it and refused beyond it.
  static func contents(of path: String, maximumSize: Int) throws(DatasetError) -> [UInt8] {
    let file = try DataFile(path: path, maximumSize: maximumSize)
    // A file of known size was held to the limit when opened; one that reports no size (/proc)
    // is read up to one byte past the limit, which tells one that fits from one that does not.
    let bytes = try file.read(upTo: file.size > 0 ? file.size : maximumSize + 1)
    guard bytes.count <= maximumSize else {
      throw DatasetError(path: path, problem: .fileTooLarge(byteCount: bytes.count, limit: maximumSize))
    }
    return bytes
  }

  /// The file at `path` as a stream of its bytes, inflated if it is gzip data.
  ///
  /// A name ending in `.gz` promises gzip data, so anything else is an error;
  /// other names are read as they are, unless they start with gzip's signature
  /// (a compressed file renamed without its `.gz`: IDX files start with zeros,
  /// so the two cannot be confused).
  ///
  /// - Parameter maximumSize: the largest inflated size the caller will read;
  ///   a compressed file may be slightly larger than its contents (deflate
  ///   stores incompressible data with a few bytes per 16 KB block), but no more.
  static func stream(ofPossiblyCompressed path: String, maximumSize: Int) throws(DatasetError) -> any ByteStream {
    // Which limit applies depends on what the file turns out to be: checked below, before any data is read.
    let file = try DataFile(path: path, maximumSize: .max)
    var signature: [UInt8] = [0, 0]
    let signatureLength = signature.withUnsafeMutableBytes { pread(file.descriptor, $0.baseAddress!, 2, 0) }
    let compressed = path.hasSuffix(".gz") || (signatureLength == 2 && Gzip.hasSignature(signature))
    let limit = compressed ? maximumSize + maximumSize / 64 + 4096 : maximumSize
    guard file.size <= limit else {
      throw DatasetError(path: path, problem: .fileTooLarge(byteCount: file.size, limit: limit))
    }
    return compressed ? try GzipStream(file: file) : file
  }

  /// `.notFound` or `.unreadable` for the error in `errno`.
  private static func systemFailure(path: String) -> DatasetError {
    errno == ENOENT || errno == ENOTDIR
      ? DatasetError(path: path, problem: .notFound)
      : DatasetError(path: path, problem: .unreadable(reason: String(cString: strerror(errno))))
  }

  /// "a character device", "a named pipe", …: the kind of file in a `stat` mode.
  private static func name(ofFileKind kind: mode_t) -> String {
    switch kind {
    case S_IFCHR: "a character device (such as /dev/zero)"
    case S_IFBLK: "a block device"
    case S_IFIFO: "a named pipe (FIFO)"
    case S_IFSOCK: "a socket"
    default: "a special file"
    }
  }
}
