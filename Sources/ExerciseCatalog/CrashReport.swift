import Foundation

/// What a crashed check's standard error says: the runtime's message, and the
/// first backtrace frame in the learner's file.
///
/// The runtime writes `<module>/<file>:<line>: Precondition failed: …` (or
/// `Fatal error`, `Assertion failed`) for the traps it names, and a heading
/// such as `*** Swift runtime failure: arithmetic overflow ***` for the traps
/// compiled into the code; its backtrace then lists frames as
/// `<n> [ra] 0x… <function> + <offset> in <binary> at <path>:<line>:<column>`.
struct CrashReport {
  /// The runtime's own words, such as `Precondition failed: a must exceed 5`.
  var message: String?
  /// `Exercises/<file>:<line>` of the first frame in the learner's file.
  var location: String?
  /// That frame's function, as the backtrace names it (`sigmoid(_:)`).
  var function: String?
  /// That frame's line.
  var line: Int?
  /// The line of a `not attempted` trap in the learner's file.
  var notAttemptedLine: Int?

  private static let namedTraps = ["Fatal error", "Precondition failed", "Assertion failed"]

  init(_ errors: String, entry: ExerciseEntry) {
    let lines = errors.components(separatedBy: "\n")
    // `<module>/<file>:<line>: Fatal error: …` (the module or the folder, depending on the build).
    let fileMention = try! NSRegularExpression(
      pattern: "(?:^|[\\s/])(?:\(NSRegularExpression.escapedPattern(for: entry.sourceModule))|"
        + "\(NSRegularExpression.escapedPattern(for: entry.directory)))/"
        + "\(NSRegularExpression.escapedPattern(for: entry.file)):([0-9]+)")
    for line in lines {
      guard let trap = Self.namedTraps.compactMap({ line.range(of: $0 + ":") ?? line.range(of: $0) }).first else { continue }
      if message == nil { message = String(line[trap.lowerBound...]) }
      if line.contains(ExerciseOutcome.notAttemptedMarker), let number = Self.firstCapture(fileMention, in: line) {
        notAttemptedLine = number
      }
    }
    if message == nil, let heading = lines.first(where: { $0.hasPrefix("*** Swift runtime failure: ") }) {
      message = heading.dropFirst("*** Swift runtime failure: ".count).replacingOccurrences(of: " ***", with: "")
    }
    if message == nil, let heading = lines.first(where: { $0.hasPrefix("*** Program crashed: ") }) {
      message = heading.dropFirst("*** Program crashed: ".count).replacingOccurrences(of: " ***", with: "")
        .replacingOccurrences(of: #" at 0x[0-9a-f]+$"#, with: "", options: .regularExpression)
    }
    // The first backtrace frame in the learner's file.
    let frame = try! NSRegularExpression(pattern: #"^\s*[0-9]+ .*?0x[0-9a-f]+ (.+?) \+ [0-9]+ in \S+ at ([^\s:]+):([0-9]+)"#)
    for text in lines {
      let range = NSRange(text.startIndex..., in: text)
      guard let match = frame.firstMatch(in: text, range: range),
        let name = Range(match.range(at: 1), in: text), let path = Range(match.range(at: 2), in: text),
        let number = Range(match.range(at: 3), in: text),
        text[path].hasSuffix("/" + entry.path), let lineNumber = Int(text[number])
      else { continue }
      function = String(text[name])
      line = lineNumber
      location = "\(entry.path):\(lineNumber)"
      break
    }
    // Without a backtrace, the runtime's own `file:line` mention still places it.
    if location == nil, let mentioned = lines.lazy.compactMap({ Self.firstCapture(fileMention, in: $0) }).first {
      line = mentioned
      location = "\(entry.path):\(mentioned)"
    }
  }

  private static func firstCapture(_ regex: NSRegularExpression, in text: String) -> Int? {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = regex.firstMatch(in: text, range: range), let found = Range(match.range(at: 1), in: text) else { return nil }
    return Int(text[found])
  }
}
