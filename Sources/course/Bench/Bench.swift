import ArgumentParser

/// `course bench …`: performance measurements of the course's code.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the performance of the course's code.",
    subcommands: [CoreBench.self]
  )
}

/// `course bench core`: the autograd core against its targets.
struct CoreBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "core",
    abstract: "Time matrix products, per-operation overhead and a W1 training step.",
    discussion: """
      Targets on the course machine (2 cores, release build): matmul through the core at least \
      0.9x raw sgemm at 1024^3, op_overhead_us at most 2, w1_step_us at most 150.
      """
  )

  @Flag(help: "Print the results as one JSON object on the last line.")
  var json = false

  @Option(help: "Timed training steps for w1_step_us (at least 500 for a stable median).")
  var steps = 1000

  mutating func validate() throws {
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
  }

  mutating func run() throws {
    #if DEBUG
    print("warning: this is a debug build; time only release builds: swift run -c release course bench core")
    #endif
    let results = CoreBenchmark(trainingSteps: steps).run()
    print(results.table)
    if json { print(results.json) }
  }
}
