import Foundation

/// Reading and naming checkpoint files on disk.
enum CheckpointFile {
  /// The bytes of the regular file at `url`, read only if it is one and holds
  /// at most `maximumSize` bytes: a folder, a device such as `/dev/zero`, a
  /// named pipe or an oversized file is refused before a byte is read.
  ///
  /// - Throws: ``CheckpointError/unreadable(file:reason:)`` with the reason in plain words,
  ///   or ``CheckpointError/fileTooLarge(file:size:limit:)``.
  static func contents(of url: URL, maximumSize: Int) throws(CheckpointError) -> Data {
    let path = url.path
    func failure(_ reason: String) -> CheckpointError { .unreadable(file: path, reason: reason) }
    // O_NONBLOCK: opening a named pipe must not wait for a writer.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw failure(String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw failure(String(cString: strerror(errno))) }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw failure("it is a folder, not a file")
    case S_IFCHR: throw failure("it is a character device (such as /dev/zero), not a regular file")
    case S_IFIFO: throw failure("it is a named pipe (FIFO), not a regular file")
    default: throw failure("it is not a regular file")
    }
    let size = Int(status.st_size)
    guard size <= maximumSize else { throw .fileTooLarge(file: path, size: size, limit: maximumSize) }

    var data = Data(count: size)
    var filled = 0
    var readError: Int32 = 0
    data.withUnsafeMutableBytes { buffer in
      while filled < size {
        let count = read(descriptor, buffer.baseAddress! + filled, size - filled)
        if count > 0 {
          filled += count
        } else if count == 0 {
          break  // the file shrank while we read it: the parser reports what is missing
        } else if errno != EINTR {
          readError = errno
          break
        }
      }
    }
    if readError != 0 { throw failure(String(cString: strerror(readError))) }
    return data.prefix(filled)
  }

  /// The temporary sibling a checkpoint is written to before it replaces
  /// `url`: `.checkpoint.safetensors.<process id>-<UUID>.partial`. The process
  /// id tells a later run whether a leftover's writer is still alive.
  static func temporaryURL(for url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).partial")
  }
}
