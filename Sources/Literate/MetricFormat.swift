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
