/// The language `course check`, `hint` and `watch` speak to the learner: English, or
/// Simplified Chinese for the course's Chinese edition.
public enum Language: String, CaseIterable, Sendable {
  case english = "en"
  case chinese = "zh"

  /// The values `--lang` accepts, as the error message lists them.
  public static var accepted: String { allCases.map(\.rawValue).joined(separator: " or ") }

  /// What a `--lang` value asks for, or an error naming the flag and the values it accepts.
  /// Without the flag, the locale decides (see ``fromLocale(_:)``).
  public static func resolve(flag: String?, environment: [String: String]) throws -> Language {
    guard let flag else { return fromLocale(environment) }
    guard let language = Language(rawValue: flag.lowercased()) else { throw LanguageFlagError(value: flag) }
    return language
  }

  /// Chinese when the locale of messages is Chinese, English otherwise.
  ///
  /// As POSIX decides which variable names the locale of messages: `LC_ALL`
  /// if set and not empty, else `LC_MESSAGES`, else `LANG`; a value such as
  /// `zh_CN.UTF-8`, `zh_TW` or `zh` is Chinese (so `LC_ALL=C` with `LANG=zh_CN.UTF-8` is English).
  public static func fromLocale(_ environment: [String: String]) -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    return locale?.hasPrefix("zh") == true ? .chinese : .english
  }

  /// The text in this language: `english` or `chinese`, written side by side where
  /// they are used so that one cannot change without the other in sight.
  public func text(_ english: String, _ chinese: String) -> String {
    self == .english ? english : chinese
  }
}

/// A `--lang` value that is neither `en` nor `zh`.
public struct LanguageFlagError: Error, CustomStringConvertible {
  public let value: String
  public var description: String { "--lang must be \(Language.accepted), not '\(value)'" }
}
