import Autograd
import CourseKit
import Foundation
import Workloads

/// The measurements behind `course bench workloads`: the machine's matrix-product peak,
/// and for each workload W1–W4 the median time of a training step, the rate
/// its products ran at and that rate's fraction of the peak (measured by
/// CourseKit's ``WorkloadRates``, which the engine chapter shares).
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
    let rates = WorkloadRates(workloads: workloads, steps: steps, peakSize: peakSize, peakSamples: peakSamples)
    let peakRate = rates.peakGigaflopsPerSecond
    results.append("peak_gflops", peakRate, "GFLOP/s, the faster kernel's (\(rates.peakKernel.rawValue)): the peak")
    for (kernel, rate) in rates.kernelPeaks {
      let how = kernel == .sgemm ? "sgemm" : "the core's tiled kernel, in halves,"
      results.append(
        "\(kernel.rawValue)_peak_gflops", rate,
        "GFLOP/s, \(peakSize)^3 through \(how) on \(kernel.threadCount) threads, fastest of \(rates.peakSamples)")
    }
    for measurement in rates.measurements {
      let workload = measurement.workload
      let name = workload.name
      let rate = measurement.gigaflopsPerSecond
      results.append(
        "\(name)_mflop_per_step", measurement.flops / 1e6,
        "MFLOP of products per \(name.uppercased()) step (\(workload.title), batch \(workload.batchSize))")
      results.append("\(name)_step_ms", measurement.wholeBatchSeconds * 1e3, "ms per step, the whole batch (median)")
      results.append("\(name)_halves_step_ms", measurement.halvesSeconds * 1e3, "ms per step, the batch's two halves at once (median)")
      results.append("\(name)_gflops", rate, "GFLOP/s of products, at the faster of the two")
      results.append("\(name)_peak_fraction", rate / peakRate, "of the peak")
    }
    return results
  }
}
