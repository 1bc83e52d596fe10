import Foundation

/// Runs one exercise's check in a child process, so that a trap in the
/// learner's code ends only that check.
public enum ExerciseProcess {
  /// Checks `exercise` by running `executable` with `arguments` followed by
  /// the exercise's id and `--implementation`; the executable must answer as
  /// `course check-one` does.
  ///
  /// - Parameter timeout: Seconds before the child is stopped (an endless loop).
  public static func check(
    _ exercise: Exercise, implementation: Implementation,
    executable: URL, arguments: [String], timeout: TimeInterval = 60
  ) throws -> ExerciseOutcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments + [exercise.id, "--implementation", implementation.rawValue]
    var environment = ProcessInfo.processInfo.environment
    // A plain-text backtrace names the learner's line when the runtime's message does not.
    environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,sanitize=no,format=text"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()

    // Read both pipes while the child runs, so a chatty child cannot block on a full pipe.
    let collected = OutputCollector(output: output, errors: errors)
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        process.waitUntilExit()
        return .timedOut
      }
      Thread.sleep(forTimeInterval: 0.005)
    }
    let (stdout, stderr) = collected.finish()
    return ExerciseOutcome.classify(
      exitedNormally: process.terminationReason == .exit, status: process.terminationStatus,
      output: stdout, errors: stderr)
  }
}

/// Drains a child's two pipes on background threads.
private final class OutputCollector: @unchecked Sendable {
  private let group = DispatchGroup()
  private var output = Data()
  private var errors = Data()

  init(output: Pipe, errors: Pipe) {
    DispatchQueue.global().async(group: group) { self.output = output.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { self.errors = errors.fileHandleForReading.readDataToEndOfFile() }
  }

  func finish() -> (String, String) {
    group.wait()
    return (String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
  }
}
