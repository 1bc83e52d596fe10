import Autograd
import Foundation
import Workloads

/// The machine's matrix-product peak and, for each workload, the median time of a
/// training step and the rate its products ran at: what `course bench
/// workloads` prints and the engine chapter teaches from, measured once here.
///
/// A step is timed two ways, in alternating blocks so that both see the same
/// machine: the whole batch (products threaded as the core decides), and the
/// batch's two halves at once, one per core (`backwardInHalves`, as chapters
/// 4, 7 and 8 train). The rate is the faster way's. Half the peak's products are
/// timed before the workloads and half after, so that a machine whose load
/// changes meanwhile weighs on both sides alike. The data are random: timing
/// does not depend on them.
public struct WorkloadRates {
  /// One workload's figures.
  public struct Measurement {
    public let workload: Workload
    /// Floating-point operations of one step's products (``ProductCount/trainingFLOPs``).
    public let flops: Double
    /// Median seconds of a step over the whole batch.
    public let wholeBatchSeconds: Double
    /// Median seconds of a step with the batch's two halves at once.
    public let halvesSeconds: Double

    /// GFLOP/s of products at the faster of the two ways.
    public var gigaflopsPerSecond: Double { flops / min(wholeBatchSeconds, halvesSeconds) / 1e9 }
  }

  /// GFLOP/s of the fastest square product of each kernel timed (``MatrixProductPeak/Kernel/timed``): the best each
  /// did in this run. (Other jobs slow two threads that must wait for each other far more than one, so on a shared
  /// machine a median would sit far below what the cores can do, and workloads timed at quieter moments would "pass"
  /// it.)
  public let kernelPeaks: [(kernel: MatrixProductPeak.Kernel, gigaflopsPerSecond: Double)]
  /// The products timed for each kernel's peak.
  public let peakSamples: Int
  public let measurements: [Measurement]

  /// The faster kernel's peak: the machine's matrix-product peak.
  public var peakGigaflopsPerSecond: Double { kernelPeaks.map(\.gigaflopsPerSecond).max()! }
  /// The kernel that set the peak.
  public var peakKernel: MatrixProductPeak.Kernel { kernelPeaks.max { $0.gigaflopsPerSecond < $1.gigaflopsPerSecond }!.kernel }
  /// sgemm's peak, which every build times.
  public var sgemmPeakGigaflopsPerSecond: Double { kernelPeak(.sgemm)! }

  /// A kernel's peak, if this build timed it.
  public func kernelPeak(_ kernel: MatrixProductPeak.Kernel) -> Double? {
    kernelPeaks.first { $0.kernel == kernel }?.gigaflopsPerSecond
  }

  /// Times `steps` steps of each workload each way, after `warmUpSteps`
  /// each way, and `peakSamples` products of `peakSize`² matrices of each kernel for the peak.
  public init(workloads: [Workload], steps: Int, warmUpSteps: Int = 2, peakSize: Int, peakSamples: Int = 10) {
    var peak = MatrixProductPeak(size: peakSize)
    let kernels = MatrixProductPeak.Kernel.timed
    var peakTimes = kernels.map { peak.times(count: peakSamples / 2 + 1, kernel: $0) }
    measurements = workloads.map { workload in
      let (whole, halves) = Self.stepTimes(workload, steps: steps, warmUpSteps: warmUpSteps)
      return Measurement(
        workload: workload, flops: Double(workload.productCount.trainingFLOPs), wholeBatchSeconds: whole,
        halvesSeconds: halves)
    }
    for (index, kernel) in kernels.enumerated() {
      peakTimes[index] += peak.times(count: peakSamples - peakSamples / 2, kernel: kernel)
    }
    self.peakSamples = peakTimes[0].count
    kernelPeaks = zip(kernels, peakTimes).map { ($0, peak.flops / $1.min()! / 1e9) }
  }

  /// Median seconds of a step over the whole batch and in halves: blocks of
  /// a few steps each way, in turn, after a few to warm up.
  static func stepTimes(_ workload: Workload, steps: Int, warmUpSteps: Int) -> (whole: Double, halves: Double) {
    let step = BenchmarkTrainingStep(workload: workload, batchCount: 4, random: RandomGenerator(seed: 1))
    let ways: [() -> Void] = [{ step.run() }, { step.runInHalves() }]
    var samples: [[Double]] = [[], []]
    let blockSize = max(steps / 5, 1)
    for way in ways { for _ in 0..<warmUpSteps { way() } }
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
