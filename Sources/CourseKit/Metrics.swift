import Foundation

/// A JSON value, kept in the order it was written so that `metrics.json`
/// reads in the order the chapter computed it.
public enum MetricValue: Equatable, Sendable {
  case number(Double)
  case integer(Int)
  case text(String)
  case flag(Bool)
  case list([MetricValue])
  case object([(String, MetricValue)])

  public static func == (left: MetricValue, right: MetricValue) -> Bool {
    left.json == right.json
  }

  /// The value as compact JSON text. Non-finite numbers become `null`, as
  /// JSON has no NaN.
  public var json: String {
    switch self {
    case .number(let value):
      guard value.isFinite else { return "null" }
      if value == value.rounded(), abs(value) < 1e15 { return String(format: "%.1f", value) }
      return "\(value)"
    case .integer(let value): return String(value)
    case .text(let value): return MetricValue.quoted(value)
    case .flag(let value): return value ? "true" : "false"
    case .list(let values): return "[" + values.map(\.json).joined(separator: ", ") + "]"
    case .object(let pairs):
      return "{" + pairs.map { MetricValue.quoted($0.0) + ": " + $0.1.json }.joined(separator: ", ") + "}"
    }
  }

  /// `text` as a JSON string literal, quoted and escaped by Foundation's encoder.
  static func quoted(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .withoutEscapingSlashes
    // Encoding a String cannot fail.
    return String(decoding: try! encoder.encode(text), as: UTF8.self)
  }
}

/// Converts Swift values into ``MetricValue``s.
public protocol MetricConvertible {
  var metricValue: MetricValue { get }
}

extension Double: MetricConvertible { public var metricValue: MetricValue { .number(self) } }
extension Float: MetricConvertible { public var metricValue: MetricValue { .number(Double(self)) } }
extension Int: MetricConvertible { public var metricValue: MetricValue { .integer(self) } }
extension UInt64: MetricConvertible { public var metricValue: MetricValue { .integer(Int(self)) } }
extension String: MetricConvertible { public var metricValue: MetricValue { .text(self) } }
extension Bool: MetricConvertible { public var metricValue: MetricValue { .flag(self) } }
extension MetricValue: MetricConvertible { public var metricValue: MetricValue { self } }
extension Array: MetricConvertible where Element: MetricConvertible {
  public var metricValue: MetricValue { .list(map(\.metricValue)) }
}

/// The numbers a chapter reports: everything its text cites, written to
/// `metrics.json` at the end of the run.
public struct Metrics {
  public private(set) var entries: [(key: String, value: MetricValue)] = []

  public init() {}

  /// Sets `key`, replacing an earlier value in place.
  public subscript(key: String) -> MetricValue? {
    get { entries.first { $0.key == key }?.value }
    set {
      if let index = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((key, newValue))
      }
    }
  }

  /// Records `value` under `key`.
  public mutating func record(_ key: String, _ value: some MetricConvertible) {
    self[key] = value.metricValue
  }

  /// The number recorded under `key`, or NaN if there is none.
  public func number(_ key: String) -> Double {
    switch self[key] {
    case .number(let value)?: value
    case .integer(let value)?: Double(value)
    default: .nan
    }
  }

  /// The list of numbers recorded under `key`, or an empty list.
  public func numbers(_ key: String) -> [Double] {
    guard case .list(let values)? = self[key] else { return [] }
    return values.compactMap { value in
      switch value {
      case .number(let number): number
      case .integer(let number): Double(number)
      default: nil
      }
    }
  }

  /// Pretty JSON, one key per line, for `metrics.json`.
  public var prettyJSON: String {
    "{\n" + entries.map { "  " + MetricValue.quoted($0.key) + ": " + $0.value.json }.joined(separator: ",\n") + "\n}\n"
  }

  /// One-line JSON, for `--json`.
  public var compactJSON: String { MetricValue.object(entries.map { ($0.key, $0.value) }).json }
}
