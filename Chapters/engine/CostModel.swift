import Autograd
import CourseKit
import Foundation
import Plotting
import Workloads

/// The cost model: what one training step of each workload must compute
/// (floating-point operations of its products) and at least move (bytes),
/// the machine's two limits (sgemm's rate and a large copy's), and what each
/// workload achieves against them.
///
/// - Returns: The workloads' measured rates, which the PyTorch comparison reuses.
func costModel(_ chapter: ChapterRun) throws -> WorkloadRates {
  chapter.section("The cost model")
  let started = DispatchTime.now().uptimeNanoseconds
  chapter.metrics.record("load_average_before_measuring", currentLoadAverage())
  let workloads = Workload.all()
  let costs = workloads.map(StepCost.init)
  chapter.metrics.record("workload_names", workloads.map { $0.name.uppercased() })
  chapter.metrics.record("workload_titles", english: workloads.map(\.title), chinese: workloads.map(chineseTitle))
  chapter.metrics.record("workload_batch_sizes", workloads.map(\.batchSize))
  chapter.metrics.record("workload_parameters", costs.map(\.parameters))
  chapter.metrics.record("workload_mflops_per_step", costs.map { $0.flops / 1e6 })
  chapter.metrics.record("workload_forward_share_of_flops", costs.map(\.forwardShare))
  chapter.metrics.record("workload_kilobytes_lower_bound", costs.map { $0.bytesLowerBound / 1e3 })
  chapter.metrics.record("workload_flops_per_byte_upper_bound", costs.map { $0.flops / $0.bytesLowerBound })

  let bandwidth = copyBytesPerSecond(megabytes: chapter.isQuick ? 16 : 256, repetitions: repetitions(chapter, 9))
  let rates = WorkloadRates(
    workloads: workloads, steps: chapter.isQuick ? 1 : 24, warmUpSteps: chapter.isQuick ? 1 : 2,
    peakSize: chapter.isQuick ? 256 : 2048,
    peakSamples: chapter.isQuick ? 2 : 10)
  let peak = rates.peakGigaflopsPerSecond
  let balance = peak * 1e9 / bandwidth
  chapter.metrics.record("sgemm_peak_size", chapter.isQuick ? 256 : 2048)
  chapter.metrics.record("sgemm_peak_threads", Int(MatrixProductPeak.threadCount))
  chapter.metrics.record("sgemm_peak_gflops", peak)
  chapter.metrics.record("sgemm_peak_samples", rates.peakSamples)
  chapter.metrics.record("copy_gigabytes_per_second", bandwidth / 1e9)
  chapter.metrics.record("machine_balance_flops_per_byte", balance)
  let measured = rates.measurements
  chapter.metrics.record("workload_step_milliseconds", measured.map { $0.wholeBatchSeconds * 1e3 })
  chapter.metrics.record("workload_halves_step_milliseconds", measured.map { $0.halvesSeconds * 1e3 })
  chapter.metrics.record("workload_gflops", measured.map(\.gigaflopsPerSecond))
  chapter.metrics.record("workload_gflops_peak_fraction", measured.map { $0.gigaflopsPerSecond / peak })
  let belowBalance = zip(workloads, costs).filter { $1.flops / $1.bytesLowerBound < balance }.map { $0.0.name.uppercased() }
  // After "In this run", in both editions ("本次运行中，……").
  chapter.metrics.record("workload_balance_time_verdict",
    english: belowBalance.isEmpty
      ? "every workload's bound lies above the balance, so no step is held back by the parameters' traffic alone"
      : belowBalance.count == workloads.count
        ? "every workload's bound lies below the balance: even the least traffic a step can have takes memory longer than its products take the multiply units"
        : "the bound of \(belowBalance.joined(separator: " and ")) lies below the balance, so even the least traffic such a step can have "
          + "takes memory longer than its products take the multiply units; the others' bounds lie above it",
    chinese: belowBalance.isEmpty
      ? "每个工作负载的上限都高于平衡点，所以没有哪一步仅因参数的数据传输而受阻"
      : belowBalance.count == workloads.count
        ? "每个工作负载的上限都低于平衡点：即使一步所能有的最少数据传输，在内存上花的时间也比乘积在乘法单元上花的时间长"
        : "\(chineseList(belowBalance)) 的上限低于平衡点，所以即使这样一步所能有的最少数据传输，"
          + "在内存上花的时间也比乘积在乘法单元上花的时间长；其他工作负载的上限高于平衡点")

  chapter.say(String(format: "sgemm peak %.1f GFLOP/s on %d threads; a large copy moves %.1f GB/s; balance %.0f FLOP per byte",
    peak, MatrixProductPeak.threadCount, bandwidth / 1e9, balance))
  for (cost, measurement) in zip(costs, measured) {
    chapter.say(measurement.workload.name.uppercased() + String(
      format: ": %8.1f MFLOP a step, at least %7.0f kB moved; %7.2f ms whole, %7.2f ms in halves; %6.1f GFLOP/s, %.2f of the peak",
      cost.flops / 1e6, cost.bytesLowerBound / 1e3, measurement.wholeBatchSeconds * 1e3, measurement.halvesSeconds * 1e3,
      measurement.gigaflopsPerSecond, measurement.gigaflopsPerSecond / peak))
  }
  let fractions = measured.map { $0.gigaflopsPerSecond / peak }
  let (closest, furthest) = (fractions.indices.max { fractions[$0] < fractions[$1] }!, fractions.indices.min { fractions[$0] < fractions[$1] }!)
  let (closestName, furthestName) = (workloads[closest].name.uppercased(), workloads[furthest].name.uppercased())
  let (closestFraction, furthestFraction) = (String(format: "%.2f", fractions[closest]), String(format: "%.2f", fractions[furthest]))
  // After "In this run", in both editions; the caveat is a sentence of its own.
  chapter.metrics.record("workload_peak_time_summary",
    english: "\(closestName) came closest to the peak (\(closestFraction) of it) "
      + "and \(furthestName) stayed furthest from it (\(furthestFraction))",
    chinese: "\(closestName) 最接近峰值（达到峰值的 \(closestFraction)），\(furthestName) 离峰值最远（\(furthestFraction)）")
  let abovePeak = fractions.indices.filter { fractions[$0] > 1 }.map { workloads[$0].name.uppercased() }
  chapter.metrics.record("workload_peak_time_caveat",
    english: abovePeak.isEmpty
      ? "No workload reached the peak."
      : "\(abovePeak.joined(separator: " and ")) passed the peak, which does not beat the machine: the peak's products ran on "
        + "\(MatrixProductPeak.threadCount) threads, which other jobs slow most, and at another moment than the steps"
        + (abovePeak.contains("W2") ? "; and W2's count assumes more multiplications than Winograd does." : "."),
    chinese: abovePeak.isEmpty
      ? "没有哪个工作负载达到峰值。"
      : "\(chineseList(abovePeak)) 超过了峰值，但这并不是胜过了机器：测峰值的乘积在 "
        + "\(MatrixProductPeak.threadCount) 个线程上运行，其他作业对它们拖慢得最多，而且与训练步不在同一时刻"
        + (abovePeak.contains("W2") ? "；此外，W2 的计数假定的乘法次数比 Winograd 实际做的多。" : "。"))
  try drawRoofline(chapter, workloads: workloads, costs: costs, measured: measured, peak: peak, bandwidth: bandwidth)
  // The one "epoch" of the chapter contract: the whole measurement of the workloads.
  chapter.metrics.record("epoch_seconds", [Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9])
  return rates
}

// region: step-cost
/// What one training step of a workload costs at the least.
///
/// Work: the floating-point operations of its products, forward and
/// backward (``ProductCount``). Traffic: a lower bound, the bytes every step
/// must touch at least once whatever the code does: each parameter, its
/// gradient and Adam's two moments (four floats of 4 bytes per parameter),
/// and the batch's input. Activations come on top, and products read their
/// operands more than once when they do not fit in the caches, so the true
/// traffic is larger and the true FLOPs per byte smaller.
struct StepCost {
  let parameters: Int
  let flops: Double
  let forwardShare: Double
  let bytesLowerBound: Double

  init(_ workload: Workload) {
    let count = workload.productCount
    parameters = workload.makeModel(random: RandomGenerator(seed: 0)).parameterCount
    flops = Double(count.trainingFLOPs)
    forwardShare = Double(count.forwardFLOPs) / Double(count.trainingFLOPs)
    let inputFloats = workload.batchShape.reduce(1, *)
    bytesLowerBound = Double(4 * (4 * parameters + inputFloats))
  }
}
// endregion

// region: copy-bandwidth
/// Bytes per second a large copy moves (each byte read once and written
/// once, so twice its size): the rate at which memory, not arithmetic,
/// limits a pass over data too large for the caches. The median of `repetitions`.
func copyBytesPerSecond(megabytes: Int, repetitions: Int) -> Double {
  let count = megabytes << 20 / MemoryLayout<Float>.size
  let source = [Float](repeating: 1, count: count)
  var destination = [Float](repeating: 0, count: count)
  let seconds = medianSeconds(repetitions: repetitions) {
    destination.withUnsafeMutableBufferPointer { output in
      source.withUnsafeBufferPointer { input in
        _ = memcpy(output.baseAddress!, input.baseAddress!, count * MemoryLayout<Float>.size)
      }
    }
  }
  precondition(destination[count - 1] == 1)
  return Double(2 * count * MemoryLayout<Float>.size) / seconds
}
// endregion

/// The roofline of this machine: the most a step of a given arithmetic
/// intensity can reach (memory-bound below the balance, the sgemm peak
/// above it), with each workload at its intensity bound and its measured rate.
private func drawRoofline(
  _ chapter: ChapterRun, workloads: [Workload], costs: [StepCost], measured: [WorkloadRates.Measurement],
  peak: Double, bandwidth: Double
) throws {
  let intensities = costs.map { $0.flops / $0.bytesLowerBound }
  let lowest = min(0.1, (intensities.min() ?? 1) / 2)
  let highest = max(1000, (intensities.max() ?? 1) * 2)
  let xs = (0...60).map { lowest * pow(highest / lowest, Double($0) / 60) }
  let roof = xs.map { min(peak, bandwidth * $0 / 1e9) }
  var series: [Series] = [.line(x: xs, y: roof, title: "roofline: min(sgemm peak, copy rate × intensity)")]
  for (index, workload) in workloads.enumerated() {
    series.append(.scatter(
      x: [intensities[index]], y: [measured[index].gigaflopsPerSecond], title: workload.name.uppercased(), pointSize: 2))
  }
  let panel = Panel(
    title: "Where the workloads stand on this machine", xLabel: "FLOP per byte (upper bound)", yLabel: "GFLOP/s",
    xScale: .logarithmic, yScale: .logarithmic, legend: .bottomRight, series: series)
  try chapter.save(Figure(panel, width: 720, height: 480), as: "roofline")
}

/// A workload's title for the Chinese pages: "字符级 LSTM 64-128" for "char-LSTM 64-128".
func chineseTitle(_ workload: Workload) -> String {
  workload.title.replacingOccurrences(of: "char-LSTM", with: "字符级 LSTM").replacingOccurrences(of: ", 4 heads", with: "，4 个头")
}
