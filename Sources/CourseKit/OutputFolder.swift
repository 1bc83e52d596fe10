import Foundation

/// The output folder of a chapter run: made with its parents if missing,
/// cleared of what killed runs left behind, and removed again if the run
/// fails before it puts anything there.
struct OutputFolder {
  /// The folder.
  let url: URL
  /// The folders this run created, outermost first: the ones to remove if they stay empty.
  let createdFolders: [URL]

  /// Makes the folder at `url` (and its missing parents), checks that it can
  /// be written, and removes leftovers of runs that no longer exist.
  ///
  /// - Parameter flag: how the user named it, for messages: `--out .build/x`.
  /// - Throws: a one-line ``ChapterError`` naming the flag, the part of the
  ///   path at fault and what to do.
  init(url: URL, flag: String) throws {
    self.url = url
    var created: [URL] = []
    var prefix = URL(fileURLWithPath: "/", isDirectory: true)
    for component in url.pathComponents.dropFirst() {
      prefix = prefix.appendingPathComponent(component, isDirectory: true)
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: prefix.path, isDirectory: &isFolder) {
        guard isFolder.boolValue else {
          throw ChapterError("\(flag): \(prefix.path) is a file, not a folder; choose a folder path (missing folders are created)")
        }
        continue
      }
      if mkdir(prefix.path, 0o777) == 0 {
        created.append(prefix)
      } else if errno != EEXIST {
        let parent = prefix.deletingLastPathComponent().path
        let reason = errno == ENOENT
          ? "\(parent) does not accept new folders" : String(cString: strerror(errno)).lowercased()
        Self.removeEmpty(created)
        throw ChapterError("\(flag): cannot create the folder \(prefix.path) (\(reason)); choose a folder you can write to")
      }
    }
    guard access(url.path, W_OK | X_OK) == 0 else {
      throw ChapterError(
        "\(flag): cannot write in the folder \(url.path) (\(String(cString: strerror(errno)).lowercased())); "
          + "choose a folder you can write to")
    }
    createdFolders = created
    removeLeftovers()
  }

  /// Removes the folders this run created, innermost first, as long as they are empty.
  func removeIfEmpty() {
    Self.removeEmpty(createdFolders)
  }

  private static func removeEmpty(_ folders: [URL]) {
    for folder in folders.reversed() {
      guard rmdir(folder.path) == 0 else { return }  // not empty: it and its parents stay
    }
  }

  // MARK: - Leftovers

  /// Removes the staging folders and half-written files of runs whose process
  /// is gone (killed with `kill -9`, or by a power cut). Those of a live
  /// process, another run in the same folder, are left alone.
  func removeLeftovers() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
    for name in names where Self.isOrphan(name) {
      try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
    }
  }

  /// Whether `name` is a run's temporary file or folder whose process is gone:
  /// `.staging-<pid>`, `.<file>.<pid>.tmp` (``writeAtomically(_:to:)``) or
  /// `.<file>.<pid>-<UUID>.partial` (a checkpoint being written). A
  /// `.<file>.<UUID>.partial` of older versions names no process: it is an orphan.
  static func isOrphan(_ name: String) -> Bool {
    guard name.hasPrefix(".") else { return false }
    if name.hasPrefix(".staging-") {
      return Int32(name.dropFirst(".staging-".count)).map { !isRunning($0) } ?? false
    }
    let parts = name.dropFirst().split(separator: ".")
    guard parts.count >= 3, let last = parts.last else { return false }
    let owner = parts[parts.count - 2]
    switch last {
    case "tmp":
      return Int32(owner).map { !isRunning($0) } ?? false
    case "partial":
      if UUID(uuidString: String(owner)) != nil { return true }
      let pieces = owner.split(separator: "-", maxSplits: 1)
      guard pieces.count == 2, UUID(uuidString: String(pieces[1])) != nil, let process = Int32(pieces[0]) else { return false }
      return !isRunning(process)
    default:
      return false
    }
  }

  /// Whether a process with this id exists (owned by anyone).
  static func isRunning(_ process: Int32) -> Bool {
    guard process > 0 else { return false }
    return kill(process, 0) == 0 || errno == EPERM
  }
}
