import ArgumentParser
import ExerciseCatalog
import Foundation

/// `course hint [exercise]`: the next hint of an exercise, from a nudge to nearly the answer.
struct HintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hint",
    abstract: help(
      "Show the next hint for an exercise (default: the first one not passed yet).", "显示一个练习的下一条提示（默认：第一个还没通过的练习）。"),
    discussion: help(
      "Each exercise has a few hints, from a nudge to nearly the answer; each call shows the next one.",
      "每个练习有几条提示，从轻轻一点到几乎就是答案；每运行一次显示下一条。")
  )

  @Argument(help: ArgumentHelp(help(
    "The exercise, such as neurons.sigmoid or sigmoid (default: your next exercise).",
    "练习，例如 neurons.sigmoid 或 sigmoid（默认：你的下一个练习）。")))
  var exercise: String?

  @Flag(help: ArgumentHelp(help("Start this exercise's hints from the first again.", "从第一条提示重新开始。")))
  var reset = false

  @OptionGroup var lang: LanguageOption

  mutating func validate() throws {
    _ = try lang.resolve()
  }

  mutating func run() throws {
    let language = try lang.resolve()
    let root = try requirePackageRoot()
    var progress = ExerciseProgress.load(from: root)
    guard let entry = try exercise.map({ try Self.entry($0, language: language) }) ?? progress.next() else {
      print(
        language.text(
          "Every exercise passes; name one to see its hints, such as: swift run course hint neurons.sigmoid",
          "所有练习都已通过；要看某个练习的提示，请指定它，例如：swift run course hint neurons.sigmoid"))
      return
    }
    if reset { progress.hintsSeen[entry.id] = 0 }
    let seen = progress.hintsSeen[entry.id] ?? 0
    print(Self.text(for: entry, seen: seen, language: language))
    progress.hintsSeen[entry.id] = min(seen + 1, entry.hints.count)
    try progress.save(to: root)
  }

  static func entry(_ name: String, language: Language) throws -> ExerciseEntry {
    guard let entry = ExerciseCatalog.entry(named: name) else {
      throw CourseToolError(
        language.text(
          "unknown exercise '\(name)'; name one as chapter.function, such as neurons.sigmoid (see course check)",
          "没有名为 '\(name)' 的练习；请写成 章节.函数，例如 neurons.sigmoid（见 course check）"))
    }
    return entry
  }

  /// The hint after the `seen` ones already shown, or the last one again with where the solution is.
  /// In Chinese the task comes first, since the stub's doc comment states it in English.
  static func text(for entry: ExerciseEntry, seen: Int, language: Language = .english) -> String {
    let header = language.text(
      "\(entry.chapter), \(entry.title), \(entry.path):", "\(entry.chapter)，\(entry.title(in: language))，\(entry.path)：")
    let hints = entry.hints(in: language)
    guard !hints.isEmpty else { return header + language.text(" this exercise has no hints.", "这个练习没有提示。") }
    let index = min(seen, hints.count - 1)
    var lines = [header]
    if language == .chinese, let task = entry.chinese?.task { lines.append(task.hanging(after: "任务：")) }
    let earlier = entry.uses.compactMap { used in ExerciseCatalog.all.first { $0.chapter == entry.chapter && $0.function == used } }
    if !earlier.isEmpty {
      lines.append(
        language.text(
          "It builds on " + earlier.map(\.title).joined(separator: " and ") + ": solve that first.",
          "它要用到" + earlier.map { $0.title(in: language) }.joined(separator: "和") + "：请先完成它。"))
    }
    lines.append(language.text("Hint \(index + 1) of \(hints.count): ", "提示 \(index + 1)（共 \(hints.count) 条）：") + hints[index])
    if index + 1 < hints.count {
      lines.append(language.text("(run course hint again for the next one)", "（再运行一次 course hint 可看下一条）"))
    } else {
      lines.append(
        language.text(
          "That was the last hint; the reference solution is in Sources/ExerciseSolutions/\(entry.file).",
          "这是最后一条提示；参考答案在 Sources/ExerciseSolutions/\(entry.file)。"))
    }
    return lines.joined(separator: "\n")
  }
}
