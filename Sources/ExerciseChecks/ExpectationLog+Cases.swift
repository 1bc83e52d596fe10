extension ExpectationLog {
  /// How many failures one check reports at most: those of its first failing
  /// case (checks try their smallest, clearest inputs first).
  package static let failureLimit = 3

  /// Whether every expectation so far held. Checks call the learner's
  /// function on a new case only while this holds: the first failing case is
  /// the telling one, and code that is wrong on a small input may trap or
  /// loop on a larger one, which would hide that failure.
  package var passedSoFar: Bool { failures.isEmpty }

  /// Whether the check has reported all it should.
  package var isFull: Bool { failures.count >= Self.failureLimit }

  /// Records `message` unless the check has already reported enough.
  package mutating func fail(_ message: @autoclosure () -> String) {
    if !isFull { expect(false, message()) }
  }

  /// Expects `call` to have returned `expected`, within `tolerance`; on a
  /// mismatch, one failure with both values (or, when they are too long to
  /// read, the first entry that differs) and `why`, what the case is about.
  package mutating func expect<Value: CheckedValue>(
    _ call: @autoclosure () -> String, returned actual: Value, expected: Value, tolerance: Double = 1e-9,
    why: @autoclosure () -> String? = nil
  ) {
    guard !isFull, !actual.isClose(to: expected, tolerance: tolerance) else { return }
    let (actualText, expectedText) = printedPair(actual, expected)
    let call = translated(call())
    let reason = why().map { text(" (\($0))", "（\(translated($0))）") } ?? ""
    let message: String
    if actualText.count + expectedText.count <= 240 {
      message = text("\(call) returned \(actualText), expected \(expectedText)", "\(call) 返回了 \(actualText)，应为 \(expectedText)")
    } else {
      let difference = actual.firstDifference(from: expected, tolerance: tolerance).map { $0.sentence(in: language) } ?? ""
      message = text("\(call): result\(difference)", "\(call)：结果\(difference)")
    }
    fail(message + reason)
  }

  /// A check's English words in the log's language: the Chinese of `CheckWordings.chinese`, or
  /// `english` itself when it has none (a call, which is code) or the log speaks English.
  package func translated(_ english: String) -> String {
    language == .chinese ? CheckWordings.chinese[english] ?? english : english
  }
}
