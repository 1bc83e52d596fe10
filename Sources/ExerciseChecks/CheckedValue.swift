import Foundation

/// A value a check compares: a number, or arrays of them nested to any depth.
/// Visible to the whole package, as the other helpers here: each chapter's checks may be a module of its own.
package protocol CheckedValue {
  /// Whether `self` matches `expected`: the same shape, every number within
  /// `tolerance` (relative for large values, absolute near zero; NaN never matches).
  func isClose(to expected: Self, tolerance: Double) -> Bool
  /// Where `self` first differs from `expected`, such as `[1][0] is 0.5 instead of 1`.
  func firstDifference(from expected: Self, tolerance: Double) -> String?
  /// The value as the learner would write it, numbers with `digits` significant digits.
  func text(digits: Int) -> String
}

extension Double: CheckedValue {
  package func isClose(to expected: Double, tolerance: Double) -> Bool {
    abs(self - expected) <= tolerance * max(1, abs(expected))
  }

  package func firstDifference(from expected: Double, tolerance: Double) -> String? {
    if isClose(to: expected, tolerance: tolerance) { return nil }
    let (actualText, expectedText) = printedPair(self, expected)
    return " is \(actualText) instead of \(expectedText)"
  }

  package func text(digits: Int) -> String {
    if isNaN { return "nan" }
    if isInfinite { return self < 0 ? "-inf" : "inf" }
    if digits >= 17 { return "\(self)" }
    if self == rounded(), abs(self) < 1e15 { return "\(Int(self))" }
    return String(format: "%.\(digits)g", self)
  }
}

extension Int: CheckedValue {
  package func isClose(to expected: Int, tolerance: Double) -> Bool { self == expected }
  package func firstDifference(from expected: Int, tolerance: Double) -> String? {
    self == expected ? nil : " is \(self) instead of \(expected)"
  }
  package func text(digits: Int) -> String { "\(self)" }
}

extension Array: CheckedValue where Element: CheckedValue {
  package func isClose(to expected: [Element], tolerance: Double) -> Bool {
    count == expected.count && zip(self, expected).allSatisfy { $0.isClose(to: $1, tolerance: tolerance) }
  }

  package func firstDifference(from expected: [Element], tolerance: Double) -> String? {
    guard count == expected.count else { return " has \(count) entries instead of \(expected.count)" }
    for (index, (value, wanted)) in zip(self, expected).enumerated() {
      if let difference = value.firstDifference(from: wanted, tolerance: tolerance) { return "[\(index)]\(difference)" }
    }
    return nil
  }

  package func text(digits: Int) -> String { "[" + map { $0.text(digits: digits) }.joined(separator: ", ") + "]" }
}

/// `value` as a check prints an input: six significant digits.
package func printed<Value: CheckedValue>(_ value: Value) -> String { value.text(digits: 6) }

/// Two values printed so that they differ: six significant digits, or all of
/// them when six would print the same text for both.
package func printedPair<Value: CheckedValue>(_ actual: Value, _ expected: Value) -> (String, String) {
  let (short, shortExpected) = (actual.text(digits: 6), expected.text(digits: 6))
  return short == shortExpected ? (actual.text(digits: 17), expected.text(digits: 17)) : (short, shortExpected)
}
