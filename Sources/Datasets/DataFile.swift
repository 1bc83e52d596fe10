import Foundation

/// Reading whole data files into memory, gzip or not.
enum DataFile {
  /// The bytes of the file at `path`, inflated if it is gzip data.
  ///
  /// A name ending in `.gz` promises gzip data, so anything else is an error;
  /// other names are read as they are, unless they start with gzip's signature
  /// (a compressed file renamed without its `.gz`: IDX files start with zeros,
  /// so the two cannot be confused).
  ///
  /// - Throws: ``DatasetError`` naming `path` (`.notFound`, `.unreadable`, or
  ///   one of the gzip problems).
  static func contents(ofPossiblyCompressed path: String) throws(DatasetError) -> [UInt8] {
    let bytes = try contents(of: path)
    if path.hasSuffix(".gz") || Gzip.hasSignature(bytes) {
      return try Gzip.decompress(bytes, path: path)
    }
    return bytes
  }

  /// The bytes of the file at `path`, exactly as stored.
  ///
  /// POSIX calls rather than `Data(contentsOf:)`, for the operating system's own
  /// reasons in the messages ("Permission denied", "Is a directory").
  static func contents(of path: String) throws(DatasetError) -> [UInt8] {
    func failure(_ problem: DatasetError.Problem) -> DatasetError {
      DatasetError(path: path, problem: problem)
    }
    func systemFailure() -> DatasetError {
      errno == ENOENT || errno == ENOTDIR
        ? failure(.notFound) : failure(.unreadable(reason: String(cString: strerror(errno))))
    }

    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw systemFailure() }
    defer { close(descriptor) }

    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw systemFailure() }
    guard status.st_mode & S_IFMT != S_IFDIR else {
      throw failure(.unreadable(reason: "it is a directory, not a file"))
    }

    let size = Int(status.st_size)
    var readError: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initializedCount in
      while initializedCount < size {
        let count = read(descriptor, buffer.baseAddress! + initializedCount, size - initializedCount)
        if count > 0 {
          initializedCount += count
        } else if count == 0 {
          break  // the file shrank while we read it: keep what is there
        } else if errno != EINTR {
          readError = errno
          break
        }
      }
    }
    if readError != 0 {
      throw failure(.unreadable(reason: String(cString: strerror(readError))))
    }
    // Files of unknown size (pipes, /proc) report 0: read them in pieces.
    if size == 0 {
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        if count > 0 {
          bytes.append(contentsOf: chunk[..<count])
        } else if count == 0 || errno != EINTR {
          if count < 0 { throw systemFailure() }
          break
        }
      }
    }
    return bytes
  }
}
