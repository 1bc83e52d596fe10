import Foundation

/// Renders TeX to HTML with Debian's KaTeX, in one node process per build,
/// and remembers every result so an unchanged formula never reaches node again.
struct KaTeXRenderer {
  /// The folder of the katex node package.
  let katexDirectory: URL
  /// The build-time script (Site/scripts/render-math.js).
  let script: URL
  /// Where the results are remembered between builds (a JSON file).
  let cacheFile: URL

  struct Request: Hashable {
    let tex: String
    let display: Bool
    var cacheKey: String { (display ? "D:" : "I:") + tex }
  }

  /// What a `render` call gives back.
  struct Rendering {
    /// The HTML of every request, or the error KaTeX gave for it.
    var results: [Request: Result<String, KaTeXError>] = [:]
    /// How many formulas went to node (the rest came from the cache).
    var renderedCount = 0
  }

  /// The cache entry that names the KaTeX and script the cached HTML came from:
  /// a new KaTeX or a changed render-math.js starts the cache afresh.
  static let versionKey = "#version"

  /// The KaTeX package's version and the render script, as a short hash.
  var version: String {
    var hash = StableHash()
    hash.add(StableHash.ofFile(katexDirectory.appendingPathComponent("package.json").path))
    hash.add(StableHash.ofFile(script.path))
    return hash.value
  }

  /// The HTML of every request, or the error KaTeX gave for it.
  ///
  /// - Complexity: one node start (about 0.2 s) when any formula is new; none otherwise.
  func render(_ requests: Set<Request>) throws -> Rendering {
    var rendering = Rendering()
    guard !requests.isEmpty else { return rendering }
    let version = self.version
    var cache = (try? JSONDecoder().decode([String: String].self, from: Data(contentsOf: cacheFile))) ?? [:]
    if cache[Self.versionKey] != version { cache = [Self.versionKey: version] }
    var missing: [Request] = []
    for request in requests {
      if let html = cache[request.cacheKey] {
        rendering.results[request] = .success(Self.compact(html))
      } else {
        missing.append(request)
      }
    }
    guard !missing.isEmpty else { return rendering }

    let rendered = try runNode(missing)
    rendering.renderedCount = missing.count
    for (request, answer) in zip(missing, rendered) {
      if let html = answer["html"] {
        rendering.results[request] = .success(Self.compact(html))
        cache[request.cacheKey] = html
      } else {
        rendering.results[request] = .failure(KaTeXError(message: answer["error"] ?? "KaTeX failed"))
      }
    }
    try FileManager.default.createDirectory(at: cacheFile.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(cache).write(to: cacheFile, options: .atomic)
    return rendering
  }

  /// KaTeX's HTML without what an HTML page does not need: the MathML
  /// namespace (implied in HTML), and the TeX source annotation with its
  /// `<semantics>` wrapper (screen readers read the MathML itself). About a
  /// tenth of a math-heavy page.
  static func compact(_ html: String) -> String {
    var result = html.replacingText(" xmlns=\"http://www.w3.org/1998/Math/MathML\"", with: "")
    if let start = result.firstRange(ofText: "<annotation encoding=\"application/x-tex\">"),
      let end = result.firstRange(ofText: "</annotation>", from: start.upperBound)
    {
      result.removeSubrange(start.lowerBound..<end.upperBound)
      result = result.replacingText("<semantics>", with: "").replacingText("</semantics>", with: "")
    }
    // The one <mrow> that wraps a formula's content is implied by <math> itself.
    if let open = result.firstRange(ofText: "<math"), let close = result.firstRange(ofText: ">", from: open.upperBound),
      result[close.upperBound...].hasPrefix("<mrow>"), let end = result.firstRange(ofText: "</mrow></math>")
    {
      result.replaceSubrange(end, with: "</math>")
      result.removeSubrange(close.upperBound..<result.index(close.upperBound, offsetBy: "<mrow>".count))
    }
    return result
  }

  private func runNode(_ requests: [Request]) throws -> [[String: String]] {
    let input = try JSONSerialization.data(withJSONObject: requests.map { ["tex": $0.tex, "display": $0.display] as [String: Any] })
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["node", script.path, katexDirectory.path]
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    do { try process.run() } catch {
      throw SiteBuildError([SiteIssue(file: script.path, line: 1, message: "cannot start node to render math (install nodejs and katex): \(error)")])
    }
    // Write on another thread: a large batch would fill the pipe while node is writing its answer.
    let writer = Thread {
      stdin.fileHandleForWriting.write(input)
      try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errorOutput = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let answers = try? JSONSerialization.jsonObject(with: output) as? [[String: String]], answers.count == requests.count
    else {
      let message = String(decoding: errorOutput, as: UTF8.self).split(separator: "\n").prefix(3).joined(separator: " ")
      throw SiteBuildError([SiteIssue(
        file: script.path, line: 1,
        message: "node could not render math with KaTeX from \(katexDirectory.path): \(message)")])
    }
    return answers
  }
}

/// KaTeX's reason for refusing a formula.
struct KaTeXError: Error {
  let message: String
}
