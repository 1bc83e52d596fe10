import Foundation

/// The format of a metric placeholder, `{{metric:key:FORMAT}}`: checked before
/// it is used, since `String(format:)` given a conversion that does not match
/// its argument prints a wrong number (`%d` of a double prints 0) or nothing.
struct MetricFormat {
  /// printf flags, width and precision, without the `%` and the conversion.
  let modifiers: String
  /// `f`, `e`, `E`, `g`, `G` (a number), `d` (an integer), or `%` (a percentage).
  let conversion: Character

  /// The formats a text may use, for messages.
  static let summary = "use .Nf, .Ne, .Ng (a number), d (an integer) or % (a percentage)"

  static func parse(_ format: String) -> Result<MetricFormat, MetricsFile.Problem> {
    if format == "%" { return .success(MetricFormat(modifiers: "", conversion: "%")) }
    guard let conversion = format.last, "feEgGd".contains(conversion) else {
      return .failure(.unfit("unknown format ':\(format)' (\(summary))"))
    }
    let modifiers = format.dropLast()
    // Flags, then a width, then a precision: `-08.3`, `.4`, `+`.
    let flags = modifiers.prefix { "-+ 0#".contains($0) }
    let rest = modifiers.dropFirst(flags.count)
    let width = rest.prefix { $0.isASCII && $0.isNumber }
    let precision = rest.dropFirst(width.count)
    let precisionIsValid = precision.isEmpty || (precision.first == "." && precision.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    guard precisionIsValid, width.count <= 3, precision.count <= 3 else {
      return .failure(.unfit("unknown format ':\(format)' (\(summary))"))
    }
    return .success(MetricFormat(modifiers: String(modifiers), conversion: conversion))
  }

  /// The number in this format, or why it does not fit.
  func render(_ number: Double) -> Result<String, MetricsFile.Problem> {
    switch conversion {
    case "%":
      return .success(String(format: "%.1f%%", number * 100))
    case "d":
      guard number.isFinite, number == number.rounded(), abs(number) < 9e15 else {
        return .failure(.unfit("format ':\(modifiers)d' needs an integer, but the value is \(number): use .Nf"))
      }
      return .success(String(format: "%" + modifiers + "lld", Int64(number)))
    default:
      return .success(String(format: "%" + modifiers + String(conversion), number))
    }
  }
}

/// Where a filled placeholder sits, which decides how a large whole number is grouped.
public enum MetricPlacement: Sendable {
  /// Chapter prose: `16,981,120`.
  case prose
  /// Inside `$…$` or `$$…$$`: `16{,}981{,}120`, since TeX sets a bare comma as
  /// punctuation followed by a thin space ("60, 000"), and a braced one as a digit's neighbour.
  case math
  /// A code span or block: the digits as a program prints them, `16981120`.
  case code
}

extension MetricPlacement {
  /// Whole numbers from this many up are grouped in threes; 2026 or 4096 read better as they are.
  static let smallestGrouped = 10_000

  /// `text` (a formatted value) with every whole number of 10,000 or more grouped in
  /// threes as this placement writes it. Numbers with a fraction or an exponent, and
  /// numbers in code, are left as printed.
  public func grouped(_ text: String) -> String {
    guard self != .code else { return text }
    let separator = self == .math ? "{,}" : ","
    let characters = Array(text)
    var output = ""
    var index = 0
    while index < characters.count {
      guard characters[index].isASCII, characters[index].isNumber else {
        output.append(characters[index])
        index += 1
        continue
      }
      var end = index
      while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
      let digits = String(characters[index..<end])
      // Part of a decimal (`3.14159`, `12345.6`), an exponent, a word or a key: not a whole number.
      let before = index > 0 ? characters[index - 1] : " "
      let after = end < characters.count ? characters[end] : " "
      let afterNext = end + 1 < characters.count ? characters[end + 1] : " "
      let isWhole = !(before == "." || before.isLetter || before == "_")
        && !(after == "." && afterNext.isNumber) && !after.isLetter && after != "_"
      if isWhole, let value = Int(digits), value >= Self.smallestGrouped {
        let leading = digits.count % 3 == 0 ? 3 : digits.count % 3
        var groups = [String(digits.prefix(leading))]
        var start = leading
        while start < digits.count {
          let from = digits.index(digits.startIndex, offsetBy: start)
          groups.append(String(digits[from..<digits.index(from, offsetBy: 3)]))
          start += 3
        }
        output += groups.joined(separator: separator)
      } else {
        output += digits
      }
      index = end
    }
    return output
  }
}
