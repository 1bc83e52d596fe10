import AllExerciseChecks
import Foundation
import Testing

/// The folder of the executables that `swift test` built next to this test bundle.
let binaryDirectory: URL = {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  // On Linux the test binary sits in the build folder; elsewhere it may be inside a bundle.
  while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("course").path),
    directory.path != "/"
  {
    directory = directory.deletingLastPathComponent()
  }
  return directory
}()

/// Runs `entry`'s check in a child process, as `course check` does, with its
/// time limit (20 s, or `COURSE_CHECK_TIMEOUT`): a learner's endless loop ends the test, not `swift test`.
func check(
  _ entry: ExerciseEntry, _ implementation: Implementation, timeLimit: Double = ExerciseProcess.timeLimitFromEnvironment,
  language: Language = .english
) throws -> ExerciseOutcome {
  try ExerciseProcess.check(
    entry, implementation: implementation, runner: binaryDirectory.appendingPathComponent(entry.runnerProduct),
    timeLimit: timeLimit, language: language)
}

/// Whether `Exercises/` is as shipped: git knows it and sees no change in it.
private let exercisesAreAsShipped: Bool = {
  guard let root = ExerciseSource.packageRoot() else { return false }
  let git = Process()
  git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  git.arguments = ["git", "-C", root.path, "diff", "--quiet", "HEAD", "--", "Exercises"]
  git.standardOutput = FileHandle.nullDevice
  git.standardError = FileHandle.nullDevice
  guard (try? git.run()) != nil else { return false }
  git.waitUntilExit()
  return git.terminationStatus == 0
}()

/// Runs `executable` with `arguments` in `directory` and returns its exit status and standard output.
/// It runs without this machine's locale variables, so that `course` speaks English whatever the machine's language.
func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES", "LANG"].contains($0.key) }
  if let directory { process.currentDirectoryURL = directory }
  let output = Pipe()
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  try process.run()
  let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, text)
}

@Suite("Exercises")
struct ExerciseTests {
  @Test("Every reference solution passes its check", arguments: ExerciseCatalog.all.map(\.id))
  func referencePasses(id: String) throws {
    let entry = try #require(ExerciseCatalog.entry(named: id))
    let outcome = try check(entry, .reference)
    #expect(outcome.status == .passed, "\(id): \(outcome.status.rawValue) \(outcome.failures) \(outcome.crashMessage ?? "")")
  }

  @Test("The learner's solutions are not attempted or pass", arguments: ExerciseCatalog.all.map(\.id))
  func learnerDoesNotFail(id: String) throws {
    let entry = try #require(ExerciseCatalog.entry(named: id))
    let outcome = try check(entry, .learner)
    #expect(
      [.notAttempted, .waiting, .passed].contains(outcome.status),
      "\(id): \(outcome.status.rawValue): \(outcome.failures.joined(separator: "; ")) \(outcome.crashMessage ?? "") \(outcome.crashLocation ?? "")")
  }

  @Test(
    "Every shipped stub reports “not attempted”", .enabled(if: exercisesAreAsShipped, "Exercises/ has changes"),
    arguments: ExerciseCatalog.all.map(\.id))
  func shippedStubIsNotAttempted(id: String) throws {
    let entry = try #require(ExerciseCatalog.entry(named: id))
    #expect(try check(entry, .learner).status == .notAttempted)
  }

  @Test("Each chapter's runner checks exactly the catalog's exercises of that chapter")
  func runnersMatchTheCatalog() throws {
    for product in Set(ExerciseCatalog.all.map(\.runnerProduct)) {
      let listed = try run(binaryDirectory.appendingPathComponent(product), ["--list"]).output.split(separator: "\n").map(String.init)
      #expect(listed == ExerciseCatalog.all.filter { $0.runnerProduct == product }.map(\.id), "\(product)")
    }
  }

  @Test("Every exercise has its stub, 2 to 4 graded hints, and uses only earlier exercises of its file")
  func catalogIsComplete() throws {
    let root = try #require(ExerciseSource.packageRoot())
    #expect(ExerciseCatalog.all.count == 47)
    for entry in ExerciseCatalog.all {
      let source = try #require(ExerciseSource(of: entry, packageRoot: root), "\(entry.id) has no stub in \(entry.path)")
      #expect((2...4).contains(entry.hints.count), "\(entry.id) has \(entry.hints.count) hints")
      #expect(Set(entry.hints).count == entry.hints.count, "\(entry.id) repeats a hint")
      // The first hint is a new nudge, not the doc comment's hint the learner already sees.
      #expect(entry.hints.first != source.hint, "\(entry.id)'s first hint is its doc comment's")
      for used in entry.uses {
        let earlier = ExerciseCatalog.all.first { $0.chapter == entry.chapter && $0.function == used }
        #expect((earlier?.number ?? .max) < entry.number, "\(entry.id) uses \(used), which is not an earlier exercise")
      }
    }
  }
}

@Suite("Exercise checks in-process")
struct InProcessCheckTests {
  @Test("allExercises holds every chapter's checks in the catalog's order")
  func allExercisesFollowTheCatalog() {
    #expect(allExercises.map(\.id) == ExerciseCatalog.all.map(\.id))
  }
}
