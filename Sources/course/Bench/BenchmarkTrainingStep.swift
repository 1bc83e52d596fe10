import Autograd
import Foundation

/// A benchmark network's training step on random batches (forward and
/// cross-entropy, backward, Adam), shared by `course bench core` (W1) and
/// `course bench cnn` (W2). The data are random: timing does not depend on them.
final class BenchmarkTrainingStep {
  private let model: Sequential
  private let optimizer: Adam
  private let batches: [(inputs: Tensor, labels: [Int])]
  private var stepCount = 0

  /// - Parameter inputShape: One batch's input shape, batch size first.
  init(model: Sequential, inputShape: [Int], batchCount: Int, random: RandomGenerator) {
    self.model = model
    optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
    batches = (0..<batchCount).map { _ in
      (Tensor.uniform(shape: inputShape, using: random), (0..<inputShape[0]).map { _ in Int(random.next() % 10) })
    }
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

/// Median microseconds of `step` under each way of spreading products over
/// cores, measured in alternating rounds so that every strategy sees the
/// same machine. The strategy in force before is restored.
func stepTimesByThreading(rounds: Int, stepsPerRound: Int, _ step: () -> Void) -> [(ProductThreading, Double)] {
  let saved = productThreading
  defer { productThreading = saved }
  var samples: [ProductThreading: [Double]] = [:]
  for _ in 0..<rounds {
    for threading in ProductThreading.allCases {
      productThreading = threading
      for _ in 0..<3 { step() }  // the helper thread wakes, OpenBLAS resizes its pool
      for _ in 0..<stepsPerRound {
        let start = DispatchTime.now().uptimeNanoseconds
        step()
        samples[threading, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
      }
    }
  }
  return ProductThreading.allCases.map { threading in
    let times = samples[threading]!.sorted()
    return (threading, times[times.count / 2])
  }
}
