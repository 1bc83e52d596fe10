import ArgumentParser
import ExerciseCatalog
import Foundation

/// `--lang en|zh`, shared by `course check`, `hint` and `watch`: the language
/// they speak to the learner, by default the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
struct LanguageOption: ParsableArguments {
  @Option(name: .customLong("lang"), help: "The language of the output: en or zh (default: Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh).")
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
