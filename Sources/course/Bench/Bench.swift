import Autograd
import ArgumentParser

/// `course bench …`: performance measurements of the course's code.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the performance of the course's code.",
    subcommands: [CoreBench.self, ConvolutionBench.self]
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

  @Flag(help: "Also time the W1 step with products on one core, on OpenBLAS's threads, and split in halves.")
  var compareThreading = false

  mutating func validate() throws {
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
  }

  mutating func run() throws {
    #if DEBUG
    print("warning: this is a debug build; time only release builds: swift run -c release course bench core")
    #endif
    let results = CoreBenchmark(trainingSteps: steps, compareThreading: compareThreading).run()
    print(results.table)
    if json { print(results.json) }
  }
}

/// `course bench cnn`: a W2 step and each of its layers.
struct ConvolutionBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cnn",
    abstract: "Time a W2 training step (chapter 4's network, batch 32) and each layer's forward and backward.",
    discussion: """
      One W2 epoch is 1875 such steps; issue #5 asks for an epoch in at most half PyTorch's time \
      (torch_peers.py --workload cnn), measured side by side.
      """
  )

  @Flag(help: "Print the results as one JSON object on the last line.")
  var json = false

  @Option(help: "Timed training steps (each layer is timed a quarter as many times).")
  var steps = 200

  @Flag(help: "Time with the thread's CPU clock and one BLAS thread: steadier while other jobs run.")
  var threadCPUTime = false

  @Flag(help: "Also time the step with products on one core, on OpenBLAS's threads, and split in halves.")
  var compareThreading = false

  mutating func validate() throws {
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
  }

  mutating func run() throws {
    #if DEBUG
    print("warning: this is a debug build; time only release builds: swift run -c release course bench cnn")
    #endif
    if threadCPUTime { ExecutionPolicy.setThreadCount(1) }
    let results = ConvolutionBenchmark(trainingSteps: steps, threadCPUTime: threadCPUTime, compareThreading: compareThreading).run()
    print(results.table)
    if json { print(results.json) }
  }
}
