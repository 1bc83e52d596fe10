import Autograd
import Foundation
import Workloads

/// A workload's training step on random batches (forward and cross-entropy,
/// backward, gradient clipping where the recipe clips, the optimizer), shared
/// by `course bench core` (W1), `course bench cnn` (W2), `course bench
/// workloads` and the engine chapter (all four). The data are random: timing does not depend on them.
public final class BenchmarkTrainingStep {
  private typealias Batch = (inputs: Tensor, targets: [Int])
  private let model: any Layer
  private let optimizer: Adam
  private let clipNorm: Float?
  private let batches: [Batch]
  /// The same batches cut in two halves, as the chapters' prefetcher hands them to `backwardInHalves`.
  private let halves: [(Batch, Batch)]
  private var stepCount = 0

  public init(workload: Workload, batchCount: Int, random: RandomGenerator) {
    model = workload.makeModel(random: random)
    optimizer = workload.makeOptimizer(for: model)
    clipNorm = workload.clipNorm
    let shape = workload.batchShape
    let (classes, targetsPerExample): (Int, Int) =
      switch workload.input {
      case .pixels(_, let classCount): (classCount, 1)
      case .tokens(let length, let vocabularySize): (vocabularySize, length)
      }
    batches = (0..<batchCount).map { _ in
      let inputs: Tensor =
        switch workload.input {
        case .pixels: .uniform(shape: shape, using: random)
        case .tokens(_, let vocabularySize):
          Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(random.next() % UInt64(vocabularySize)) })
        }
      return (inputs, (0..<workload.targetsPerBatch).map { _ in Int(random.next() % UInt64(classes)) })
    }
    let middle = shape[0] / 2
    halves = batches.map { batch in
      let (first, second) = (0..<middle, middle..<shape[0])
      let cut = middle * targetsPerExample
      return (
        (batch.inputs.sliced(alongAxis: 0, first), Array(batch.targets[..<cut])),
        (batch.inputs.sliced(alongAxis: 0, second), Array(batch.targets[cut...]))
      )
    }
  }

  private func update() {
    if let clipNorm { clipGradientNorm(model.parameters, maxNorm: clipNorm) }
    optimizer.step()
  }

  /// One step with the batch's two halves differentiated at once (`backwardInHalves`).
  public func runInHalves() {
    let (first, second) = halves[stepCount % halves.count]
    stepCount += 1
    optimizer.clearGradients()
    let share = Float(first.targets.count) / Float(first.targets.count + second.targets.count)
    _ = backwardInHalves(first, second, weights: (share, 1 - share)) { half in
      model(half.inputs).crossEntropy(targets: half.targets)
    }
    update()
  }

  /// One step; `phaseDone` is called after the forward pass, after backward() and after the update.
  public func run(phaseDone: () -> Void = {}) {
    let batch = batches[stepCount % batches.count]
    stepCount += 1
    optimizer.clearGradients()
    let loss = model(batch.inputs).crossEntropy(targets: batch.targets)
    phaseDone()
    loss.backward()
    phaseDone()
    update()
    phaseDone()
  }

  /// Median microseconds of the whole step and of each phase over `steps`
  /// steps after `warmUp`, read from `clock` (nanoseconds).
  public func phaseMedians(
    warmUp: Int, steps: Int, clock: () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
  ) -> (total: Double, forward: Double, backward: Double, optimizer: Double) {
    for _ in 0..<warmUp { run() }
    var phases: [[Double]] = [[], [], [], []]  // forward, backward, optimizer, total
    for _ in 0..<steps {
      let start = clock()
      var previous = start
      var phase = 0
      run {
        let now = clock()
        phases[phase].append(Double(now - previous) / 1e3)
        (previous, phase) = (now, phase + 1)
      }
      phases[3].append(Double(previous - start) / 1e3)
    }
    let medians = phases.map { median(of: $0) }
    return (medians[3], medians[0], medians[1], medians[2])
  }
}

/// Median microseconds of a training step under each way of using the
/// cores, measured in alternating rounds so that every strategy sees the
/// same machine: the whole batch with products on one core (`single`), on
/// OpenBLAS's threads (`openBLAS`), split in halves (`halves`), and the
/// batch's two halves differentiated at once (`batch_halves`, what the
/// chapters do). Each round runs `warmUpSteps` of a strategy untimed first.
/// The strategy in force before is restored. `roundMedians` holds each
/// round's median, paired across strategies by round, for comparisons that
/// take the rounds' spread into account.
public func stepTimesByThreading(
  rounds: Int, stepsPerRound: Int, warmUpSteps: Int = 3, _ step: BenchmarkTrainingStep
) -> [(name: String, description: String, microseconds: Double, roundMedians: [Double])] {
  let saved = ExecutionPolicy.threading
  defer { ExecutionPolicy.threading = saved }
  let strategies: [(name: String, description: String, threading: ExecutionPolicy.Threading, step: () -> Void)] =
    ExecutionPolicy.Threading.allCases.map { threading in
      ("\(threading)", "the whole batch, products threaded as .\(threading)", threading, { step.run() })
    } + [("batch_halves", "the batch's two halves at once on two cores", .halves, { step.runInHalves() })]
  var samples: [String: [Double]] = [:]
  var roundMedians: [String: [Double]] = [:]
  for _ in 0..<rounds {
    for strategy in strategies {
      ExecutionPolicy.threading = strategy.threading
      for _ in 0..<warmUpSteps { strategy.step() }  // the helper thread wakes, OpenBLAS resizes its pool
      var round: [Double] = []
      for _ in 0..<stepsPerRound {
        let start = DispatchTime.now().uptimeNanoseconds
        strategy.step()
        round.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
      }
      samples[strategy.name, default: []] += round
      roundMedians[strategy.name, default: []].append(median(of: round))
    }
  }
  return strategies.map { strategy in
    let times = samples[strategy.name]!.sorted()
    return (strategy.name, strategy.description, times[times.count / 2], roundMedians[strategy.name]!)
  }
}
