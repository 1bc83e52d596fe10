import Foundation

// The Chinese edition's string metrics (issue #20, convention Z3): a value the
// text cites that holds English words has a twin `<name>@zh` beside it in
// metrics.json, recorded by the chapter, which the Chinese pages show instead.

extension MetricsFile {
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
