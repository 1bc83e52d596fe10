import ExerciseCatalog
import Foundation
import Testing

/// How `course` reports outcomes, builds runners and remembers progress and hints.
@Suite("Exercise reporting")
struct ExerciseReportingTests {
  private let sigmoid = ExerciseCatalog.entry(named: "neurons.sigmoid")!

  @Test func crashesAreLocatedInTheLearnersFile() {
    let errors = """
      Fatal error: Index out of range
      *** Program crashed: Illegal instruction at 0x0000 ***
        0      0x00007f _assertionFailure(_:_:file:line:flags:) + 225 in libswiftCore.so
        1 [ra] 0x000055 sigmoid(_:) + 20 in NeuronsCheckRunner at /work/main/Exercises/Neurons.swift:21:10
      """
    let outcome = ExerciseOutcome.classify(sigmoid, exitedNormally: false, status: 4, output: "", errors: errors)
    #expect(outcome.status == .crashed)
    #expect(outcome.crashLocation == "Exercises/Neurons.swift:21")
    #expect(outcome.crashFunction == "sigmoid(_:)")
    #expect(outcome.crashMessage == "Fatal error: Index out of range")
  }

  @Test("Assertions keep their own words; a crash without a message names its signal")
  func runtimeMessagesAreKept() {
    let assertion = ExerciseOutcome.classify(
      sigmoid, exitedNormally: false, status: 4, output: "",
      errors: "NeuronsExercises/Neurons.swift:20: Assertion failed: z is finite\n")
    #expect(assertion.crashMessage == "Assertion failed: z is finite")
    #expect(assertion.crashLocation == "Exercises/Neurons.swift:20")
    let segfault = ExerciseOutcome.classify(
      sigmoid, exitedNormally: false, status: 11, output: "",
      errors: "*** Program crashed: Bad pointer dereference at 0x0000000000000008 ***\n")
    #expect(segfault.crashMessage == "Bad pointer dereference")
  }

  @Test("A failure shows the first expectation, then at most two more and how many are left")
  func failuresAreFew() {
    var outcome = ExerciseOutcome(status: .failed)
    outcome.failures = (1...18).map { "expectation \($0)" }
    let report = ProgressReport(results: [(sigmoid, outcome)], packageRoot: nil)
    let table = report.table
    #expect(table.contains("✗ failed: expectation 1\n"))
    #expect(table.contains("also: expectation 3\n"))
    #expect(!table.contains("expectation 4\n"))
    #expect(table.contains("and 15 more failed expectations"))
  }

  @Test("The compiler's first error is reported as path:line: message, the learner's file first")
  func compilerErrorsAreParsed() {
    let root = URL(fileURLWithPath: "/work/course")
    let output = """
      [3/9] Compiling AttentionChecks AttentionChecks.swift
      /work/course/Sources/ExerciseChecks/AttentionChecks.swift:20:5: error: cannot find 'x' in scope
      /work/course/Exercises/Attention.swift:26:14: error: expected expression after operator
      /work/course/Exercises/Attention.swift:30:1: error: another one
      """
    #expect(
      RunnerBuild.firstError(in: output, preferring: "Exercises/Attention.swift", root: root)
        == "Exercises/Attention.swift:26: expected expression after operator")
    #expect(
      RunnerBuild.firstError(in: output, preferring: "Exercises/Neurons.swift", root: root)
        == "Sources/ExerciseChecks/AttentionChecks.swift:20: cannot find 'x' in scope")
  }

  @Test("A product that does not compile fails alone; the other still builds and runs")
  func compileErrorStopsOnlyItsProduct() throws {
    let package = FileManager.default.temporaryDirectory.appendingPathComponent("exercise-build-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: package) }
    for name in ["Fine", "Broken"] {
      try FileManager.default.createDirectory(at: package.appendingPathComponent("Sources/\(name)"), withIntermediateDirectories: true)
    }
    try """
      // swift-tools-version:6.0
      import PackageDescription
      let package = Package(name: "Two", targets: [.executableTarget(name: "Fine"), .executableTarget(name: "Broken")])
      """.write(to: package.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    try "print(\"fine\")\n".write(to: package.appendingPathComponent("Sources/Fine/main.swift"), atomically: true, encoding: .utf8)
    try "let x = 1 *\nprint(x)\n".write(
      to: package.appendingPathComponent("Sources/Broken/main.swift"), atomically: true, encoding: .utf8)
    let build = RunnerBuild(packageRoot: package)
    guard case .failed(let error) = build.build("Broken", learnerFile: "Sources/Broken/main.swift") else {
      Issue.record("the broken product built")
      return
    }
    #expect(error.hasPrefix("Sources/Broken/main.swift:1: "), "\(error)")
    guard case .built(let fine) = build.build("Fine", learnerFile: "Sources/Fine/main.swift") else {
      Issue.record("the fine product did not build")
      return
    }
    #expect(try run(fine, []).output == "fine\n")
  }

  @Test("`course` links no learner code, so a learner's compile error cannot stop it building")
  func courseLinksNoLearnerCode() throws {
    // A Swift symbol names its module length-prefixed, as in `16NeuronsExercises`.
    let binary = try Data(contentsOf: binaryDirectory.appendingPathComponent("course"))
    let runner = try Data(contentsOf: binaryDirectory.appendingPathComponent("NeuronsCheckRunner"))
    for module in ["NeuronsExercises", "AttentionExercises", "NeuronsChecks", "ExerciseSolutions"] {
      let mangled = Data("\(module.count)\(module)".utf8)
      #expect(binary.range(of: mangled) == nil, "course links \(module)")
      if module.hasPrefix("Neurons") { #expect(runner.range(of: mangled) != nil, "the test cannot see \(module) where it is linked") }
    }
  }

  @Test("`course hint` shows the next unseen hint and remembers it; `course list` shows what passed")
  func hintsAndProgressAreRemembered() throws {
    let course = binaryDirectory.appendingPathComponent("course")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("course-state-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
    try "".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    let hints = sigmoid.hints
    for (call, expected) in [hints[0], hints[1], hints[2], hints[2]].enumerated() {
      let output = try run(course, ["hint", "neurons.sigmoid"], in: root).output
      #expect(output.contains("Hint \(min(call, hints.count - 1) + 1) of \(hints.count): " + expected), "\(output)")
    }
    var progress = ExerciseProgress()
    progress.record("neurons.sigmoid", passed: true)
    progress.record("neurons.sigmoidDerivative", passed: true)
    try progress.save(to: root)
    // With no exercise named, the hint is for the first one not passed yet.
    let next = try run(course, ["hint"], in: root).output
    #expect(next.contains("exercise 3 (neuronOutput)"))
    #expect(next.contains("It builds on exercise 1 (sigmoid)"))
    let listed = try run(course, ["list"], in: root).output
    #expect(listed.split(separator: "\n").contains { $0.contains("neurons") && $0.contains("2/5 ✓") }, "\(listed)")
    #expect(listed.contains("Exercises passed at their last check: 2/47; next: neurons exercise 3 (neuronOutput)"))
  }
}
