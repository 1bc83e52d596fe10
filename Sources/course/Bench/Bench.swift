import Autograd
import ArgumentParser
import Workloads

/// `course bench …`: performance measurements of the course's code.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: help("Measure the performance of the course's code.", "测量课程代码的性能。"),
    subcommands: [CoreBench.self, ConvolutionBench.self, WorkloadsBench.self]
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

/// `course bench workloads`: W1–W4 against the machine's matrix-product peak.
struct WorkloadsBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "workloads",
    abstract: "Time a training step of each workload W1–W4 and compare its GFLOP/s with the machine's matrix-product peak.",
    discussion: """
      The peak is the fastest of large square products through cblas_sgemm on every core and, in \
      builds whose default product kernel uses it (x86-64-v4), through the core's tiled kernel in \
      halves on two threads, whichever was faster. A \
      workload's rate counts the multiply-adds of its products (matrix products and convolutions, \
      forward and backward, two flops each; see Sources/Workloads/ProductCount.swift) over the \
      median step time. W3 and W4 use the fortunes text's 114 distinct bytes as their vocabulary.
      """
  )

  @Flag(help: "Print the results as one JSON object on the last line.")
  var json = false

  @Option(help: "Timed training steps per workload and way of running a step.")
  var steps = 40

  @Option(help: "The side of the square sgemm products that measure the peak.")
  var peakSize = 2048

  @Option(help: "Only these workloads, comma-separated (w1,w2,w3,w4).")
  var only: String?

  mutating func validate() throws {
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
    guard peakSize >= 16 else { throw ValidationError("--peak-size must be at least 16, got \(peakSize)") }
    let known = Workload.all().map(\.name)
    for name in selectedNames where !known.contains(name) {
      throw ValidationError("--only: no workload '\(name)'; choose from \(known.joined(separator: ", "))")
    }
  }

  private var selectedNames: [String] {
    only?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? Workload.all().map(\.name)
  }

  mutating func run() throws {
    #if DEBUG
    print("warning: this is a debug build; time only release builds: swift run -c release course bench workloads")
    #endif
    let names = selectedNames
    let workloads = Workload.all().filter { names.contains($0.name) }
    let results = WorkloadBenchmark(workloads: workloads, steps: steps, peakSize: peakSize).run()
    print(results.table)
    if json { print(results.json) }
  }
}
