/// The failed expectations of one check, each a sentence for the learner, in the learner's language.
public struct ExpectationLog {
  public private(set) var failures: [String] = []
  /// The language the sentences are in (`course check --lang zh` passes it to the runner).
  public let language: Language

  public init(language: Language = .english) { self.language = language }

  /// Records `message` unless `condition` holds.
  public mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    // At most `failureLimit` failures, whichever way a check records them.
    if !condition && failures.count < Self.failureLimit { failures.append(message()) }
  }

  /// `english` or `chinese`, side by side where a check words a message with its own numbers.
  package func text(_ english: @autoclosure () -> String, _ chinese: @autoclosure () -> String) -> String {
    language == .english ? english() : chinese()
  }
}
