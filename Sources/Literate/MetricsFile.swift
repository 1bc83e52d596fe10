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

  /// Why a placeholder cannot be filled.
  public enum Problem: Error, Equatable {
    /// No value at the key path.
    case missing
    /// `name[index]` past the end of a list of `count` values.
    case indexOutOfRange(list: String, index: Int, count: Int)
    /// The value does not fit the placeholder: a list or object without an element, a format for another kind of value.
    case unfit(String)
  }

  /// The value at a key path: `test_accuracy`, `article_check.h1`,
  /// `train_loss[0]`, `train_loss[-1]` (the last element).
  public func value(at keyPath: String) -> Any? { try? lookup(keyPath).get() }

  /// The value at a key path, or why there is none.
  public func lookup(_ keyPath: String) -> Result<Any, Problem> {
    var current: Any? = root
    for component in keyPath.split(separator: ".") {
      var name = Substring(component)
      var index: Int?
      if let open = component.firstIndex(of: "["), component.hasSuffix("]") {
        name = component[..<open]
        index = Int(component[component.index(after: open)..<component.index(before: component.endIndex)])
        if index == nil { return .failure(.unfit("'\(component)' is not an element: write [0], [-1], [*] or, in a row, [epoch]")) }
      }
      current = (current as? [String: Any])?[String(name)]
      if let index {
        guard let list = current as? [Any] else { return .failure(current == nil ? .missing : .unfit("'\(name)' is not a list")) }
        let position = index < 0 ? list.count + index : index
        guard list.indices.contains(position) else {
          return .failure(.indexOutOfRange(list: String(name), index: index, count: list.count))
        }
        current = list[position]
      }
    }
    guard let current else { return .failure(.missing) }
    return .success(current)
  }

  /// Every number in the file with its key path (`a.b`, `list[2]`), depth first.
  public var numbers: [(keyPath: String, value: Double)] {
    var found: [(String, Double)] = []
    func visit(_ value: Any, _ path: String) {
      let isBoolean = value is Bool && String(describing: type(of: value)).contains("Boolean")
      switch value {
      case let number as NSNumber where !isBoolean: found.append((path, number.doubleValue))
      case let list as [Any]: for (index, element) in list.enumerated() { visit(element, "\(path)[\(index)]") }
      case let object as [String: Any]:
        for key in object.keys.sorted() { visit(object[key]!, path.isEmpty ? key : "\(path).\(key)") }
      default: break
      }
    }
    visit(root, "")
    return found
  }

  /// The run's number of epochs (its `epochs` metric): how often a row repeated per epoch is written.
  public var epochs: Int? {
    guard let number = value(at: "epochs") as? NSNumber, number.doubleValue == number.doubleValue.rounded() else { return nil }
    return number.intValue
  }

  /// The value formatted for prose, or nil when it cannot be (see `render`).
  public func formatted(_ keyPath: String, format: String?, wording: Wording = .english) -> String? {
    try? render(keyPath, format: format, wording: wording).get()
  }

  /// The value formatted for prose: `format` is a printf conversion for a
  /// number (`.4f`, `.2e`, `.3g`, `d` for an integer), or `%` for a percentage
  /// with one decimal; numbers without a format keep up to four significant
  /// decimals. `list[*]` gives every element, formatted alike, joined by ", ".
  /// A JSON boolean reads as `wording` says (`true`, or 是 on a Chinese page); a text is shown as recorded.
  /// A format that does not fit the value is a problem, never a wrong number.
  public func render(_ keyPath: String, format: String?, wording: Wording = .english) -> Result<String, Problem> {
    if keyPath.hasSuffix("[*]") {
      return renderElements(of: String(keyPath.dropLast(3)), format: format, wording: wording)
        .map { $0.joined(separator: ", ") }
    }
    if keyPath.contains("[*]") { return .failure(.unfit("[*] may only end a key path, as in train_loss[*]")) }
    return lookup(keyPath).flatMap { Self.render($0, format: format, wording: wording) }
  }

  /// Every element of the list at `listPath`, each formatted as `render` formats one value.
  public func renderElements(of listPath: String, format: String?, wording: Wording = .english) -> Result<[String], Problem> {
    lookup(listPath).flatMap { value in
      guard let list = value as? [Any], !list.isEmpty else {
        return .failure(.unfit("'\(listPath)' is not a list with values, so [*] has nothing to show"))
      }
      var parts: [String] = []
      for element in list {
        switch Self.render(element, format: format, wording: wording) {
        case .success(let text): parts.append(text)
        case .failure(let problem): return .failure(problem)
        }
      }
      return .success(parts)
    }
  }

  /// One JSON value as prose.
  static func render(_ value: Any, format: String?, wording: Wording = .english) -> Result<String, Problem> {
    // JSON's true and false arrive as NSNumbers too; only their class tells them from 1 and 0.
    let isBoolean = value is Bool && String(describing: type(of: value)).contains("Boolean")
    if let number = value as? NSNumber, !isBoolean {
      guard let format else {
        let double = number.doubleValue
        return .success(double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(format: "%.4g", double))
      }
      return MetricFormat.parse(format).flatMap { $0.render(number.doubleValue) }
    }
    let kind: String
    let text: String?
    switch value {
    case let flag as Bool where isBoolean: (kind, text) = ("true or false", wording.word(for: flag))
    case let string as String: (kind, text) = ("text", string)
    // A whole list or object shows as written in Swift: `[[0.4, 0.6], [0.5, 0.5]]`.
    case is [Any]: (kind, text) = ("a list (format each element with [*])", String(describing: value))
    case is [String: Any]: (kind, text) = ("an object", String(describing: value))
    default: (kind, text) = ("null", nil)
    }
    guard let text else { return .failure(.unfit("the value is null: record a number or a text")) }
    if let format { return .failure(.unfit("format ':\(format)' needs a number, but the value is \(kind): '\(text.prefix(40))'")) }
    return .success(text)
  }
}

/// A problem with a chapter's sources, text or metrics.
public struct LiterateError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
