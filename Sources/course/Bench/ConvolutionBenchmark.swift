import CourseKit
import Autograd
import Foundation
import Workloads

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
  /// Also time the step under each ``ExecutionPolicy/Threading``, in alternating rounds.
  var compareThreading = false

  private func now() -> UInt64 {
    guard threadCPUTime else { return DispatchTime.now().uptimeNanoseconds }
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
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
      let random = RandomGenerator(seed: 3)
      let step = BenchmarkTrainingStep(workload: .w2, batchCount: 4, random: random)
      for strategy in stepTimesByThreading(rounds: 5, stepsPerRound: max(trainingSteps / 5, 3), step) {
        results.append("w2_step_us_\(strategy.name)", strategy.microseconds, "µs per W2 step, \(strategy.description)")
      }
    }
    for (name, forward, backward) in layerTimes() {
      results.append("\(name)_forward_us", forward, "µs, \(name) forward alone (median)")
      results.append("\(name)_backward_us", backward, "µs, \(name) backward alone (median)")
    }
    return results
  }

  private func trainingStepTime() -> (total: Double, forward: Double, backward: Double, optimizer: Double) {
    let random = RandomGenerator(seed: 1)
    return BenchmarkTrainingStep(workload: .w2, batchCount: 4, random: random)
      .phaseMedians(warmUp: 20, steps: trainingSteps, clock: now)
  }

  /// Each layer's forward and backward alone, on the activations a batch of
  /// 32 images gives it, with a random gradient arriving from above.
  private func layerTimes() -> [(name: String, forward: Double, backward: Double)] {
    let random = RandomGenerator(seed: 2)
    let model = makeConvolutionalNetwork(random: random)
    var input = Tensor.uniform(shape: Workload.w2.batchShape, using: random)
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
      rows.append((name, median(of: forward), median(of: backward)))
      input = withoutGradient { layer(input) }
    }
    return rows
  }
}
