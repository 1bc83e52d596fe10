import Autograd
import CourseKit
import Foundation
import Workloads

/// The cost model: what one training step of each workload must compute
/// (floating-point operations of its products) and at least move (bytes),
/// the machine's limits (the matrix-product peak, and a copy's rate from memory
/// and from the caches), and what each
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

  let roofs = MemoryRoofs(
    largestStepBytes: costs.map(\.bytesLowerBound).max()!, quick: chapter.isQuick, repetitions: repetitions(chapter, 9))
  let rates = WorkloadRates(
    workloads: workloads, steps: chapter.isQuick ? 1 : 24, warmUpSteps: chapter.isQuick ? 1 : 2,
    peakSize: chapter.isQuick ? 256 : 2048,
    peakSamples: chapter.isQuick ? 2 : 10)
  let peak = rates.peakGigaflopsPerSecond
  let balance = peak * 1e9 / roofs.memory
  chapter.metrics.record("sgemm_peak_size", chapter.isQuick ? 256 : 2048)
  chapter.metrics.record("sgemm_peak_threads", Int(MatrixProductPeak.threadCount))
  chapter.metrics.record("sgemm_peak_gflops", rates.sgemmPeakGigaflopsPerSecond)
  chapter.metrics.record("sgemm_peak_samples", rates.peakSamples)
  chapter.metrics.record("peak_gflops", peak)
  let tiledPeak = rates.kernelPeak(.tiled)
  if let tiledPeak { chapter.metrics.record("tiled_peak_gflops", tiledPeak) }
  chapter.metrics.record("openblas_kernel_set", ExecutionPolicy.openBLASKernelSet)
  chapter.metrics.record("peak_threads", rates.peakKernel.threadCount)
  let tiledSetThePeak = rates.peakKernel == .tiled
  // A sentence of its own after the one that says builds for x86-64-v4 time the tiled kernel too, in both editions.
  chapter.metrics.record(
    "peak_kernel_verdict",
    english: tiledPeak.map { tiled in
      "Here its fastest ran at " + String(format: "%.1f", tiled) + " GFLOP/s, "
        + (tiledSetThePeak
          ? "faster than sgemm, so the tiled kernel's rate is the peak below."
          : "no faster than sgemm, so sgemm's rate is the peak below.")
    } ?? "This build is not one of them, so sgemm's rate is the peak below.",
    chinese: tiledPeak.map { tiled in
      "本次运行中它最快的一次达到 " + String(format: "%.1f", tiled) + " GFLOP/s，"
        + (tiledSetThePeak ? "比 sgemm 快，所以下文的峰值取分块内核的速率。" : "没有比 sgemm 快，所以下文的峰值取 sgemm 的速率。")
    } ?? "这次构建不属于这种，所以下文的峰值取 sgemm 的速率。")
  chapter.metrics.record("copy_threads", roofs.threads)
  chapter.metrics.record("copy_memory_megabytes", Double(roofs.memoryBlockBytes) / 1e6)
  chapter.metrics.record("copy_gigabytes_per_second", roofs.memory / 1e9)
  chapter.metrics.record("machine_balance_flops_per_byte", balance)
  chapter.metrics.record("cache_copy_megabytes", Double(roofs.cacheBlockBytes) / 1e6)
  chapter.metrics.record("cache_copy_gigabytes_per_second", roofs.caches / 1e9)
  chapter.metrics.record("machine_cache_balance_flops_per_byte", peak * 1e9 / roofs.caches)
  let measured = rates.measurements
  chapter.metrics.record("workload_step_milliseconds", measured.map { $0.wholeBatchSeconds * 1e3 })
  chapter.metrics.record("workload_halves_step_milliseconds", measured.map { $0.halvesSeconds * 1e3 })
  chapter.metrics.record("workload_gflops", measured.map(\.gigaflopsPerSecond))
  chapter.metrics.record("workload_gflops_peak_fraction", measured.map { $0.gigaflopsPerSecond / peak })
  let balanceVerdicts = roofs.balanceVerdicts(names: workloads.map { $0.name.uppercased() }, costs: costs, peak: peak)
  chapter.metrics.record("workload_balance_time_verdict", balanceVerdicts.english)
  chapter.metrics.record("workload_balance_time_verdict@zh", balanceVerdicts.chinese)

  let kernelPeaks = String(format: "sgemm on %d threads %.1f", MatrixProductPeak.threadCount, rates.sgemmPeakGigaflopsPerSecond)
    + (tiledPeak.map { String(format: ", tiled kernel on 2 %.1f", $0) } ?? "")
  chapter.say(String(format: "peak %.1f GFLOP/s (", peak) + kernelPeaks + String(
    format: "); a large copy moves %.1f GB/s (balance %.0f FLOP per byte), a %.1f MB one %.1f GB/s (balance %.1f)",
    roofs.memory / 1e9, balance, Double(roofs.cacheBlockBytes) / 1e6, roofs.caches / 1e9, peak * 1e9 / roofs.caches))
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
        + "\(rates.peakKernel.threadCount) threads, which other jobs slow most, and at another moment than the steps"
        + (abovePeak.contains("W2") ? "; and W2's count assumes more multiplications than Winograd does." : "."),
    chinese: abovePeak.isEmpty
      ? "没有哪个工作负载达到峰值。"
      : "\(chineseList(abovePeak)) 超过了峰值，但这并不是胜过了机器：测峰值的乘积在 "
        + "\(rates.peakKernel.threadCount) 个线程上运行，其他作业对它们拖慢得最多，而且与训练步不在同一时刻"
        + (abovePeak.contains("W2") ? "；此外，W2 的计数假定的乘法次数比 Winograd 实际做的多。" : "。"))
  try drawRoofline(chapter, workloads: workloads, costs: costs, measured: measured, peak: peak, roofs: roofs)
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

/// A workload's title for the Chinese pages: "字符级 LSTM 64-128" for "char-LSTM 64-128".
func chineseTitle(_ workload: Workload) -> String {
  workload.title.replacingOccurrences(of: "char-LSTM", with: "字符级 LSTM").replacingOccurrences(of: ", 4 heads", with: "，4 个头")
}
