import ArgumentParser
import ExerciseCatalog
import Foundation

/// Checks exercises as `course check` and `course watch` do: builds each
/// chapter's runner once, then runs one child process per exercise.
struct ExerciseChecking {
  let packageRoot: URL
  var implementation: Implementation = .learner
  var timeLimit: Double = ExerciseProcess.timeLimitFromEnvironment
  /// Whether to redraw a one-line status on standard error while working.
  var showsStatus = false
  /// The language of the status line.
  var language = Language.english

  /// The outcome of every exercise in `entries`, in order. A chapter whose
  /// runner does not build gets `.doesNotCompile` for each of its exercises;
  /// the other chapters are still checked.
  func check(_ entries: [ExerciseEntry]) throws -> [(ExerciseEntry, ExerciseOutcome)] {
    let build = RunnerBuild(packageRoot: packageRoot)
    var results: [(ExerciseEntry, ExerciseOutcome)] = []
    var runners: [String: RunnerBuild.Result] = [:]
    for entry in entries {
      if runners[entry.runnerProduct] == nil {
        status(language.text("building the checks of \(entry.chapter)…", "正在构建 \(entry.chapter) 的检查…"))
        runners[entry.runnerProduct] = build.build(entry)
      }
      switch runners[entry.runnerProduct]! {
      case .failed(let error):
        results.append((entry, .doesNotCompile(error)))
      case .built(let runner):
        status(language.text("checking \(entry.id)…", "正在检查 \(entry.id)…"))
        let outcome = try ExerciseProcess.check(
          entry, implementation: implementation, runner: runner, timeLimit: timeLimit, packageRoot: packageRoot,
          language: language)
        results.append((entry, outcome))
      }
    }
    status(nil)
    return results
  }

  private func status(_ text: String?) {
    guard showsStatus else { return }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text ?? "")).utf8))
  }

  /// Refuses a `--timeout` that is not a positive number of seconds (the runners refuse it too,
  /// and every exercise would then show as crashed).
  static func validate(timeout: Double?, language: Language) throws {
    if let timeout, !(timeout > 0) {
      throw ValidationError(
        language.text("--timeout must be a positive number of seconds, not \(timeout)", "--timeout 必须是正的秒数，而不是 \(timeout)"))
    }
  }

  /// The exercises named by `selection`: every one, a chapter's, or one exercise (id or function).
  static func entries(_ selection: String?, language: Language) throws -> [ExerciseEntry] {
    guard let selection else { return ExerciseCatalog.all }
    if ExerciseCatalog.chapters.contains(selection) { return ExerciseCatalog.all.filter { $0.chapter == selection } }
    if let entry = ExerciseCatalog.entry(named: selection) { return [entry] }
    let chapters = ExerciseCatalog.chapters.joined(separator: ", ")
    throw CourseToolError(
      language.text(
        "unknown chapter or exercise '\(selection)'; chapters with exercises: \(chapters), or an exercise such as neurons.sigmoid",
        "没有名为 '\(selection)' 的章节或练习；有练习的章节：\(chapters)，也可以指定一个练习，例如 neurons.sigmoid"))
  }
}
