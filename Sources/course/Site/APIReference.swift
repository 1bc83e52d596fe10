import Foundation

/// The core's API reference, generated with DocC from the toolchain: a symbol
/// graph from the compiler, then `docc convert` for static hosting.
struct APIReference {
  let packageRoot: URL

  /// Builds the reference into `.build/site-api` and returns that folder.
  func generate() throws -> URL {
    let build = packageRoot.appendingPathComponent(".build/site-symbols")
    let symbols = build.appendingPathComponent("graphs")
    let output = packageRoot.appendingPathComponent(".build/site-api")
    try? FileManager.default.removeItem(at: symbols)
    try FileManager.default.createDirectory(at: symbols, withIntermediateDirectories: true)
    try run([
      "swift", "build", "--package-path", packageRoot.path, "--scratch-path", build.appendingPathComponent("scratch").path,
      "--target", "Autograd", "-Xswiftc", "-emit-symbol-graph", "-Xswiftc", "-emit-symbol-graph-dir",
      "-Xswiftc", symbols.path,
    ])
    // Only the core's own symbols: the graphs of its dependencies (C shims) stay out.
    for file in (try? FileManager.default.contentsOfDirectory(atPath: symbols.path)) ?? [] where !file.hasPrefix("Autograd") {
      try? FileManager.default.removeItem(at: symbols.appendingPathComponent(file))
    }
    try? FileManager.default.removeItem(at: output)
    let catalog = packageRoot.appendingPathComponent("Sources/Autograd/Autograd.docc")
    var arguments = [
      "docc", "convert", "--additional-symbol-graph-dir", symbols.path, "--output-path", output.path,
      "--fallback-display-name", "Autograd", "--fallback-bundle-identifier", "course.Autograd",
      "--transform-for-static-hosting",
    ]
    if FileManager.default.fileExists(atPath: catalog.path) { arguments.insert(catalog.path, at: 2) }
    try run(arguments)
    return output
  }

  private func run(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CourseToolError("\(arguments.prefix(2).joined(separator: " ")) failed (exit \(process.terminationStatus)) while generating the API reference")
    }
  }
}
