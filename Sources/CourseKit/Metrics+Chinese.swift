import Foundation

// The Chinese edition (issue #20, convention Z3): a metric whose value is an
// English phrase that the text cites (a verdict, a class name, a sentence built
// from the run's numbers) has a Chinese twin beside it, `<key>@zh`, which the
// Chinese pages show in its place. Numbers stay numbers in both editions.

extension Metrics {
  /// What follows a metric's name to name its Chinese twin: `target_int8_size@zh`.
  public static let chineseSuffix = "@zh"

  /// The name of the Chinese twin of the metric (or object field) `key`.
  public static func chineseKey(_ key: String) -> String { key + chineseSuffix }

  /// Records a phrase the text cites in both editions: `english` under `key`,
  /// and `chinese` under `key@zh`, for the Chinese pages.
  ///
  /// Build both from the same numbers and conditions, side by side, so that
  /// they cannot say different things; format each number alike in both.
  /// A list (class names) is recorded element by element in the same order.
  ///
  ///     chapter.metrics.record("target_int8_size", english: met ? "met" : "missed", chinese: met ? "达到" : "未达到")
  public mutating func record(_ key: String, english: some MetricConvertible, chinese: some MetricConvertible) {
    record(key, english)
    record(Self.chineseKey(key), chinese)
  }
}

extension MetricValue {
  /// The fields `name` and `name@zh` of an object: a phrase in both editions
  /// (see ``Metrics/record(_:english:chinese:)``), nested where the text cites it.
  public static func bilingualFields(_ name: String, english: String, chinese: String) -> [(String, MetricValue)] {
    [(name, .text(english)), (Metrics.chineseKey(name), .text(chinese))]
  }
}

/// Joins the parts of a Chinese phrase with a space wherever Chinese meets a
/// Latin letter or digit, and nowhere else, as the Chinese pages write it
/// (`"在", "Fashion-MNIST", "上"` gives "在 Fashion-MNIST 上"; `"用时是", "（"` stays tight).
public func chinesePhrase(_ parts: String...) -> String {
  parts.reduce("") { phrase, part in
    guard let last = phrase.last, let first = part.first else { return phrase + part }
    return phrase + (isChinese(last) != isChinese(first) && (isLatinOrDigit(last) || isLatinOrDigit(first)) ? " " : "") + part
  }
}

/// Whether `character` is a Chinese character (CJK Unified Ideographs and Extension A).
private func isChinese(_ character: Character) -> Bool {
  character.unicodeScalars.first.map { (0x3400...0x4DBF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) } ?? false
}

/// Whether `character` is a letter or digit that is not Chinese: "W", "3", "δ", "ᵀ".
private func isLatinOrDigit(_ character: Character) -> Bool {
  (character.isLetter || character.isNumber) && !isChinese(character)
}

/// A Chinese list: "conv1 和 conv2", "W1、W2 和 W4" (the English "W1 and W2 and W4").
public func chineseList(_ items: [String]) -> String {
  guard let last = items.last, items.count > 1 else { return items.first ?? "" }
  return items.dropLast().joined(separator: "、") + " 和 " + last
}
