import Autograd
import CourseKit
import Foundation

/// How many times a measurement is repeated: a full run's count, or once
/// with `--quick`, whose timings only show that the code runs.
func repetitions(_ chapter: ChapterRun, _ full: Int) -> Int { chapter.isQuick ? 1 : full }

/// The seconds of each of `ways` in every round, each way once per round in
/// turn (after one run each to warm up): round `r` of every way met the same load.
func alternatingSamples(rounds: Int, _ ways: [() -> Void]) -> [[Double]] {
  for way in ways { way() }
  var samples = [[Double]](repeating: [], count: ways.count)
  for _ in 0..<rounds {
    for (index, way) in ways.enumerated() {
      let start = DispatchTime.now().uptimeNanoseconds
      way()
      samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
  }
  return samples
}

/// How one time compares with another, for the text, which cannot know the
/// direction before the run (within 5 % counts as the same). Interpolated, it
/// reads in English between the two: "X took \(comparison) Y".
struct TimeComparison: CustomStringConvertible {
  enum Kind {
    case same, sameWithinSpread
    /// The ratio as the text prints it, "2.4" or "0.61".
    case longer(String), shorter(String)
  }

  let kind: Kind

  /// "2.4 times as long as", "about as long as" or "0.61 of the time of".
  var description: String {
    switch kind {
    case .same: "about as long as"
    case .sameWithinSpread: "about as long as (no measurable difference: within the rounds' spread)"
    case .longer(let ratio): "\(ratio) times as long as"
    case .shorter(let ratio): "\(ratio) of the time of"
    }
  }

  /// The comparison as a Chinese clause, which puts it around both sides:
  /// "X 用时是 Y 的 2.4 倍", "X 与 Y 用时相当", "X 用时只有 Y 的 0.61", with the same figures as the English.
  func chinese(_ subject: String, _ reference: String) -> String {
    switch kind {
    case .same: chinesePhrase(subject, "与", reference, "用时相当")
    case .sameWithinSpread: chinesePhrase(subject, "与", reference, "用时相当（没有可测的差别：在各轮的波动之内）")
    case .longer(let ratio): chinesePhrase(subject, "用时是", reference, "的 \(ratio) 倍")
    case .shorter(let ratio): chinesePhrase(subject, "用时只有", reference, "的 \(ratio)")
    }
  }
}

/// How `time` compares with `reference` (see ``TimeComparison``).
func timeComparison(_ time: Double, to reference: Double) -> TimeComparison {
  let ratio = time / reference
  if abs(ratio - 1) < 0.05 { return TimeComparison(kind: .same) }
  // Two significant figures at least, and no decimals on large ratios: "240 times", "0.0042 of".
  if ratio > 1 { return TimeComparison(kind: .longer(String(format: ratio >= 10 ? "%.0f" : "%.2f", ratio))) }
  return TimeComparison(kind: .shorter(String(format: "%.2g", ratio)))
}

/// How the samples `times` compare with `references`, timed in the same
/// alternating rounds: each round's ratio is taken, and where 1 lies between
/// the ratios' quartiles (or the median is within 5 % of it), the difference
/// is within the rounds' spread and the text says so.
func timeComparison(_ times: [Double], to references: [Double]) -> TimeComparison {
  if isWithinSpread(times, references) { return TimeComparison(kind: .sameWithinSpread) }
  return timeComparison(median(of: times), to: median(of: references))
}

/// Whether `times` and `references`, timed in the same alternating rounds,
/// differ by no more than the rounds' spread: 1 lies between the quartiles
/// of the rounds' ratios, or the medians are within 5 % of each other.
func isWithinSpread(_ times: [Double], _ references: [Double]) -> Bool {
  let ratios = zip(times, references).map { $0 / $1 }.sorted()
  let (lower, upper) = (ratios[ratios.count / 4], ratios[(3 * ratios.count) / 4])
  return (lower <= 1 && 1 <= upper) || abs(median(of: times) / median(of: references) - 1) < 0.05
}

/// A layer's product and its gradient's operands, uniform in [-1, 1]: the
/// activations A [rows, inner], the weight B [inner, columns] and the
/// output's gradient G [rows, columns].
func layerProductOperands(rows: Int, inner: Int, columns: Int, seed: UInt64) -> (a: Tensor, b: Tensor, g: Tensor) {
  let random = RandomGenerator(seed: seed)
  return (
    Tensor.uniform(shape: [rows, inner], in: -1...1, using: random),
    Tensor.uniform(shape: [inner, columns], in: -1...1, using: random),
    Tensor.uniform(shape: [rows, columns], in: -1...1, using: random)
  )
}

/// The largest absolute difference between two tensors' elements.
func largestDifference(_ first: Tensor, _ second: Tensor) -> Double {
  precondition(first.shape == second.shape, "largestDifference: \(first.shape) against \(second.shape)")
  return Double(zip(first.scalars, second.scalars).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) })
}

/// Runs `body` with `kernel` computing every matrix product and puts the policy back.
func with<Result>(productKernel kernel: ExecutionPolicy.ProductKernel, _ body: () -> Result) -> Result {
  let saved = ExecutionPolicy.productKernel
  ExecutionPolicy.productKernel = kernel
  defer { ExecutionPolicy.productKernel = saved }
  return body()
}

/// Runs `body` under `threading` and puts the policy back.
func with<Result>(threading: ExecutionPolicy.Threading, _ body: () -> Result) -> Result {
  let saved = ExecutionPolicy.threading
  ExecutionPolicy.threading = threading
  defer { ExecutionPolicy.threading = saved }
  return body()
}
