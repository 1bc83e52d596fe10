import AllExerciseChecks
import ExerciseMistakes
import Testing

/// Mutation testing of the exercise checks: each check must reject every
/// known wrong implementation of its exercise (`Sources/ExerciseMistakes`),
/// with the reference solutions standing in for everything else.
@Suite("Exercise mistakes")
struct MistakeTests {
  @Test("Every exercise has at least three known mistakes", arguments: allExercises.map(\.id))
  func everyExerciseHasMistakes(id: String) {
    let count = allMistakes.filter { $0.exercise == id }.count
    #expect(count >= 3, "\(id) has \(count) known mistakes in Sources/ExerciseMistakes; write at least 3")
  }

  @Test("Every mistake belongs to an exercise")
  func mistakesNameExercises() {
    let ids = Set(allExercises.map(\.id))
    for mistake in allMistakes {
      #expect(ids.contains(mistake.exercise), "\(mistake.name) names \(mistake.exercise), which is no exercise")
    }
  }

  @Test("Every check rejects every known mistake of its exercise", arguments: allExercises.map(\.id))
  func checkRejectsMistakes(id: String) throws {
    let exercise = try #require(allExercises.first { $0.id == id })
    #expect(exercise.run(.reference) == [], "the reference solution of \(id) fails its check")
    for mistake in allMistakes where mistake.exercise == id {
      let failures = exercise.run(substituting: mistake.implementation)
      #expect(!failures.isEmpty, "the check of \(id) accepts \(mistake.name)")
      #expect(failures.count <= ExpectationLog.failureLimit,
        "the check of \(id) reports \(failures.count) failures for \(mistake.name)")
    }
  }

  @Test("Every failure names the function and expects a finite value", arguments: allExercises.map(\.id))
  func failuresAreReadable(id: String) throws {
    let exercise = try #require(allExercises.first { $0.id == id })
    for mistake in allMistakes where mistake.exercise == id {
      for failure in exercise.run(substituting: mistake.implementation) {
        #expect(failure.contains(exercise.function), "\(mistake.name): \(failure)")
        // What the message says was expected, up to the parenthesis that explains it.
        for match in failure.matches(of: /(?:expected|instead of) ([^(]*)/) {
          #expect(!match.1.contains("nan") && !match.1.contains("inf"), "\(mistake.name): \(failure)")
        }
      }
    }
  }
}
