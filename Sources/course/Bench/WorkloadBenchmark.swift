import Autograd
import CourseKit
import Foundation
import Workloads

/// The measurements behind `course bench workloads`: the machine's sgemm peak,
/// and for each workload W1–W4 the median time of a training step, the rate
/// its products ran at and that rate's fraction of the peak.
///
/// A step is timed two ways, in alternating blocks so that both see the same
/// machine: the whole batch (products threaded as the core decides), and the
/// batch's two halves at once, one per core (`backwardInHalves`, as chapters
/// 4 and 6 train). The rate is the faster way's. Every figure is a median of
/// this one run, and the data are random: timing does not depend on them.
struct WorkloadBenchmark {
  let workloads: [Workload]
  /// Timed steps per way of running a step, per workload.
  let steps: Int
  /// The side of the square products that measure the peak.
  var peakSize = 2048
  /// Products timed for the peak, half before the workloads and half after.
  var peakSamples = 10

  func run() -> BenchmarkResults {
    var results = BenchmarkResults()
    results.append("load_average", currentLoadAverage(), "one-minute load average before (other jobs skew every figure)")
    // Half the peak's products before the workloads and half after, so that a
    // machine whose load changes meanwhile weighs on both sides alike.
    var peak = MatrixProductPeak(size: peakSize)
    var peakTimes = peak.times(count: peakSamples / 2 + 1)
    var stepTimes: [(whole: Double, halves: Double)] = []
    for workload in workloads { stepTimes.append(self.stepTimes(workload)) }
    peakTimes += peak.times(count: peakSamples - peakSamples / 2)
    let peakRate = peak.flops / median(of: peakTimes) / 1e9
    results.append(
      "sgemm_peak_gflops", peakRate,
      "GFLOP/s, \(peakSize)^3 sgemm on \(MatrixProductPeak.threadCount) threads, median of \(peakTimes.count)")
    for (workload, (whole, halves)) in zip(workloads, stepTimes) {
      let name = workload.name
      let flops = Double(workload.productCount.trainingFLOPs)
      let fastest = min(whole, halves)
      let rate = flops / fastest / 1e9
      results.append(
        "\(name)_mflop_per_step", flops / 1e6,
        "MFLOP of products per \(name.uppercased()) step (\(workload.title), batch \(workload.batchSize))")
      results.append("\(name)_step_ms", whole * 1e3, "ms per step, the whole batch (median)")
      results.append("\(name)_halves_step_ms", halves * 1e3, "ms per step, the batch's two halves at once (median)")
      results.append("\(name)_gflops", rate, "GFLOP/s of products, at the faster of the two")
      results.append("\(name)_peak_fraction", rate / peakRate, "of the sgemm peak")
    }
    return results
  }

  /// Median seconds of a step over the whole batch and in halves: blocks of
  /// a few steps each way, in turn, after a few to warm up.
  private func stepTimes(_ workload: Workload) -> (whole: Double, halves: Double) {
    let step = BenchmarkTrainingStep(workload: workload, batchCount: 4, random: RandomGenerator(seed: 1))
    let ways: [() -> Void] = [{ step.run() }, { step.runInHalves() }]
    var samples: [[Double]] = [[], []]
    let blockSize = max(steps / 5, 1)
    for way in ways { for _ in 0..<2 { way() } }
    while samples[1].count < steps {
      for (index, way) in ways.enumerated() {
        for _ in 0..<min(blockSize, steps - samples[index].count) {
          let start = DispatchTime.now().uptimeNanoseconds
          way()
          samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
      }
    }
    let medians = samples.map { median(of: $0) }
    return (medians[0], medians[1])
  }
}
