import Foundation

/// Writes `contents` to `url` so that readers see the old file or the whole
/// new one, never a part: the bytes go to a temporary file in the same
/// folder, which then replaces the target with one `rename`.
public func writeAtomically(_ contents: Data, to url: URL) throws {
  let temporary = url.deletingLastPathComponent()
    .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
  do {
    try contents.write(to: temporary)
    if rename(temporary.path, url.path) != 0 {
      throw ChapterError("\(url.path): cannot replace: \(String(cString: strerror(errno)))")
    }
  } catch let error as ChapterError {
    try? FileManager.default.removeItem(at: temporary)
    throw error
  } catch {
    try? FileManager.default.removeItem(at: temporary)
    throw ChapterError("\(url.path): cannot write: \(error.localizedDescription)")
  }
}

/// Writes text atomically, as UTF-8.
public func writeAtomically(_ text: String, to url: URL) throws {
  try writeAtomically(Data(text.utf8), to: url)
}
