import ExerciseChecks
import Foundation
import Testing

/// The `course` executable that `swift test` built next to this test bundle.
private let courseExecutable: URL = {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  // On Linux the test binary sits in the build folder; elsewhere it may be inside a bundle.
  while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("course").path),
    directory.path != "/"
  {
    directory = directory.deletingLastPathComponent()
  }
  return directory.appendingPathComponent("course")
}()

private func check(_ exercise: Exercise, _ implementation: Implementation) throws -> ExerciseOutcome {
  try ExerciseProcess.check(
    exercise, implementation: implementation, executable: courseExecutable, arguments: ["check-one"])
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

@Suite("Exercises")
struct ExerciseTests {
  @Test("Every reference solution passes its check", arguments: allExercises.map(\.id))
  func referencePasses(id: String) throws {
    let exercise = try #require(allExercises.first { $0.id == id })
    let outcome = try check(exercise, .reference)
    #expect(outcome.status == .passed, "\(id): \(outcome.status.rawValue) \(outcome.failures) \(outcome.crashMessage ?? "")")
  }

  @Test("The learner's solutions are not attempted or pass", arguments: allExercises.map(\.id))
  func learnerDoesNotFail(id: String) throws {
    let exercise = try #require(allExercises.first { $0.id == id })
    let outcome = try check(exercise, .learner)
    #expect(
      [.notAttempted, .passed].contains(outcome.status),
      "\(id): \(outcome.status.rawValue): \(outcome.failures.joined(separator: "; ")) \(outcome.crashMessage ?? "") \(outcome.crashLocation ?? "")")
  }

  @Test(
    "Every shipped stub reports “not attempted”", .enabled(if: exercisesAreAsShipped, "Exercises/ has changes"),
    arguments: allExercises.map(\.id))
  func shippedStubIsNotAttempted(id: String) throws {
    let exercise = try #require(allExercises.first { $0.id == id })
    #expect(try check(exercise, .learner).status == .notAttempted)
  }

  @Test func crashesAreLocatedInTheLearnersFile() {
    let errors = """
      💣 Program crashed: Illegal instruction at 0x0000
      Fatal error: Index out of range
      3 [0x55] sigmoid(_:) + 20 in course at /work/main/Exercises/Neurons.swift:21:10
      """
    let outcome = ExerciseOutcome.classify(exitedNormally: false, status: 4, output: "", errors: errors)
    #expect(outcome.status == .crashed)
    #expect(outcome.crashLocation == "Exercises/Neurons.swift:21")
    #expect(outcome.crashMessage == "Fatal error: Index out of range")
  }
}
