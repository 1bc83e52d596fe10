import Foundation

/// The gnuplot program that draws figures, and how to find it.
///
/// The default searches the `PATH` of this process. Tests (or a machine with
/// gnuplot in an odd place) can pass their own:
///
///     try figure.writeSVG(to: url, gnuplot: Gnuplot(environment: ["PATH": "/nonexistent"]))
///     try figure.writeSVG(to: url, gnuplot: Gnuplot(executable: URL(fileURLWithPath: "/opt/bin/gnuplot")))
public struct Gnuplot: Sendable {
  /// The executable to run; nil to search `PATH` in ``environment``.
  public var executable: URL?
  /// The environment gnuplot runs in, and whose `PATH` is searched.
  public var environment: [String: String]

  public init(executable: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.executable = executable
    self.environment = environment
  }

  /// Where gnuplot was looked for, for error messages.
  var searchDescription: String {
    if let executable { return "no executable at \(executable.path)" }
    return "not on PATH"
  }

  /// The executable, or nil when there is none.
  func locate() -> URL? {
    let files = FileManager.default
    if let executable {
      return files.isExecutableFile(atPath: executable.path) ? executable : nil
    }
    for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("gnuplot")
      var isDirectory: ObjCBool = false
      if files.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
         files.isExecutableFile(atPath: candidate.path) {
        return candidate
      }
    }
    return nil
  }

  /// What a run of gnuplot left behind.
  struct Outcome {
    var status: Int32
    /// Its error output: errors and warnings.
    var errorOutput: String

    /// The first line of the error output that reads as the error, for a one-line message.
    var firstError: String {
      let lines = errorOutput.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      let meaningful = lines.filter { !$0.isEmpty && !$0.hasPrefix("^") }
      // gnuplot prints the offending command, a caret line, then "line N: message".
      return meaningful.first(where: { $0.contains("line ") && $0.contains(":") })
        ?? meaningful.last ?? "no error message"
    }
  }

  /// Runs gnuplot on `program`, sent down one pipe to its standard input.
  ///
  /// Its standard error goes to a temporary file rather than a second pipe,
  /// so a chatty gnuplot can never block while this side is still writing.
  ///
  /// - Parameter executable: The located gnuplot.
  func run(_ program: GnuplotScript, executable: URL) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.environment = environment
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    let errorURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("gnuplot-stderr-\(UUID().uuidString).txt")
    guard FileManager.default.createFile(atPath: errorURL.path, contents: nil),
          let errorFile = try? FileHandle(forWritingTo: errorURL)
    else { throw PlotError.unwritable(path: errorURL.path, reason: "cannot create a temporary file") }
    defer {
      try? errorFile.close()
      try? FileManager.default.removeItem(at: errorURL)
    }
    process.standardError = errorFile

    do {
      try process.run()
    } catch {
      throw PlotError.gnuplotFailed(status: -1, message: "cannot start \(executable.path): \(error)", script: nil)
    }
    Self.writeAll(program.bytes, to: input.fileHandleForWriting.fileDescriptor)
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    let errorOutput = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
    return Outcome(status: process.terminationStatus, errorOutput: errorOutput)
  }

  /// Writes `bytes` to the pipe `descriptor`, stopping quietly if gnuplot has
  /// quit (its exit status and error output then tell why).
  ///
  /// Writing to a pipe nobody reads raises SIGPIPE, which kills the process.
  /// The signal is blocked for this thread while writing, so the write fails
  /// with EPIPE instead, and a pending SIGPIPE is consumed before unblocking.
  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    var previousMask = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask)
    defer {
      var pending = sigset_t()
      sigpending(&pending)
      if sigismember(&pending, SIGPIPE) == 1 {
        var noWait = timespec()
        _ = sigtimedwait(&pipeSignal, nil, &noWait)
      }
      pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written > 0 {
          offset += written
        } else if written < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }
}
