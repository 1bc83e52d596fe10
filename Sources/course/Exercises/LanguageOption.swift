import ArgumentParser
import ExerciseCatalog
import Foundation

/// `--lang en|zh`, shared by `course check`, `hint` and `watch`: the language
/// they speak to the learner, by default the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
struct LanguageOption: ParsableArguments {
  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp(help(
      "The language of the output: en or zh (default: Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh).",
      "输出的语言：en 或 zh（默认：LC_ALL、LC_MESSAGES 或 LANG 以 zh 开头时为中文）。")))
  var value: String?

  /// The language asked for, or a one-line error naming `--lang` and the values it accepts.
  func resolve() throws -> Language {
    do {
      return try Language.resolve(flag: value, environment: ProcessInfo.processInfo.environment)
    } catch let error as LanguageFlagError {
      throw CourseToolError(error.description)
    }
  }
}

/// The language of `--help` and of the errors that come before a command knows its options: the
/// `--lang` on the command line if there is one, else the locale's, so that
/// `LANG=zh_CN.UTF-8 course check --help` and `course check --lang zh --help` are in Chinese.
let helpLanguage: Language = {
  let arguments = Array(CommandLine.arguments.dropFirst())
  var flag = arguments.firstIndex(of: "--lang").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
  if let joined = arguments.last(where: { $0.hasPrefix("--lang=") }) { flag = String(joined.dropFirst("--lang=".count)) }
  return (try? Language.resolve(flag: flag, environment: ProcessInfo.processInfo.environment)) ?? .english
}()

/// A help text or early error in the command line's language (``helpLanguage``), English and Chinese side by side.
func help(_ english: String, _ chinese: String) -> String { helpLanguage.text(english, chinese) }

/// `--timeout`'s help, shared by `course check` and `course watch`.
var timeoutHelp: String {
  help(
    "Seconds one exercise may run before it is stopped (default: $COURSE_CHECK_TIMEOUT or 20).",
    "一个练习在被停止之前最多可以运行的秒数（默认：$COURSE_CHECK_TIMEOUT 或 20）。")
}
