import Foundation


/// The command line of a chapter's check runner, which `course check` and the
/// tests start once per exercise:
///
///     <Chapter>CheckRunner <exercise id> [--implementation learner|reference] [--timeout seconds] [--lang en|zh]
///     <Chapter>CheckRunner --list
///
/// It prints what the learner's code prints, then its verdict after
/// ``ExerciseOutcome/verdictMarker``: `PASS` (exit 0) or one `FAIL<tab>message`
/// line per failed expectation (exit 1), worded in the language of `--lang`.
public enum ExerciseRunner {
  public static func main(_ exercises: [Exercise]) -> Never {
    allowSignals()
    // Unbuffered, so the learner's prints before a trap are not lost with the process.
    unbufferStandardOutput()
    var arguments = Array(CommandLine.arguments.dropFirst())
    if arguments == ["--list"] {
      for exercise in exercises { print(exercise.id) }
      exit(0)
    }
    let implementation = Implementation(rawValue: option("--implementation", in: &arguments) ?? "learner")
    let timeLimit = Double(option("--timeout", in: &arguments) ?? String(ExerciseProcess.defaultTimeLimit))
    let language = Language(rawValue: option("--lang", in: &arguments) ?? Language.english.rawValue)
    guard let id = arguments.first, arguments.count == 1, let exercise = exercises.first(where: { $0.id == id }),
      let implementation, let timeLimit, timeLimit > 0, let language
    else {
      let ids = exercises.map(\.id).joined(separator: ", ")
      FileHandle.standardError.write(Data(
        ("usage: \(CommandLine.arguments[0]) <exercise> [--implementation learner|reference] [--timeout seconds] [--lang en|zh]; "
          + "exercises: \(ids)\n").utf8))
      exit(2)
    }
    startWatchdog(after: timeLimit)
    let failures = exercise.run(implementation, language: language)
    let marker = ExerciseOutcome.verdictMarker
    if failures.isEmpty {
      print(marker + "PASS")
      exit(0)
    }
    for failure in failures { print(marker + "FAIL\t" + failure.replacingOccurrences(of: "\n", with: " ")) }
    exit(1)
  }

  /// The value after `name`, removed from `arguments` with it; "" if `name` ends them.
  private static func option(_ name: String, in arguments: inout [String]) -> String? {
    guard let index = arguments.firstIndex(of: name) else { return nil }
    let value = index + 1 < arguments.count ? arguments[index + 1] : ""
    arguments.removeSubrange(index...min(index + 1, arguments.count - 1))
    return value
  }

  /// Unblocks every signal: a parent may have blocked some (Swift Testing
  /// blocks SIGTERM), and a blocked mask is inherited by its children.
  private static func allowSignals() {
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
  }

  /// After `seconds`, aborts the main thread, so that the runtime's backtrace
  /// shows where the learner's code was.
  ///
  /// A signal sent to a thread, unlike a trap, resumes the thread once the
  /// backtracer's handler returns, so the abort is sent again until the
  /// default action (the backtracer restores it) ends the process; if even that
  /// does not end it (say the parent is gone), it ends outright after 30 s.
  private static func startWatchdog(after seconds: Double) {
    let main = pthread_self()
    Thread.detachNewThread {
      Thread.sleep(forTimeInterval: seconds)
      FileHandle.standardError.write(Data("\(ExerciseOutcome.timeoutMarker) \(seconds)\n".utf8))
      for _ in 0..<120 {
        pthread_kill(main, SIGABRT)
        Thread.sleep(forTimeInterval: 0.25)
      }
      _exit(124)
    }
  }
}
