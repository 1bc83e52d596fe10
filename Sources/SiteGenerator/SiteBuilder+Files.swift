import Foundation

/// A file of the built site: bytes made by the build, or a file copied as it is.
enum SiteFile {
  case data(Data)
  case copy(URL)
}

/// Static files in, site files out: only what changed is written, each file
/// atomically, so an interrupted build leaves no half-written page.
extension SiteBuilder {
  /// `Site/assets/*`, KaTeX's stylesheet as `MathStyleSheet` rewrote it, and the woff2 fonts it names.
  func assetFiles(katexCSS: String) throws -> [String: SiteFile] {
    var files: [String: SiteFile] = [:]
    for url in siteAssets() {
      files["assets/" + String(url.standardizedFileURL.path.dropFirst(assetsDirectory.standardizedFileURL.path.count + 1))] = .copy(url)
    }
    files["assets/katex/katex.min.css"] = .data(Data(katexCSS.utf8))
    for groups in allMatches(of: #"url\(fonts/([A-Za-z0-9_-]+\.woff2)\)"#, in: katexCSS) {
      files["assets/katex/fonts/" + groups[1]] = .copy(configuration.katexDirectory.appendingPathComponent("dist/fonts/" + groups[1]))
    }
    return files
  }

  private var assetsDirectory: URL { configuration.siteDirectory.appendingPathComponent("assets") }

  /// Every file under `Site/assets/`.
  func siteAssets() -> [URL] {
    let manager = FileManager.default
    guard let enumerator = manager.enumerator(at: assetsDirectory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
    return enumerator.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
  }

  /// KaTeX's stylesheet as it ships, less the fonts the site does not copy.
  func katexStyleSheet(_ issues: inout IssueLog) -> String {
    let katexCSS = configuration.katexDirectory.appendingPathComponent("dist/katex.min.css")
    guard let css = try? String(contentsOf: katexCSS, encoding: .utf8) else {
      issues.add(katexCSS.path, 1, "KaTeX's stylesheet is missing: install the katex package (apt-get install katex)")
      return ""
    }
    // Modern browsers all read woff2: ship only those and do not name the others.
    return replacingMatches(of: #",url\(fonts/[A-Za-z0-9_-]+\.(?:woff|ttf)\) format\(['"](?:woff|truetype)['"]\)"#, in: css) { _ in "" }
  }

  /// Writes every file whose bytes differ from what is there; returns how many it wrote.
  func write(_ files: [String: SiteFile]) throws -> Int {
    let manager = FileManager.default
    let root = configuration.outputDirectory
    var written = 0
    var directories: Set<String> = []
    for (relative, file) in files.sorted(by: { $0.key < $1.key }) {
      let target = root.appendingPathComponent(relative)
      let directory = target.deletingLastPathComponent()
      if directories.insert(directory.path).inserted {
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      }
      switch file {
      case .data(let data):
        if manager.contents(atPath: target.path) == data { continue }
        try data.write(to: target, options: .atomic)
      case .copy(let source):
        let sourceSize = (try? manager.attributesOfItem(atPath: source.path)[.size] as? Int) ?? -1
        let targetSize = (try? manager.attributesOfItem(atPath: target.path)[.size] as? Int) ?? -2
        if sourceSize == targetSize, manager.contentsEqual(atPath: source.path, andPath: target.path) { continue }
        try Data(contentsOf: source).write(to: target, options: .atomic)
      }
      written += 1
    }
    return written
  }

  /// Replaces `destination` with a copy of `source` (the DocC build), unless
  /// the copy is already as new as the source.
  func copyDirectory(_ source: URL, to destination: URL) throws {
    let manager = FileManager.default
    let modified: (URL) -> Date? = { (try? manager.attributesOfItem(atPath: $0.appendingPathComponent("index.html").path))?[.modificationDate] as? Date }
    if let copied = modified(destination), let original = modified(source), copied >= original { return }
    if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
    try manager.copyItem(at: source, to: destination)
  }

  /// The bytes of every regular file under a folder.
  func directorySize(_ directory: URL) -> Int {
    guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
    var total = 0
    for case let url as URL in enumerator { total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
    return total
  }
}
