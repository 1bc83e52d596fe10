import Foundation

/// Debian's Chromium, headless, for loading built pages from `file://`.
struct HeadlessChromium {
  static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  static var isAvailable: Bool { executable != nil }

  /// The DOM after the page's scripts ran.
  static func dumpDOM(_ url: URL) throws -> String {
    String(decoding: try run(["--dump-dom", url.absoluteString]), as: UTF8.self)
  }

  /// Saves a PNG of the page at the given window size.
  static func screenshot(_ url: URL, to file: URL, width: Int = 1280, height: Int = 900) throws {
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url.absoluteString])
  }

  /// `url` with `?q=query`, as a reader would type it.
  static func withQuery(_ url: URL, _ query: String) -> URL {
    var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
    components.queryItems = [URLQueryItem(name: "q", value: query)]
    return components.url!
  }

  private static func run(_ arguments: [String]) throws -> Data {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable!)
    // As root Chromium needs --no-sandbox; a profile per call lets tests run in parallel.
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
      "--user-data-dir=\(profile.path)",
    ] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }
}
