import Foundation

// The Chinese edition's string metrics (issue #20, convention Z3): a value the
// text cites that holds English words has a twin `<name>@zh` beside it in
// metrics.json, recorded by the chapter, which the Chinese pages show instead.

extension MetricsFile {
  /// The language a value is worded in: a JSON boolean reads `true`/`false` on an English page and
  /// 是/否 on a Chinese one ("（一致：是）"). Only the JSON type decides: a text that reads "true" stays as recorded.
  public enum Wording: Sendable {
    case english
    case chinese

    func word(for flag: Bool) -> String {
      switch self {
      case .english: flag ? "true" : "false"
      case .chinese: flag ? "是" : "否"
      }
    }

    /// A list's elements as an enumeration in prose: "16, 64, 256" in English, 「16、64 和 256」 in
    /// Chinese, whose prose does not separate the items of a list with commas.
    public func enumeration(_ items: [String]) -> String {
      switch self {
      case .english: return items.joined(separator: ", ")
      case .chinese:
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: "、") + " 和 " + last
      }
    }
  }

  /// What follows a metric's name to name its Chinese twin (CourseKit's `Metrics.chineseSuffix`).
  public static let chineseSuffix = "@zh"

  /// The key path of the Chinese twin of the value at `keyPath`: `@zh` after
  /// the name of its last component, before any index, so that the twin sits
  /// beside its English value in the same object: `best_f1_class@zh`,
  /// `class_names@zh[3]`, `int8_kernels@zh[*]`, `layers.conv1.layer@zh`.
  public static func chineseKeyPath(of keyPath: String) -> String {
    let lastDot = keyPath.lastIndex(of: ".").map { keyPath.index(after: $0) } ?? keyPath.startIndex
    let index = keyPath[lastDot...].firstIndex(of: "[") ?? keyPath.endIndex
    return String(keyPath[..<index]) + chineseSuffix + String(keyPath[index...])
  }

  /// Whether the run recorded a Chinese twin for the value a key path names
  /// (for `list[*]`, the twin list `list@zh`).
  public func hasChineseTwin(of keyPath: String) -> Bool {
    let twin = Translation.chineseKey(keyPath)
    return value(at: twin.hasSuffix("[*]") ? String(twin.dropLast(3)) : twin) != nil
  }

  /// Whether `text` holds English words: a run of three or more Latin letters
  /// outside backticks ("met", "Shirt"; not "W1", "ms" or `` `python3-torch` ``).
  public static func hasEnglishWords(_ text: String) -> Bool {
    var insideCode = false
    var run = 0
    for character in text {
      if character == "`" {
        insideCode.toggle()
        run = 0
      } else if !insideCode, character.isASCII, character.isLetter {
        run += 1
        if run >= 3 { return true }
      } else {
        run = 0
      }
    }
    return false
  }
}
