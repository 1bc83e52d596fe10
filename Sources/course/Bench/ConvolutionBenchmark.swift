import Autograd
import Foundation

/// The measurements behind `course bench cnn`: a W2 training step (article
/// 004's network, batch 32, Adam) and where its time goes, layer by layer.
///
/// The data are random: timing does not depend on them. Every figure is a
/// median over repeated steps of this one run.
struct ConvolutionBenchmark {
  let trainingSteps: Int
  /// Time with this thread's CPU clock instead of the wall clock: steadier on
  /// a busy machine, and fair only when the products run on this one thread.
  var threadCPUTime = false
  /// Also time the step under each ``ProductThreading``, in alternating rounds.
  var compareThreading = false

  private func now() -> UInt64 {
    guard threadCPUTime else { return DispatchTime.now().uptimeNanoseconds }
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }

  /// W2 exactly as chapter 4 builds it (COURSE.md).
  static func makeNetwork(random: RandomGenerator) -> Sequential {
    Sequential([
      Conv2D(inChannels: 1, filters: 32, kernelSize: 3, random: random), ReLU(), MaxPool2D(),
      Conv2D(inChannels: 32, filters: 64, kernelSize: 3, random: random), ReLU(), MaxPool2D(),
      Conv2D(inChannels: 64, filters: 64, kernelSize: 3, random: random), ReLU(), Flatten(),
      Linear(inputSize: 576, outputSize: 64, random: random), ReLU(),
      Linear(inputSize: 64, outputSize: 10, random: random),
    ])
  }

  static let layerNames = [
    "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "flatten", "dense1", "relu4", "dense2",
  ]

  func run() -> BenchmarkResults {
    var results = BenchmarkResults()
    let step = trainingStepTime()
    results.append("w2_forward_us", step.forward, "µs, of which the forward pass and loss (median)")
    results.append("w2_backward_us", step.backward, "µs, of which backward() (median)")
    results.append("w2_optimizer_us", step.optimizer, "µs, of which the Adam step (median)")
    results.append("w2_step_us", step.total, "µs per W2 step, batch 32, median")
    results.append("w2_epoch_estimate_s", step.total * 1875 / 1e6, "s for 1875 such steps (one epoch without data loading)")
    if compareThreading {
      let step = Self.makeTrainingStep()
      for (threading, microseconds) in stepTimesByThreading(rounds: 5, stepsPerRound: max(trainingSteps / 5, 3), step) {
        results.append("w2_step_us_\(threading)", microseconds, "µs per W2 step with products threaded as .\(threading)")
      }
    }
    for (name, forward, backward) in layerTimes() {
      results.append("\(name)_forward_us", forward, "µs, \(name) forward alone (median)")
      results.append("\(name)_backward_us", backward, "µs, \(name) backward alone (median)")
    }
    return results
  }

  /// One W2 training step on random batches, as a closure to time.
  static func makeTrainingStep() -> () -> Void {
    let random = RandomGenerator(seed: 3)
    let model = makeNetwork(random: random)
    let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
    let batches = (0..<4).map { _ in
      (images: Tensor.uniform(shape: [32, 28, 28, 1], using: random),
       labels: (0..<32).map { _ in Int(random.next() % 10) })
    }
    var step = 0
    return {
      let batch = batches[step % batches.count]
      step += 1
      optimizer.clearGradients()
      model(batch.images).crossEntropy(targets: batch.labels).backward()
      optimizer.step()
    }
  }

  private func trainingStepTime() -> (total: Double, forward: Double, backward: Double, optimizer: Double) {
    let random = RandomGenerator(seed: 1)
    let model = Self.makeNetwork(random: random)
    let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
    let batches = (0..<4).map { _ in
      (images: Tensor.uniform(shape: [32, 28, 28, 1], using: random),
       labels: (0..<32).map { _ in Int(random.next() % 10) })
    }
    var step = 0
    var phases: [[Double]] = [[], [], [], []]  // forward, backward, optimizer, total
    func trainingStep() {
      let batch = batches[step % batches.count]
      step += 1
      let start = now()
      optimizer.clearGradients()
      let loss = model(batch.images).crossEntropy(targets: batch.labels)
      let forwardDone = now()
      loss.backward()
      let backwardDone = now()
      optimizer.step()
      let end = now()
      for (phase, nanoseconds) in [forwardDone - start, backwardDone - forwardDone, end - backwardDone, end - start]
        .enumerated()
      {
        phases[phase].append(Double(nanoseconds) / 1e3)
      }
    }
    for _ in 0..<20 { trainingStep() }
    phases = [[], [], [], []]
    for _ in 0..<trainingSteps { trainingStep() }
    let medians = phases.map { $0.sorted()[$0.count / 2] }
    return (medians[3], medians[0], medians[1], medians[2])
  }

  /// Each layer's forward and backward alone, on the activations a batch of
  /// 32 images gives it, with a random gradient arriving from above.
  private func layerTimes() -> [(name: String, forward: Double, backward: Double)] {
    let random = RandomGenerator(seed: 2)
    let model = Self.makeNetwork(random: random)
    var input = Tensor.uniform(shape: [32, 28, 28, 1], using: random)
    var rows: [(String, Double, Double)] = []
    for (position, (name, layer)) in zip(Self.layerNames, model.layers).enumerated() {
      let outputShape = withoutGradient { layer(input).shape }
      let upstream = Tensor.uniform(shape: outputShape, in: -1...1, using: random)
      var forward: [Double] = []
      var backward: [Double] = []
      for repetition in 0..<(max(trainingSteps / 4, 5) + 2) {
        // The images need no gradient, as in training; every later activation does.
        let x = position == 0 ? input : input.detached().requiringGradient()
        let start = now()
        let output = layer(x)
        let forwardDone = now()
        output.backward(seed: upstream)
        let end = now()
        layer.clearGradients()
        guard repetition >= 2 else { continue }  // warm-up
        forward.append(Double(forwardDone - start) / 1e3)
        backward.append(Double(end - forwardDone) / 1e3)
      }
      rows.append((name, forward.sorted()[forward.count / 2], backward.sorted()[backward.count / 2]))
      input = withoutGradient { layer(input) }
    }
    return rows
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
