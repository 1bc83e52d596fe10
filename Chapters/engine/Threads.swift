import Autograd
import CourseKit
import Foundation
import Workloads

/// Small-matrix pieces: a skinny product, such as W3's recurrent step
/// h·U ([64, 128]·[128, 512]), in one sgemm call and cut in pieces for
/// OpenBLAS's small-matrix kernels, on one core; and whether the default
/// (`.automatic`) cuts on this machine, which depends on the kernels OpenBLAS picked.
func productPieces(_ chapter: ChapterRun) {
  chapter.section("Small-matrix pieces")
  let random = RandomGenerator(seed: chapter.seed &+ 93)
  let shapes: [(name: String, left: [Int], right: [Int])] = [
    ("w3_recurrent_step", [64, 128], [128, 512]), ("w1_first_layer", [32, 784], [784, 64]),
  ]
  let savedPieces = ExecutionPolicy.productPieces
  defer { ExecutionPolicy.productPieces = savedPieces }
  var timings: [(String, MetricValue)] = []
  var verdicts: [String] = []
  var chineseVerdicts: [String] = []
  for shape in shapes {
    let left = Tensor.uniform(shape: shape.left, in: -1...1, using: random)
    let right = Tensor.uniform(shape: shape.right, in: -1...1, using: random)
    // Each timed call multiplies 16 times, so that one call is long enough to time.
    let product = { (pieces: ExecutionPolicy.ProductPieces) in {
      ExecutionPolicy.productPieces = pieces
      for _ in 0..<16 { _ = left.matmul(right) }
    } }
    // Pieces are a way of calling sgemm: the tiled kernel, which the default may pick for these shapes, ignores them.
    let samples = with(productKernel: .sgemm) {
      with(threading: .single) { alternatingSamples(rounds: repetitions(chapter, 21), [product(.never), product(.always)]) }
    }
    let seconds = samples.map { median(of: $0) / 16 }
    timings.append((shape.name, .object([("whole", .number(seconds[0] * 1e3)), ("pieces", .number(seconds[1] * 1e3))])))
    let comparison = timeComparison(samples[1], to: samples[0])
    verdicts.append("\(shape.left)·\(shape.right) in pieces took \(comparison) one whole call")
    chineseVerdicts.append(comparison.chinese("\(shape.left)·\(shape.right) 分片计算", "整体一次调用"))
    chapter.say("\(shape.left)·\(shape.right): " + String(format: "whole %.4f ms, pieces %.4f ms", seconds[0] * 1e3, seconds[1] * 1e3))
  }
  chapter.metrics.record("pieces_milliseconds", MetricValue.object(timings))
  // After "In this run", in both editions ("本次运行中，……").
  chapter.metrics.record("pieces_time_verdicts", english: verdicts.joined(separator: "; "), chinese: chineseVerdicts.joined(separator: "；"))
  let cuts = ExecutionPolicy.ProductPieces.automatic.cutsProducts
  chapter.metrics.record("pieces_automatic_cuts", cuts)
  chapter.metrics.record("pieces_automatic_verdict",
    cuts ? "OpenBLAS picked a kernel set that has small-matrix kernels on this machine, so the default cuts skinny products in pieces"
      : "OpenBLAS picked a kernel set without small-matrix kernels on this machine, so the default leaves every product whole")
  chapter.metrics.record("pieces_automatic_verdict@zh",
    cuts ? "OpenBLAS 在这台机器上选用的内核组带有小矩阵内核，因此默认把细长的矩阵乘法切成小片"
      : "OpenBLAS 在这台机器上选用的内核组没有小矩阵内核，因此默认让每个矩阵乘法保持完整")
}

/// Two cores: a training step of W1, W2 and W4 with everything on one core,
/// with large products on OpenBLAS's threads, with large products cut in
/// halves, and with the batch's two halves differentiated at once; and how
/// far these figures lie from the cost model's, measured earlier in the run
/// (`rates`, finished at `costModelFinished`) on the same configurations.
func twoCores(_ chapter: ChapterRun, rates: WorkloadRates, costModelFinished: UInt64) {
  chapter.section("Two cores")
  let workloads = [Workload.w1, Workload.w2, Workload.w4()]
  var timings: [(String, MetricValue)] = []
  var verdicts: [String] = []
  var chineseVerdicts: [String] = []
  var repeated: [(english: String, chinese: String, ratio: Double)] = []
  for workload in workloads {
    let step = BenchmarkTrainingStep(workload: workload, batchCount: 2, random: RandomGenerator(seed: chapter.seed &+ 94))
    // W4's step takes far longer than the others': fewer steps, and one to warm up is enough.
    let (rounds, steps, warmUp) = chapter.isQuick ? (1, 1, 1) : (workload.name == "w4" ? (5, 2, 1) : (9, 6, 3))
    let strategies = stepTimesByThreading(rounds: rounds, stepsPerRound: steps, warmUpSteps: warmUp, step)
    timings.append((workload.name, .object(strategies.map { ($0.name, .number($0.microseconds / 1e3)) })))
    let way = { (name: String) in strategies.first { $0.name == name }! }
    let (single, batchHalves) = (way("single").roundMedians, way("batch_halves").roundMedians)
    // A fastest way is named only where it beats the next by more than the rounds' spread.
    let ranked = strategies.sorted { $0.microseconds < $1.microseconds }
    let measurable = !isWithinSpread(ranked[0].roundMedians, ranked[1].roundMedians)
    let name = workload.name.uppercased()
    verdicts.append("\(name): the batch's two halves at once took \(timeComparison(batchHalves, to: single)) one core, and "
      + (measurable ? "the fastest way was \(threadingWays[ranked[0].name]!.english)"
        : "no way was measurably faster than the next (within the rounds' spread)"))
    chineseVerdicts.append("\(name)：批量的两半同时计算，\(timeComparison(batchHalves, to: single).chinese("", "单核"))，"
      + (measurable ? "最快的方式是\(threadingWays[ranked[0].name]!.chinese)" : "相邻名次的方式之间都没有可测的快慢差别（差异在各轮的波动之内）"))
    chapter.say("\(name): " + strategies.map { "\($0.name) " + String(format: "%.2f ms", $0.microseconds / 1e3) }
      .joined(separator: ", "))
    // The same configurations in the cost model's table: the whole batch under the default policy, and the batch's halves.
    let earlier = rates.measurements.first { $0.workload.name == workload.name }!
    repeated.append(("\(name)'s whole-batch step", "\(name) 的整批训练步", way("halves").microseconds / 1e6 / earlier.wholeBatchSeconds))
    repeated.append(("\(name)'s step in the batch's halves", "\(name) 按批量两半同时进行的训练步",
      way("batch_halves").microseconds / 1e6 / earlier.halvesSeconds))
  }
  chapter.metrics.record("threading_step_milliseconds", MetricValue.object(timings))
  chapter.metrics.record("threading_time_verdicts", verdicts.joined(separator: "; "))
  chapter.metrics.record("threading_time_verdicts@zh", chineseVerdicts.joined(separator: "；"))
  recordRepeatedMeasurements(chapter, repeated, secondsApart: Double(DispatchTime.now().uptimeNanoseconds - costModelFinished) * 1e-9)
}

/// The largest ratio between two measurements of one configuration, in the
/// cost model and here: how far figures measured at different moments, in
/// different orders, lie apart on this machine.
private func recordRepeatedMeasurements(
  _ chapter: ChapterRun, _ repeated: [(english: String, chinese: String, ratio: Double)], secondsApart: Double
) {
  let spread = repeated.map { (what: $0.english, chinese: $0.chinese, factor: max($0.ratio, 1 / $0.ratio)) }
  let largest = spread.max { $0.factor < $1.factor }!
  chapter.metrics.record("repeated_time_largest_factor", largest.factor)
  chapter.metrics.record("repeated_time_largest_what", largest.what)
  chapter.metrics.record("repeated_time_largest_what@zh", largest.chinese)
  chapter.metrics.record("repeated_time_seconds_apart", secondsApart)
  chapter.say("the same configurations as in the cost model: " + spread.map { "\($0.what) " + String(format: "%.2f×", $0.factor) }
    .joined(separator: ", ") + String(format: " (%.0f s later)", secondsApart))
}

/// The ways of using the cores, as the text names them.
private let threadingWays: [String: (english: String, chinese: String)] = [
  "single": ("one core", "单核"), "openBLAS": ("OpenBLAS's threads", "OpenBLAS 的线程"),
  "halves": ("products in halves", "矩阵乘法分两半"), "batch_halves": ("the batch's halves at once", "批量的两半同时计算"),
]
