import ExerciseCatalog
import Foundation
import Testing

/// The Chinese edition of the exercises: every exercise's text in both languages, kept from
/// drifting apart, and `course check`, `hint` and `watch` choosing their language.
@Suite("Exercise languages")
struct ExerciseLanguageTests {
  /// The names a text must keep in translation: every `backticked` span and every camelCase word
  /// (`neuronOutput`, `inputSize`), which name code the learner writes or calls.
  static func identifiers(in text: String) -> Set<String> {
    let patterns = ["`[^`]+`", "(?<![A-Za-z0-9_])[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*"]
    return patterns.reduce(into: Set<String>()) { names, pattern in
      let regex = try! NSRegularExpression(pattern: pattern)
      for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        if let range = Range(match.range, in: text) { names.insert(String(text[range])) }
      }
    }
  }

  /// Whether `text` has a Chinese character: a copied English text has none.
  static func isChinese(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
  }

  /// Whether `text` has English prose to translate (four words in a row), not only code or math
  /// such as `let t = tanh(x); return (1 - t * t) * outputGradient`, which a translation keeps as it is.
  static func hasProse(_ text: String) -> Bool {
    text.range(of: "[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,} [a-z]{2,}", options: .regularExpression) != nil
  }

  /// What a translation of `english` lacks: the names it drops, or all of it when it leaves prose in English.
  static func problems(_ chinese: String, translating english: String) -> [String] {
    var problems: [String] = []
    if hasProse(english) && !isChinese(chinese) { problems.append("is not in Chinese") }
    let dropped = identifiers(in: english).subtracting(identifiers(in: chinese))
    if !dropped.isEmpty { problems.append("drops \(dropped.sorted().joined(separator: " "))") }
    return problems
  }

  @Test("Every exercise has its task, hint and graded hints in Chinese, keeping every name the English has")
  func everyExerciseIsTranslated() throws {
    let root = try #require(ExerciseSource.packageRoot())
    for entry in ExerciseCatalog.all {
      guard let chinese = entry.chinese else {
        Issue.record("\(entry.id) has no Chinese translation (Sources/ExerciseCatalog/Chinese)")
        continue
      }
      let source = try #require(ExerciseSource(of: entry, packageRoot: root))
      for problem in Self.problems(chinese.task, translating: source.task) { Issue.record("\(entry.id)'s Chinese task \(problem)") }
      for problem in Self.problems(chinese.hint, translating: source.hint ?? "") { Issue.record("\(entry.id)'s Chinese hint \(problem)") }
      #expect(chinese.hints.count == entry.hints.count, "\(entry.id) has \(chinese.hints.count) Chinese hints for \(entry.hints.count)")
      for (number, (english, translated)) in zip(entry.hints, chinese.hints).enumerated() {
        for problem in Self.problems(translated, translating: english) {
          Issue.record("\(entry.id)'s Chinese hint \(number + 1) \(problem)")
        }
      }
    }
    let ids = ExerciseCatalog.chineseTranslations.map(\.id)
    #expect(Set(ids).count == ids.count, "an exercise is translated twice")
    #expect(Set(ids).subtracting(ExerciseCatalog.all.map(\.id)).isEmpty, "a translation names no exercise")
    #expect(Set(ExerciseCatalog.chineseChapterTitles.keys) == Set(ExerciseCatalog.chapters))
  }

  @Test("The drift check catches a dropped name, a missing translation and untranslated prose")
  func driftCheckCanFail() {
    #expect(Self.problems("先算加权和 z，再压缩它。", translating: "then squash it with your `sigmoid`.") == ["drops `sigmoid`"])
    #expect(Self.problems("用 inputSize 计算。", translating: "use inputSize and kernelSize") == ["drops kernelSize"])
    #expect(Self.problems("Divide the sum by the count.", translating: "Divide the sum by the count.") == ["is not in Chinese"])
    #expect(Self.problems("let s = sigmoid(z); return s", translating: "let s = sigmoid(z); return s").isEmpty)
    #expect(Self.problems("guard training else { return values }", translating: "guard training else { return values }").isEmpty)
  }

  @Test(
    "The locale decides as POSIX does: LC_ALL over LC_MESSAGES over LANG, an empty one skipped",
    arguments: [
      ([:], Language.english),
      (["LANG": "zh_CN.UTF-8"], .chinese),
      (["LANG": "zh_TW"], .chinese),
      (["LANG": "en_US.UTF-8"], .english),
      (["LANG": "C.UTF-8"], .english),
      (["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"], .chinese),
      (["LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"], .english),
      (["LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"], .english),
      (["LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"], .chinese),
      (["LC_ALL": "", "LANG": "zh_CN.UTF-8"], .chinese),
    ] as [([String: String], Language)])
  func localeDecides(environment: [String: String], expected: Language) throws {
    #expect(Language.fromLocale(environment) == expected)
    #expect(try Language.resolve(flag: nil, environment: environment) == expected)
    // The flag wins over any locale.
    #expect(try Language.resolve(flag: "en", environment: environment) == .english)
    #expect(try Language.resolve(flag: "zh", environment: environment) == .chinese)
  }

  @Test("Display width counts two columns for a Chinese character or full-width sign, one for ASCII and the table's symbols")
  func displayWidth() {
    #expect("sigmoid".displayWidth == 7)
    #expect("练习".displayWidth == 4)
    #expect("第 1 章（neurons）".displayWidth == 18)
    #expect("✓ · … ✗ ! ⧗".displayWidth == 11)
    #expect("结果".padded(toDisplayWidth: 7) == "结果   ")
    #expect("e\u{301}".displayWidth == 1)
    #expect("一行\n\n- 参数：".hanging(after: "任务：") == "任务：一行\n\n      - 参数：")
  }
}
