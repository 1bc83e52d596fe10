// The check runner of the tests' fixture chapter (Tests/ExerciseFixtures): each
// check calls one misbehaving function, whichever implementation is asked for.
import ExerciseChecks
import ExerciseFixtures

/// The fixture chapter's exercises, as the catalog would list them.
let fixtureEntries: [ExerciseEntry] = ["stillAStub", "buildsOnTheStub", "loopsForever", "failsAPrecondition", "overflows", "printsWhileDebugging"]
  .enumerated().map { index, function in
    ExerciseEntry(
      chapter: "fixtures", number: index + 1, function: function, file: "Misbehaving.swift",
      directory: "Tests/ExerciseFixtures", sourceModule: "ExerciseFixtures", runnerProduct: "ExerciseFixtureCheckRunner",
      hints: [], uses: function == "buildsOnTheStub" ? ["stillAStub"] : [])
  }

let checks: [String: @Sendable (inout ExpectationLog) -> Void] = [
  "stillAStub": { log in log.expect(stillAStub() == 1, "stillAStub() returned something else") },
  "buildsOnTheStub": { log in log.expect(buildsOnTheStub() == 2, "buildsOnTheStub() returned something else") },
  "loopsForever": { log in log.expect(loopsForever() == 0, "loopsForever() returned") },
  "failsAPrecondition": { log in log.expect(failsAPrecondition(3) == 3, "failsAPrecondition(3) returned something else") },
  "overflows": { log in log.expect(overflows(2) == 0, "overflows(2) returned something else") },
  // As the chapters' checks word it, in the language the runner is given.
  "printsWhileDebugging": { log in log.expect("printsWhileDebugging()", returned: printsWhileDebugging(), expected: 42) },
]

ExerciseRunner.main(fixtureEntries.map { entry in
  Exercise(entry: entry) { _, log in checks[entry.function]!(&log) }
})
