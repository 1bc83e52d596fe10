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
    let samples = with(threading: .single) {
      alternatingSamples(rounds: repetitions(chapter, 21), [product(.never), product(.always)])
    }
    let seconds = samples.map { median(of: $0) / 16 }
    timings.append((shape.name, .object([("whole", .number(seconds[0] * 1e3)), ("pieces", .number(seconds[1] * 1e3))])))
    let comparison = timeComparison(samples[1], to: samples[0])
    verdicts.append("\(shape.left)·\(shape.right) in pieces took \(comparison) one whole call")
    chineseVerdicts.append(comparison.chinese("\(shape.left)·\(shape.right) 分块计算", "整个一次调用"))
    chapter.say("\(shape.left)·\(shape.right): " + String(format: "whole %.4f ms, pieces %.4f ms", seconds[0] * 1e3, seconds[1] * 1e3))
  }
  chapter.metrics.record("pieces_milliseconds", MetricValue.object(timings))
  // After "In this run", in both editions ("本次运行中，……").
  chapter.metrics.record("pieces_time_verdicts", english: verdicts.joined(separator: "; "), chinese: chineseVerdicts.joined(separator: "；"))
  let cuts = ExecutionPolicy.ProductPieces.automatic.cutsProducts
  chapter.metrics.record("pieces_automatic_cuts", cuts)
  chapter.metrics.record("pieces_automatic_verdict",
    english: cuts ? "OpenBLAS picked kernels with small-matrix kernels on this machine, so the default cuts skinny products in pieces"
      : "OpenBLAS picked kernels without small-matrix kernels on this machine, so the default leaves every product whole",
    chinese: cuts ? "OpenBLAS 在这台机器上选用了带小矩阵内核的一组内核，所以默认策略会把细长的乘积切块计算"
      : "OpenBLAS 在这台机器上选用了不带小矩阵内核的一组内核，所以默认策略让每个乘积保持完整")
}

/// Two cores: a training step of W1, W2 and W4 with everything on one core,
/// with large products on OpenBLAS's threads, with large products cut in
/// halves, and with the batch's two halves differentiated at once.
func twoCores(_ chapter: ChapterRun) {
  chapter.section("Two cores")
  let workloads = [Workload.w1, Workload.w2, Workload.w4()]
  var timings: [(String, MetricValue)] = []
  var verdicts: [String] = []
  var chineseVerdicts: [String] = []
  for workload in workloads {
    let step = BenchmarkTrainingStep(workload: workload, batchCount: 2, random: RandomGenerator(seed: chapter.seed &+ 94))
    let (rounds, steps) = chapter.isQuick ? (1, 1) : (workload.name == "w4" ? (2, 2) : (5, 10))
    let strategies = stepTimesByThreading(rounds: rounds, stepsPerRound: steps, warmUpSteps: chapter.isQuick ? 1 : 3, step)
    timings.append((workload.name, .object(strategies.map { ($0.name, .number($0.microseconds / 1e3)) })))
    let single = strategies.first { $0.name == "single" }!.microseconds
    // A fastest way is named only where it beats the next by more than 5 %, the margin `timeComparison` calls "about as long".
    let ranked = strategies.sorted { $0.microseconds < $1.microseconds }
    let hasFastest = ranked[0].microseconds < 0.95 * ranked[1].microseconds
    let fastest = hasFastest
      ? "the fastest way was \(threadingWays[ranked[0].name]?.english ?? ranked[0].name)"
      : "no way was more than 5 % faster than the next"
    let comparison = timeComparison(strategies.first { $0.name == "batch_halves" }!.microseconds, to: single)
    verdicts.append("\(workload.name.uppercased()): the batch's two halves at once took \(comparison) one core, and \(fastest)")
    chineseVerdicts.append("\(workload.name.uppercased())：\(comparison.chinese("批量的两半同时计算", "单核"))，"
      + (hasFastest ? chinesePhrase("最快的方式是", threadingWays[ranked[0].name]?.chinese ?? ranked[0].name)
        : "没有哪种方式比次快的方式快 5 % 以上"))
    chapter.say("\(workload.name.uppercased()): " + strategies.map { "\($0.name) " + String(format: "%.2f ms", $0.microseconds / 1e3) }
      .joined(separator: ", "))
  }
  chapter.metrics.record("threading_step_milliseconds", MetricValue.object(timings))
  // After "In this run:", in both editions.
  chapter.metrics.record("threading_time_verdicts", english: verdicts.joined(separator: "; "), chinese: chineseVerdicts.joined(separator: "；"))
}

/// The ways of using the cores, as the text names them in each edition.
private let threadingWays: [String: (english: String, chinese: String)] = [
  "single": ("one core", "单核"), "openBLAS": ("OpenBLAS's threads", "OpenBLAS 的线程"),
  "halves": ("products in halves", "乘积分成两半"), "batch_halves": ("the batch's halves at once", "批量的两半同时计算"),
]
