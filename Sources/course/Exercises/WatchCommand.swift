import ArgumentParser
import ExerciseCatalog
import Foundation

/// `course watch [chapter]`: re-checks on every save in `Exercises/`.
struct WatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: help(
      "Re-check your exercises every time you save a file in Exercises/ (Ctrl-C to stop).",
      "每次保存 Exercises/ 中的文件时重新检查你的练习（按 Ctrl-C 停止）。"),
    discussion: help(
      "It checks the chapter of the file you saved and shows your next exercise's result and your progress.",
      "它检查你所保存文件的那一章，显示下一个练习的结果和你的进度。")
  )

  @Argument(help: ArgumentHelp(help("Only this chapter (a slug such as neurons).", "只检查这一章（短名，例如 neurons）。")))
  var chapter: String?

  @Option(help: ArgumentHelp(timeoutHelp))
  var timeout: Double?

  @OptionGroup var lang: LanguageOption

  mutating func validate() throws {
    try ExerciseChecking.validate(timeout: timeout, language: try lang.resolve())
  }

  mutating func run() throws {
    let language = try lang.resolve()
    let root = try requirePackageRoot()
    let entries = try ExerciseChecking.entries(chapter, language: language)
    let checking = ExerciseChecking(
      packageRoot: root, timeLimit: timeout ?? ExerciseProcess.timeLimitFromEnvironment,
      showsStatus: isatty(STDERR_FILENO) == 1, language: language)
    var watcher = ExerciseFileWatcher(packageRoot: root, files: Set(entries.map(\.path)))
    // First the chapter of the next exercise, then whatever is saved.
    var changed = Set([(ExerciseProgress.load(from: root).next(in: entries) ?? entries[0]).path])
    while true {
      let toCheck = entries.filter { changed.contains($0.path) }
      if !toCheck.isEmpty {
        let report = try self.report(try checking.check(toCheck), root: root, language: language)
        let files = Set(entries.map(\.path)).sorted().joined(separator: ", ")
        let watching = language.text(
          "Watching \(files) for changes (Ctrl-C to stop)…", "正在监视 \(files) 的改动（按 Ctrl-C 停止）…")
        // Written at once (print would hold it in a buffer when the output is not a terminal).
        FileHandle.standardOutput.write(Data((report + "\n\n" + watching + "\n").utf8))
      }
      changed = watcher.waitForChanges()
    }
  }

  /// The checked chapter's table with the progress bar and the next exercise, after clearing a terminal's screen.
  private func report(_ results: [(ExerciseEntry, ExerciseOutcome)], root: URL, language: Language) throws -> String {
    var progress = ExerciseProgress.load(from: root)
    let before = progress
    for (entry, outcome) in results { progress.record(entry.id, passed: outcome.status == .passed) }
    if progress != before { try progress.save(to: root) }
    let clear = isatty(STDOUT_FILENO) == 1 ? "\u{1B}[2J\u{1B}[H" : ""
    let table = ProgressReport(results: results, packageRoot: root, progress: progress, previous: before, language: language).table
    let time = Date().formatted(date: .omitted, time: .standard)
    return clear + language.text("Checked at \(time)", "检查时间：\(time)") + table
  }
}

/// Polls the exercise files' modification times (no inotify in Foundation on Linux).
struct ExerciseFileWatcher {
  let packageRoot: URL
  let files: Set<String>
  private var seen: [String: Date] = [:]

  init(packageRoot: URL, files: Set<String>) {
    self.packageRoot = packageRoot
    self.files = files
    seen = modificationTimes()
  }

  private func modificationTimes() -> [String: Date] {
    files.reduce(into: [:]) { times, path in
      let attributes = try? FileManager.default.attributesOfItem(atPath: packageRoot.appendingPathComponent(path).path)
      times[path] = attributes?[.modificationDate] as? Date
    }
  }

  /// Blocks until a file changes, then waits for the saving to settle (editors write in steps).
  mutating func waitForChanges() -> Set<String> {
    while true {
      Thread.sleep(forTimeInterval: 0.2)
      var now = modificationTimes()
      guard now != seen else { continue }
      Thread.sleep(forTimeInterval: 0.2)
      now = modificationTimes()
      let changed = Set(files.filter { now[$0] != seen[$0] })
      seen = now
      return changed
    }
  }
}
