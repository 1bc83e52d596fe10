import AllExerciseChecks
import ExerciseChecks
import ExerciseMistakes
import Foundation
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

  /// English words a Chinese failure must not hold: the frame's and the reasons' common words
  /// (code such as `isPositive: true` or `softmax` is not among them).
  static let englishWords =
    #"\b(returned|expected|instead|entries|result|the|and|is|are|of|to|with|by|each|every|not|only|must|from|over|against|when|so|its|per|one|two|first|largest)\b(?!:)"#

  @Test("In Chinese each failure says the same in Chinese: frame and reason, with the call's code and the numbers as they were",
    arguments: allExercises.map(\.id))
  func failuresInChinese(id: String) throws {
    let exercise = try #require(allExercises.first { $0.id == id })
    #expect(exercise.run(.reference, language: .chinese) == [])
    for mistake in allMistakes where mistake.exercise == id {
      let english = exercise.run(substituting: mistake.implementation)
      let chinese = exercise.run(substituting: mistake.implementation, language: .chinese)
      #expect(chinese.count == english.count, "\(mistake.name): \(chinese)")
      for (englishFailure, chineseFailure) in zip(english, chinese) {
        #expect(chineseFailure.contains(exercise.function), "\(mistake.name): \(chineseFailure)")
        #expect(chineseFailure.contains(/返回了|：结果|应为/), "\(mistake.name): \(chineseFailure)")
        let words = chineseFailure.matches(of: try Regex(Self.englishWords)).map { String(chineseFailure[$0.range]) }
        #expect(words.isEmpty, "\(mistake.name): English \(words) in \(chineseFailure) (English: \(englishFailure))")
        // The numbers are those of the English message.
        let numbers = { (text: String) in text.matches(of: /-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?/).map { String(text[$0.range]) } }
        #expect(Set(numbers(englishFailure)).isSubset(of: Set(numbers(chineseFailure))) || englishFailure.contains("("),
          "\(mistake.name): \(chineseFailure) against \(englishFailure)")
      }
    }
  }

  @Test("Every Chinese wording of the checks translates an English text a check writes (none left behind by an edit)")
  func checkWordingsAreUsed() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Sources/ExerciseChecks")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("Checks.swift") }
    let sources = try files.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined()
    #expect(files.count == 9)
    for english in CheckWordings.chinese.keys {
      #expect(sources.contains("\"\(english)\""), "CheckWordings translates \(english), which no check writes")
    }
  }
}
