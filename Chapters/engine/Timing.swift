import Autograd
import CourseKit
import Foundation

/// How many times a measurement is repeated: a full run's count, or once
/// with `--quick`, whose timings only show that the code runs.
func repetitions(_ chapter: ChapterRun, _ full: Int) -> Int { chapter.isQuick ? 1 : full }

/// The median seconds of each of `ways`, measured in `rounds`, each way once
/// per round in turn (after one run each to warm up), so that on a shared
/// machine every way meets the same load.
func alternatingMedianSeconds(rounds: Int, _ ways: [() -> Void]) -> [Double] {
  for way in ways { way() }
  var samples = [[Double]](repeating: [], count: ways.count)
  for _ in 0..<rounds {
    for (index, way) in ways.enumerated() {
      let start = DispatchTime.now().uptimeNanoseconds
      way()
      samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
  }
  return samples.map { median(of: $0) }
}

/// "2.4 times as long as", "about as long as" or "0.61 of the time of": how
/// `time` compares with `reference`, for the text, which cannot know the
/// direction before the run (within 5 % counts as the same).
func timeComparison(_ time: Double, to reference: Double) -> String {
  let ratio = time / reference
  if abs(ratio - 1) < 0.05 { return "about as long as" }
  return ratio > 1 ? String(format: "%.2f times as long as", ratio) : String(format: "%.2f of the time of", ratio)
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
