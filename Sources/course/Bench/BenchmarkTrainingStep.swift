import Autograd
import Foundation

/// A benchmark network's training step on random batches (forward and
/// cross-entropy, backward, Adam), shared by `course bench core` (W1) and
/// `course bench cnn` (W2). The data are random: timing does not depend on them.
final class BenchmarkTrainingStep {
  private let model: Sequential
  private let optimizer: Adam
  private let batches: [(inputs: Tensor, labels: [Int])]
  /// The same batches cut in two halves, as the chapters' prefetcher hands them to `backwardInHalves`.
  private let halves: [((inputs: Tensor, labels: [Int]), (inputs: Tensor, labels: [Int]))]
  private var stepCount = 0

  /// - Parameter inputShape: One batch's input shape, batch size first.
  init(model: Sequential, inputShape: [Int], batchCount: Int, random: RandomGenerator) {
    self.model = model
    optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
    batches = (0..<batchCount).map { _ in
      (Tensor.uniform(shape: inputShape, using: random), (0..<inputShape[0]).map { _ in Int(random.next() % 10) })
    }
    let middle = inputShape[0] / 2
    halves = batches.map { batch in
      let (first, second) = (0..<middle, middle..<inputShape[0])
      return (
        (batch.inputs.sliced(alongAxis: 0, first), Array(batch.labels[first])),
        (batch.inputs.sliced(alongAxis: 0, second), Array(batch.labels[second]))
      )
    }
  }

  /// One step with the batch's two halves differentiated at once (`backwardInHalves`).
  func runInHalves() {
    let (first, second) = halves[stepCount % halves.count]
    stepCount += 1
    optimizer.clearGradients()
    let share = Float(first.labels.count) / Float(first.labels.count + second.labels.count)
    _ = backwardInHalves(first, second, weights: (share, 1 - share)) { half in
      model(half.inputs).crossEntropy(targets: half.labels)
    }
    optimizer.step()
  }

  /// One step; `phaseDone` is called after the forward pass, after backward() and after Adam.
  func run(phaseDone: () -> Void = {}) {
    let batch = batches[stepCount % batches.count]
    stepCount += 1
    optimizer.clearGradients()
    let loss = model(batch.inputs).crossEntropy(targets: batch.labels)
    phaseDone()
    loss.backward()
    phaseDone()
    optimizer.step()
    phaseDone()
  }

  /// Median microseconds of the whole step and of each phase over `steps`
  /// steps after `warmUp`, read from `clock` (nanoseconds).
  func phaseMedians(
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
    let medians = phases.map { $0.sorted()[$0.count / 2] }
    return (medians[3], medians[0], medians[1], medians[2])
  }
}

extension Sequential {
  /// W1 (COURSE.md): the MLP of chapter 3, on flat 784-pixel rows unless it starts with `Flatten`.
  static func w1(flattening: Bool = false, random: RandomGenerator) -> Sequential {
    Sequential(
      (flattening ? [Flatten()] : []) + [
        Linear(inputSize: 784, outputSize: 64, random: random), ReLU(),
        Linear(inputSize: 64, outputSize: 64, random: random), ReLU(),
        Linear(inputSize: 64, outputSize: 10, random: random),
      ])
  }

  /// W2 (COURSE.md): the CNN of chapter 4, on NHWC 28×28×1 images.
  static func w2(random: RandomGenerator) -> Sequential {
    Sequential([
      Conv2D(inChannels: 1, filters: 32, kernelSize: 3, random: random), ReLU(), MaxPool2D(),
      Conv2D(inChannels: 32, filters: 64, kernelSize: 3, random: random), ReLU(), MaxPool2D(),
      Conv2D(inChannels: 64, filters: 64, kernelSize: 3, random: random), ReLU(), Flatten(),
      Linear(inputSize: 576, outputSize: 64, random: random), ReLU(),
      Linear(inputSize: 64, outputSize: 10, random: random),
    ])
  }
}

/// Median microseconds of a training step under each way of using the
/// cores, measured in alternating rounds so that every strategy sees the
/// same machine: the whole batch with products on one core (`single`), on
/// OpenBLAS's threads (`openBLAS`), split in halves (`halves`), and the
/// batch's two halves differentiated at once (`batch_halves`, what the
/// chapters do). The strategy in force before is restored.
func stepTimesByThreading(
  rounds: Int, stepsPerRound: Int, _ step: BenchmarkTrainingStep
) -> [(name: String, description: String, microseconds: Double)] {
  let saved = ExecutionPolicy.threading
  defer { ExecutionPolicy.threading = saved }
  let strategies: [(name: String, description: String, threading: ExecutionPolicy.Threading, step: () -> Void)] =
    ExecutionPolicy.Threading.allCases.map { threading in
      ("\(threading)", "the whole batch, products threaded as .\(threading)", threading, { step.run() })
    } + [("batch_halves", "the batch's two halves at once on two cores", .halves, { step.runInHalves() })]
  var samples: [String: [Double]] = [:]
  for _ in 0..<rounds {
    for strategy in strategies {
      ExecutionPolicy.threading = strategy.threading
      for _ in 0..<3 { strategy.step() }  // the helper thread wakes, OpenBLAS resizes its pool
      for _ in 0..<stepsPerRound {
        let start = DispatchTime.now().uptimeNanoseconds
        strategy.step()
        samples[strategy.name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
      }
    }
  }
  return strategies.map { strategy in
    let times = samples[strategy.name]!.sorted()
    return (strategy.name, strategy.description, times[times.count / 2])
  }
}
