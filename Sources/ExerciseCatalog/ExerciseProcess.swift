import Foundation

/// Runs one exercise's check in a child process (the chapter's check runner),
/// so that a trap or an endless loop in the learner's code ends only that check.
public enum ExerciseProcess {
  /// The time limit of one check, in seconds, when neither `--timeout` nor
  /// `COURSE_CHECK_TIMEOUT` sets one.
  public static let defaultTimeLimit: Double = 20
  /// How long after its limit a check may take to report where it was, before it is killed.
  static let reportingGrace: Double = 10

  /// The limit set by `COURSE_CHECK_TIMEOUT` (seconds), or the default.
  public static var timeLimitFromEnvironment: Double {
    ProcessInfo.processInfo.environment["COURSE_CHECK_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
      ?? defaultTimeLimit
  }

  /// Checks `entry` by running `runner` with its id, `--implementation`, `--timeout` and `--lang`
  /// (the language of the failures it reports).
  ///
  /// The runner stops itself after `timeLimit` seconds with a backtrace that
  /// says where the learner's code was; if it has not ended `reportingGrace`
  /// seconds later it gets SIGTERM, then SIGKILL, so this always returns.
  public static func check(
    _ entry: ExerciseEntry, implementation: Implementation, runner: URL,
    timeLimit: Double = timeLimitFromEnvironment, packageRoot: URL? = ExerciseSource.packageRoot(), language: Language = .english
  ) throws -> ExerciseOutcome {
    let process = Process()
    process.executableURL = runner
    process.arguments = [
      entry.id, "--implementation", implementation.rawValue, "--timeout", String(timeLimit), "--lang", language.rawValue,
    ]
    var environment = ProcessInfo.processInfo.environment
    // A plain-text backtrace names the learner's line when the runtime's message does not.
    environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,sanitize=no,format=text,threads=crashed,registers=none,images=none"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()

    // Read both pipes while the child runs, so a chatty child cannot block on a full pipe.
    let stdout = BoundedPipeReader(output)
    let stderr = BoundedPipeReader(errors)
    let start = Date()
    var signalled: Int32 = 0
    while process.isRunning {
      let elapsed = Date().timeIntervalSince(start)
      if elapsed > timeLimit + reportingGrace + 2, signalled != SIGKILL {
        kill(process.processIdentifier, SIGKILL)
        signalled = SIGKILL
      } else if elapsed > timeLimit + reportingGrace, signalled == 0 {
        kill(process.processIdentifier, SIGTERM)
        signalled = SIGTERM
      }
      Thread.sleep(forTimeInterval: 0.005)
    }
    process.waitUntilExit()
    // A helper the child started (the backtracer) may hold the pipes open a little longer.
    let (printed, said) = (stdout.finish(waiting: 2), stderr.finish(waiting: 2))
    if signalled != 0 && !said.contains(ExerciseOutcome.timeoutMarker) { return .timedOut(after: timeLimit) }
    var outcome = ExerciseOutcome.classify(
      entry, exitedNormally: process.terminationReason == .exit, status: process.terminationStatus,
      output: printed, errors: said, source: packageRoot.flatMap { ExerciseSource(of: entry, packageRoot: $0) })
    if outcome.status == .timedOut && outcome.timeLimit == nil { outcome.timeLimit = timeLimit }
    return outcome
  }
}

/// Drains one pipe on a background thread, keeping its first and last bytes
/// only, so a learner's endless `print` loop cannot fill the memory.
final class BoundedPipeReader: @unchecked Sendable {
  private let lock = NSLock()
  private let done = DispatchSemaphore(value: 0)
  private var head = Data()
  private var tail = Data()
  private var droppedBytes = 0
  private static let headLimit = 256 * 1024
  private static let tailLimit = 64 * 1024

  init(_ pipe: Pipe) {
    let handle = pipe.fileHandleForReading
    Thread.detachNewThread { [self] in
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        append(chunk)
      }
      done.signal()
    }
  }

  private func append(_ chunk: Data) {
    lock.lock()
    defer { lock.unlock() }
    let room = Self.headLimit - head.count
    head.append(chunk.prefix(max(0, room)))
    guard chunk.count > room else { return }
    tail.append(chunk.dropFirst(max(0, room)))
    if tail.count > Self.tailLimit {
      droppedBytes += tail.count - Self.tailLimit
      tail = Data(tail.suffix(Self.tailLimit))
    }
  }

  /// What was read, once the pipe is closed or `seconds` have passed.
  func finish(waiting seconds: Double) -> String {
    _ = done.wait(timeout: .now() + seconds)
    lock.lock()
    defer { lock.unlock() }
    let gap = droppedBytes > 0 ? Data("\n[… \(droppedBytes) bytes left out …]\n".utf8) : Data()
    return String(decoding: head + gap + tail, as: UTF8.self)
  }
}
