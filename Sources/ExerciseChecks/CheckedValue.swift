import Foundation

/// A value a check compares: a number, or arrays of them nested to any depth.
/// Visible to the whole package, as the other helpers here: each chapter's checks may be a module of its own.
package protocol CheckedValue {
  /// Whether `self` matches `expected`: the same shape, every number within
  /// `tolerance` (relative for large values, absolute near zero; NaN never matches).
  func isClose(to expected: Self, tolerance: Double) -> Bool
  /// Where `self` first differs from `expected`, such as `[1][0] is 0.5 instead of 1`.
  func firstDifference(from expected: Self, tolerance: Double) -> ValueDifference?
  /// The value as the learner would write it, numbers with `digits` significant digits.
  func text(digits: Int) -> String
}

extension Double: CheckedValue {
  package func isClose(to expected: Double, tolerance: Double) -> Bool {
    abs(self - expected) <= tolerance * max(1, abs(expected))
  }

  package func firstDifference(from expected: Double, tolerance: Double) -> ValueDifference? {
    if isClose(to: expected, tolerance: tolerance) { return nil }
    let (actualText, expectedText) = printedPair(self, expected)
    return ValueDifference(kind: .value(actualText, instead: expectedText))
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
  package func firstDifference(from expected: Int, tolerance: Double) -> ValueDifference? {
    self == expected ? nil : ValueDifference(kind: .value("\(self)", instead: "\(expected)"))
  }
  package func text(digits: Int) -> String { "\(self)" }
}

extension Array: CheckedValue where Element: CheckedValue {
  package func isClose(to expected: [Element], tolerance: Double) -> Bool {
    count == expected.count && zip(self, expected).allSatisfy { $0.isClose(to: $1, tolerance: tolerance) }
  }

  package func firstDifference(from expected: [Element], tolerance: Double) -> ValueDifference? {
    guard count == expected.count else { return ValueDifference(kind: .count(count, instead: expected.count)) }
    for (index, (value, wanted)) in zip(self, expected).enumerated() {
      if var difference = value.firstDifference(from: wanted, tolerance: tolerance) {
        difference.path = "[\(index)]" + difference.path
        return difference
      }
    }
    return nil
  }

  package func text(digits: Int) -> String { "[" + map { $0.text(digits: digits) }.joined(separator: ", ") + "]" }
}

/// Where a value first differs from the expected one, worded in either language:
/// `[1][0] is 0.5 instead of 1`, `[1][0] 为 0.5，而不是 1`.
package struct ValueDifference: Equatable {
  package enum Kind: Equatable {
    /// A number that differs: both as printed.
    case value(String, instead: String)
    /// A list of another length.
    case count(Int, instead: Int)
  }

  let kind: Kind
  /// The indices down to it, `[1][0]`.
  var path = ""

  /// The words after "result": ` is 0.5 instead of 1` or `为 0.5，而不是 1`, after the path.
  package func sentence(in language: Language) -> String {
    switch (kind, language) {
    case (.value(let actual, let expected), .english): "\(path) is \(actual) instead of \(expected)"
    case (.value(let actual, let expected), .chinese): "\(path) 为 \(actual)，而不是 \(expected)"
    case (.count(let actual, let expected), .english): "\(path) has \(actual) entries instead of \(expected)"
    case (.count(let actual, let expected), .chinese): "\(path) 有 \(actual) 项，而不是 \(expected) 项"
    }
  }
}

/// `value` as a check prints an input: six significant digits.
package func printed<Value: CheckedValue>(_ value: Value) -> String { value.text(digits: 6) }

/// Two values printed so that they differ: six significant digits, or all of
/// them when six would print the same text for both.
package func printedPair<Value: CheckedValue>(_ actual: Value, _ expected: Value) -> (String, String) {
  let (short, shortExpected) = (actual.text(digits: 6), expected.text(digits: 6))
  return short == shortExpected ? (actual.text(digits: 17), expected.text(digits: 17)) : (short, shortExpected)
}
