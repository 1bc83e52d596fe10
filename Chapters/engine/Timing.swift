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

/// "2.4 times as long as", "about as long as" or "0.61 of the time of": how
/// `time` compares with `reference`, for the text, which cannot know the
/// direction before the run (within 5 % counts as the same).
func timeComparison(_ time: Double, to reference: Double) -> String {
  let ratio = time / reference
  if abs(ratio - 1) < 0.05 { return "about as long as" }
  // Two significant figures at least, and no decimals on large ratios: "240 times", "0.0042 of".
  if ratio > 1 { return String(format: ratio >= 10 ? "%.0f times as long as" : "%.2f times as long as", ratio) }
  return String(format: "%.2g of the time of", ratio)
}

/// How the samples `times` compare with `references`, timed in the same
/// alternating rounds: each round's ratio is taken, and where 1 lies between
/// the ratios' quartiles (or the median is within 5 % of it), the difference
/// is within the rounds' spread and the text says so.
func timeComparison(_ times: [Double], to references: [Double]) -> String {
  if isWithinSpread(times, references) { return "about as long as (no measurable difference: within the rounds' spread)" }
  return timeComparison(median(of: times), to: median(of: references))
}

/// The Chinese of ``timeComparison(_:to:)-(Double,Double)`` with the
/// reference named inside it, as Chinese puts it ("用时是 B 的 2.40 倍"):
/// the same ratio and the same 5 % margin.
func timeComparisonInChinese(_ time: Double, to reference: Double, of name: String) -> String {
  let ratio = time / reference
  if abs(ratio - 1) < 0.05 { return "用时与\(name)相当" }
  if ratio > 1 { return String(format: ratio >= 10 ? "用时是\(name)的 %.0f 倍" : "用时是\(name)的 %.2f 倍", ratio) }
  return String(format: "用时只有\(name)的 %.2g", ratio)
}

/// The Chinese of ``timeComparison(_:to:)-([Double],[Double])``, by the same quartile test.
func timeComparisonInChinese(_ times: [Double], to references: [Double], of name: String) -> String {
  if isWithinSpread(times, references) { return "用时与\(name)相当（差异在各轮的波动之内，测不出来）" }
  return timeComparisonInChinese(median(of: times), to: median(of: references), of: name)
}

/// Whether `times` and `references`, timed in the same alternating rounds,
/// differ by no more than the rounds' spread: 1 lies between the quartiles
/// of the rounds' ratios, or the medians are within 5 % of each other.
func isWithinSpread(_ times: [Double], _ references: [Double]) -> Bool {
  let ratios = zip(times, references).map { $0 / $1 }.sorted()
  let (lower, upper) = (ratios[ratios.count / 4], ratios[(3 * ratios.count) / 4])
  return (lower <= 1 && 1 <= upper) || abs(median(of: times) / median(of: references) - 1) < 0.05
}

/// The largest absolute difference between two tensors' elements.
func largestDifference(_ first: Tensor, _ second: Tensor) -> Double {
  precondition(first.shape == second.shape, "largestDifference: \(first.shape) against \(second.shape)")
  return Double(zip(first.scalars, second.scalars).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) })
}

/// Runs `body` under `threading` and puts the policy back.
func with<Result>(threading: ExecutionPolicy.Threading, _ body: () -> Result) -> Result {
  let saved = ExecutionPolicy.threading
  ExecutionPolicy.threading = threading
  defer { ExecutionPolicy.threading = saved }
  return body()
}
