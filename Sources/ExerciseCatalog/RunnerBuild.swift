import Foundation

/// Builds one chapter's check runner with `swift build`, so that `course` can
/// check the learner's code without linking it, and a compile error in one
/// chapter's file stops only that chapter.
public struct RunnerBuild {
  /// The folder holding `Package.swift`.
  public let packageRoot: URL

  public init(packageRoot: URL) { self.packageRoot = packageRoot }

  /// Where `swift build` puts debug products, and so the runners.
  public var binaryDirectory: URL { packageRoot.appendingPathComponent(".build/debug") }

  /// What building a runner gave: its executable, or the compiler's first error.
  public enum Result: Sendable {
    case built(URL)
    case failed(String)
  }

  /// Builds the runner of `entry`'s chapter.
  public func build(_ entry: ExerciseEntry) -> Result {
    build(entry.runnerProduct, learnerFile: entry.path, learnerModule: entry.sourceModule)
  }

  /// Builds `product`; `learnerFile` is the learner's file whose errors are
  /// reported first, compiled into `learnerModule`.
  ///
  /// The build decides what to recompile from modification times, and a file
  /// saved again within a second of the last build was seen to leave the
  /// previous binary in place. So if the file changed while it was being
  /// built, or its object file is older than it afterwards, the object file is
  /// removed (which forces that one file to be compiled) and the build run again.
  public func build(_ product: String, learnerFile: String, learnerModule: String? = nil) -> Result {
    let source = packageRoot.appendingPathComponent(learnerFile)
    var result = Result.failed("not built")
    for _ in 1...3 {
      let before = try? Data(contentsOf: source)
      result = runSwiftBuild(product, learnerFile: learnerFile)
      // A save during the build can also fail it ("modified during the build").
      let changedDuringBuild = (try? Data(contentsOf: source)) != before
      guard case .built = result else {
        if changedDuringBuild { continue }
        return result
      }
      guard let learnerModule else { return result }
      let object = binaryDirectory.appendingPathComponent("\(learnerModule).build")
        .appendingPathComponent(source.lastPathComponent + ".o")
      let objectIsOlder = Self.modificationDate(object).map { built in
        Self.modificationDate(source).map { built < $0 } ?? false
      } ?? false
      guard changedDuringBuild || objectIsOlder else { return result }
      try? FileManager.default.removeItem(at: object)
    }
    return result
  }

  private static func modificationDate(_ url: URL) -> Date? {
    (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
  }

  private func runSwiftBuild(_ product: String, learnerFile: String) -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "build", "--package-path", packageRoot.path, "--product", product]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return .failed("could not start swift build: \(error)") }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if process.terminationStatus == 0 { return .built(binaryDirectory.appendingPathComponent(product)) }
    return .failed(Self.firstError(in: text, preferring: learnerFile, root: packageRoot) ?? Self.lastLines(of: text))
  }

  /// The compiler's first `error:` as `path:line: message`, with the path
  /// relative to `root`; an error in `preferring` (such as
  /// `Exercises/Attention.swift`) comes before errors elsewhere.
  public static func firstError(in output: String, preferring learnerFile: String, root: URL) -> String? {
    let pattern = try! NSRegularExpression(pattern: #"^(\S+?\.swift):([0-9]+):[0-9]+: error: (.*)$"#, options: .anchorsMatchLines)
    let range = NSRange(output.startIndex..., in: output)
    let errors: [(path: String, line: String, message: String)] = pattern.matches(in: output, range: range).compactMap { match in
      guard let path = Range(match.range(at: 1), in: output), let line = Range(match.range(at: 2), in: output),
        let message = Range(match.range(at: 3), in: output)
      else { return nil }
      let prefix = root.standardizedFileURL.path + "/"
      let relative = output[path].hasPrefix(prefix) ? String(output[path].dropFirst(prefix.count)) : String(output[path])
      return (relative, String(output[line]), String(output[message]))
    }
    guard let first = errors.first(where: { $0.path == learnerFile }) ?? errors.first else { return nil }
    return "\(first.path):\(first.line): \(first.message)"
  }

  /// The end of a failed build's output when it names no compiler error (a linker error, a missing tool).
  private static func lastLines(of output: String) -> String {
    let lines = output.split(separator: "\n").filter { !$0.hasPrefix("[") }
    return lines.suffix(3).joined(separator: " / ")
  }
}
