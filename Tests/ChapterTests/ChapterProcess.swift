import Foundation
import Synchronization
import Testing

// Running the chapter executables that `swift test` built (the test target
// depends on them), as a learner would run them.

/// The chapter executable `name` from the build folder of this test bundle.
func chapterExecutable(_ name: String) -> URL {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), directory.path != "/" {
    directory = directory.deletingLastPathComponent()
  }
  return directory.appendingPathComponent(name)
}

/// How a chapter run ended and what it printed.
struct ChapterRunResult {
  let status: Int32
  let output: String
  let errors: String
}

/// Runs chapter `name` with `arguments` (and `environment`, if given) and waits for it.
///
/// - Parameters:
///   - marker: If given, Ctrl-C is pressed (`signal` sent) as soon as
///     standard error shows it; pass `--json` too, so that the chapter's lines
///     go to standard error unbuffered.
///   - signal: What to send at the marker: SIGINT (Ctrl-C), or SIGKILL for a run killed with `kill -9`.
func runChapter(
  _ name: String, _ arguments: [String], environment: [String: String]? = nil, interruptingWhen marker: String? = nil,
  with signal: Int32 = SIGINT
) throws -> ChapterRunResult {
  let process = Process()
  process.executableURL = chapterExecutable(name)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let (output, errors) = (Pipe(), Pipe())
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  // Standard error is drained on another thread as it comes, so that neither pipe can fill up and
  // block the chapter, and so that the marker is seen while the chapter runs.
  let errorData = Mutex(Data())
  let drained = DispatchSemaphore(value: 0)
  DispatchQueue.global().async {
    var interrupted = marker == nil
    while case let chunk = errors.fileHandleForReading.availableData, !chunk.isEmpty {
      let text = errorData.withLock { data in
        data.append(chunk)
        return interrupted ? "" : String(decoding: data, as: UTF8.self)
      }
      if let marker, !interrupted, text.contains(marker) {
        kill(process.processIdentifier, signal)
        interrupted = true
      }
    }
    drained.signal()
  }
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  drained.wait()
  process.waitUntilExit()
  return ChapterRunResult(
    status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
    errors: errorData.withLock { String(decoding: $0, as: UTF8.self) })
}

/// A fresh folder path under the temporary directory (not created).
func temporaryOutputFolder(_ prefix: String = "chapter") -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
}

/// The metrics.json a run wrote into `directory`.
func readMetrics(in directory: URL) throws -> [String: Any] {
  let data = try Data(contentsOf: directory.appendingPathComponent("metrics.json"))
  return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// The metrics without the keys that hold wall-clock times or the machine's
/// load (they change from run to run), for comparing runs.
func withoutTimings(_ metrics: [String: Any]) -> NSDictionary {
  let timingMarks = ["seconds", "per_second", "milliseconds", "load_average", "_time"]
  return NSDictionary(dictionary: metrics.filter { entry in !timingMarks.contains { entry.key.contains($0) } })
}
