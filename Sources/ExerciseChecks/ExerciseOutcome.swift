import Foundation

/// What checking one exercise found.
public struct ExerciseOutcome: Sendable {
  public enum Status: String, Sendable {
    case passed
    case failed
    case notAttempted = "not attempted"
    case crashed
    case timedOut = "timed out"
  }

  public let status: Status
  /// The expectations that failed, for `.failed`.
  public let failures: [String]
  /// For `.crashed`: what the runtime said, and where in the learner's code.
  public let crashMessage: String?
  public let crashLocation: String?

  /// The marker the shipped stubs trap with.
  public static let notAttemptedMarker = "Fatal error: not attempted"

  /// Classifies a finished check process from how it ended and what it printed.
  ///
  /// The child prints `PASS`, or one `FAIL<tab>message` line per failed
  /// expectation, and exits 0 or 1. A stub that was never touched traps with
  /// ``notAttemptedMarker``; any other trap is a crash, located by the first
  /// `Exercises/…swift:line` in the runtime's message or backtrace.
  public static func classify(exitedNormally: Bool, status: Int32, output: String, errors: String) -> ExerciseOutcome {
    if exitedNormally && status == 0 && output.contains("PASS") {
      return ExerciseOutcome(status: .passed, failures: [], crashMessage: nil, crashLocation: nil)
    }
    if exitedNormally && status == 1 {
      let failures = output.split(separator: "\n").filter { $0.hasPrefix("FAIL\t") }.map { String($0.dropFirst(5)) }
      if !failures.isEmpty {
        return ExerciseOutcome(status: .failed, failures: failures, crashMessage: nil, crashLocation: nil)
      }
    }
    if errors.contains(notAttemptedMarker) {
      return ExerciseOutcome(status: .notAttempted, failures: [], crashMessage: nil, crashLocation: nil)
    }
    let fatalLine = errors.split(separator: "\n").first { $0.contains("Fatal error") }
    let message = fatalLine.map { line in
      String(line[line.range(of: "Fatal error")!.lowerBound...])
    } ?? errors.split(separator: "\n").first { $0.contains("crashed") }.map(String.init) ?? "exit status \(status)"
    return ExerciseOutcome(status: .crashed, failures: [], crashMessage: message, crashLocation: learnerLocation(in: errors))
  }

  /// The first `Exercises/<file>.swift:<line>` mentioned, as `Exercises/<file>.swift:<line>`.
  static func learnerLocation(in text: String) -> String? {
    guard let regex = try? NSRegularExpression(pattern: #"Exercises/[A-Za-z0-9_+-]+\.swift:[0-9]+"#) else { return nil }
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else { return nil }
    return String(text[found])
  }

  static let timedOut = ExerciseOutcome(status: .timedOut, failures: [], crashMessage: nil, crashLocation: nil)
}
