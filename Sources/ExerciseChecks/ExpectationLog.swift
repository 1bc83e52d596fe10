/// The failed expectations of one check, each a sentence for the learner.
public struct ExpectationLog {
  public private(set) var failures: [String] = []

  public init() {}

  /// Records `message` unless `condition` holds.
  public mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { failures.append(message()) }
  }

  /// Expects `actual` within `tolerance` of `expected` (relative for large
  /// values, absolute near zero); `call` describes what was computed.
  public mutating func expectClose(
    _ actual: Double, _ expected: Double, tolerance: Double = 1e-9, _ call: @autoclosure () -> String
  ) {
    let close = abs(actual - expected) <= tolerance * max(1, abs(expected))
    expect(close, "\(call()) returned \(actual), expected \(expected)")
  }
}
