/// The failed expectations of one check, each a sentence for the learner.
public struct ExpectationLog {
  public private(set) var failures: [String] = []

  public init() {}

  /// Records `message` unless `condition` holds.
  public mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    // At most `failureLimit` failures, whichever way a check records them.
    if !condition && failures.count < Self.failureLimit { failures.append(message()) }
  }
}
