import CourseKit
import Autograd
import Datasets
import Foundation
import Workloads

/// The measurements behind `course bench core`. Each figure is a median of
/// repeated timings taken in this one run, so ratios between them are fair
/// even on a noisy machine.
struct CoreBenchmark {
  let trainingSteps: Int
  /// Also time the W1 step under each ``ExecutionPolicy/Threading``, in alternating rounds.
  var compareThreading = false

  func run() -> BenchmarkResults {
    var results = BenchmarkResults()
    let (core, raw) = matrixProductSpeeds(size: 1024)
    results.append("matmul_1024_gflops", core, "GFLOP/s, 1024^3 product through Tensor.matmul")
    results.append("sgemm_1024_gflops", raw, "GFLOP/s, the same product calling cblas_sgemm directly on every core")
    results.append("matmul_vs_sgemm", core / raw, "ratio (target >= 0.9)")
    results.append("op_overhead_us", operationOverhead(), "µs per small recorded add (target <= 2)")
    let step = trainingStepTime()
    results.append("w1_forward_us", step.forward, "µs, of which the forward pass and loss (median)")
    results.append("w1_backward_us", step.backward, "µs, of which backward() (median)")
    results.append("w1_optimizer_us", step.optimizer, "µs, of which the Adam step (median)")
    results.append("w1_step_us", step.total, "µs per W1 step, batch 32, median (target <= 150)")
    if compareThreading {
      let random = RandomGenerator(seed: 3)
      let step = BenchmarkTrainingStep(workload: .w1, batchCount: 8, random: random)
      for strategy in stepTimesByThreading(rounds: 5, stepsPerRound: max(trainingSteps / 5, 3), step) {
        results.append("w1_step_us_\(strategy.name)", strategy.microseconds, "µs per W1 step, \(strategy.description)")
      }
    }
    if let epoch = trainingEpochTime() {
      results.append("w1_epoch_seconds", epoch, "s for one W1 epoch on Fashion-MNIST (1875 steps, shuffled, batches gathered)")
    }
    return results
  }

  /// The median of `samples` timings of `body`, in seconds.
  private func median(samples: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<samples {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return CourseKit.median(of: times)
  }

  /// GFLOP/s of a size³ product through the core and through sgemm,
  /// interleaved so both see the same machine.
  private func matrixProductSpeeds(size: Int) -> (core: Double, raw: Double) {
    let random = RandomGenerator(seed: 1)
    let left = Tensor.uniform(shape: [size, size], using: random)
    let right = Tensor.uniform(shape: [size, size], using: random)
    var raw = MatrixProductPeak(size: size)
    var sink: Float = 0
    let coreProduct = { sink += left.matmul(right).scalars[0] }
    _ = raw.timeOneProduct()
    coreProduct()
    var coreTimes: [Double] = []
    var rawTimes: [Double] = []
    // Blocks of five, not alternating one by one: after each threaded call,
    // OpenBLAS's worker keeps spinning on the second core for a while and
    // would slow down the core's helper thread in the next product.
    for _ in 0..<3 {
      for _ in 0..<5 { rawTimes.append(raw.timeOneProduct()) }
      Thread.sleep(forTimeInterval: 0.3)
      for _ in 0..<5 { coreTimes.append(median(samples: 1, coreProduct)) }
    }
    let gigaflops = { (times: [Double]) in raw.flops / CourseKit.median(of: times) / 1e9 }
    precondition(sink.isFinite)
    return (gigaflops(coreTimes), gigaflops(rawTimes))
  }

  /// Microseconds per `a + b` on 4-element tensors, one of which requires a
  /// gradient: the fixed cost of an operation and of recording it.
  private func operationOverhead() -> Double {
    let a = Tensor(shape: [4], scalars: [1, 2, 3, 4]).requiringGradient()
    let b = Tensor(shape: [4], scalars: [4, 3, 2, 1])
    let repetitions = 10_000
    var sink: Float = 0
    let seconds = median(samples: 21) {
      for _ in 0..<repetitions { sink += (a + b).scalars[0] }
    }
    precondition(sink.isFinite)
    return seconds / Double(repetitions) * 1e6
  }

  /// Microseconds per W1 training step (784-64-64-10 MLP, batch 32: forward,
  /// cross-entropy, backward, Adam), medians over `trainingSteps` steps after
  /// 100 steps of warm-up.
  private func trainingStepTime() -> (total: Double, forward: Double, backward: Double, optimizer: Double) {
    let random = RandomGenerator(seed: 1)
    return BenchmarkTrainingStep(workload: .w1, batchCount: 8, random: random)
      .phaseMedians(warmUp: 100, steps: trainingSteps)
  }

  /// Seconds for one whole W1 epoch on the real training images, as chapter 3
  /// trains it: a seeded shuffle, each batch gathered into one tensor, then the
  /// step. `nil` when Fashion-MNIST is not installed.
  private func trainingEpochTime() -> Double? {
    guard let train = try? FashionMNIST.load(.train) else { return nil }
    let random = RandomGenerator(seed: 1)
    let model = makeArticleNetwork(random: random)
    let optimizer = Workload.w1.makeOptimizer(for: model)
    func epoch(_ number: Int) -> Double {
      let start = DispatchTime.now().uptimeNanoseconds
      for indices in EpochBatches(count: train.count, batchSize: Workload.w1.batchSize, seed: 1, epoch: number) {
        let batch = train.batch(at: indices)
        optimizer.clearGradients()
        let images = Tensor(shape: [batch.count, 28, 28], scalars: batch.images)
        model(images).crossEntropy(targets: batch.labels).backward()
        optimizer.step()
      }
      return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
    return CourseKit.median(of: [epoch(1), epoch(2), epoch(3)])
  }
}

/// Named figures of one benchmark run, printed as a table or as JSON.
struct BenchmarkResults {
  private(set) var figures: [(key: String, value: Double, meaning: String)] = []

  mutating func append(_ key: String, _ value: Double, _ meaning: String) {
    figures.append((key, value, meaning))
  }

  var table: String {
    figures.map {
      "\($0.key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: abs($0.value) < 1 ? "%10.3f" : "%10.2f", $0.value))  \($0.meaning)"
    }
    .joined(separator: "\n")
  }

  var json: String {
    "{" + figures.map { "\"\($0.key)\": \(String(format: "%.3f", $0.value))" }.joined(separator: ", ") + "}"
  }
}
