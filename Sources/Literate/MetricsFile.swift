import Foundation

/// A chapter's `metrics.json`, read for the values its text cites.
public struct MetricsFile {
  private let root: [String: Any]

  public init(contentsOf url: URL) throws {
    let data = try Data(contentsOf: url)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw LiterateError("\(url.path): not a JSON object")
    }
    root = object
  }

  /// The metrics in bytes already read.
  public init(data: Data) throws {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw LiterateError("metrics: not a JSON object")
    }
    root = object
  }

  public init(json: String) throws {
    guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
      throw LiterateError("metrics: not a JSON object")
    }
    root = object
  }

  /// The value at a key path: `test_accuracy`, `article_check.h1`,
  /// `train_loss[0]`, `train_loss[-1]` (the last element).
  public func value(at keyPath: String) -> Any? {
    var current: Any? = root
    for component in keyPath.split(separator: ".") {
      var name = Substring(component)
      var index: Int?
      if let open = component.firstIndex(of: "["), component.hasSuffix("]") {
        name = component[..<open]
        index = Int(component[component.index(after: open)..<component.index(before: component.endIndex)])
        if index == nil { return nil }
      }
      current = (current as? [String: Any])?[String(name)]
      if let index {
        guard let list = current as? [Any], !list.isEmpty else { return nil }
        let position = index < 0 ? list.count + index : index
        guard list.indices.contains(position) else { return nil }
        current = list[position]
      }
    }
    return current
  }

  /// The value formatted for prose: `format` is a printf precision such as
  /// `.4f`, or `%` for a percentage with one decimal; numbers without a
  /// format keep up to four significant decimals.
  public func formatted(_ keyPath: String, format: String?) -> String? {
    guard let value = value(at: keyPath) else { return nil }
    // JSON's true and false arrive as NSNumbers too; only their class tells them from 1 and 0.
    if let flag = value as? Bool, String(describing: type(of: value)).contains("Boolean") {
      return flag ? "true" : "false"
    }
    if let number = value as? NSNumber {
      let double = number.doubleValue
      switch format {
      case nil:
        return double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(format: "%.4g", double)
      case "%":
        return String(format: "%.1f%%", double * 100)
      case let format?:
        return String(format: "%" + format, double)
      }
    }
    if let text = value as? String { return text }
    return String(describing: value)
  }
}

/// A problem with a chapter's sources, text or metrics.
public struct LiterateError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
