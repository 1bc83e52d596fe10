import Autograd
import CourseKit
import Foundation
import Workloads

/// With `--compare-pytorch`, stops at once, before any measurement, when
/// PyTorch cannot be timed here, as the other chapters do. Without it, a full
/// run compares wherever it can.
func requirePyTorchIfAsked(_ chapter: ChapterRun) throws {
  guard chapter.options.comparePyTorch, let reason = PyTorchTiming.unavailability else { return }
  throw ChapterError("--compare-pytorch: \(reason); install Debian's PyTorch "
    + "(apt-get install -y python3-torch libopenblas0-openmp) and the peers' scripts, or run without --compare-pytorch")
}

/// PyTorch beside us, on this machine, in this run, where Debian's
/// `python3-torch` can be imported: the peers' script trains a short epoch of
/// each workload, and our step time (from the cost model's measurement) is
/// set against its time per step. Where PyTorch cannot be imported the run
/// records that, and the text says so.
func pytorchSideBySide(_ chapter: ChapterRun, rates: WorkloadRates) throws {
  chapter.section("PyTorch side by side")
  let unavailability = PyTorchTiming.unavailability
  guard unavailability == nil && (!chapter.isQuick || chapter.options.comparePyTorch) else {
    let reason = unavailability.map { "\($0) on this machine" } ?? "a quick run does not time it"
    chapter.metrics.record("pytorch_compared", false)
    chapter.metrics.record("pytorch_time_comparison",
      "This run did not time PyTorch: \(reason). Where Debian's `python3-torch` is installed, a full run of this chapter "
        + "trains a short epoch of each workload with the peers' PyTorch script on the same machine and sets its time "
        + "per step beside ours here.")
    chapter.say("PyTorch not timed: \(reason)")
    return
  }
  let peerNames = ["w1": "mlp", "w2": "cnn", "w3": "lstm", "w4": "transformer"]
  var rows: [(String, MetricValue)] = []
  var sentences: [String] = []
  for measurement in rates.measurements {
    let workload = measurement.workload
    let steps = chapter.isQuick ? 4 : (workload.name == "w3" || workload.name == "w4" ? 20 : 100)
    let timing = try PyTorchTiming.timeOneEpoch(workload: peerNames[workload.name]!, trainingExamples: steps * workload.batchSize)
    try chapter.stopIfInterrupted()
    let theirs = timing.epochSeconds / Double(steps)
    let ours = min(measurement.wholeBatchSeconds, measurement.halvesSeconds)
    rows.append((workload.name, .object([
      ("pytorch_step_milliseconds", .number(theirs * 1e3)), ("ours_step_milliseconds", .number(ours * 1e3)),
      ("ours_to_pytorch_time_ratio", .number(ours / theirs)), ("pytorch_steps", .integer(steps)),
    ])))
    sentences.append("\(workload.name.uppercased()) " + String(format: "%.2f ms against PyTorch's %.2f ms (%.2f times its time)",
      ours * 1e3, theirs * 1e3, ours / theirs))
    chapter.say(sentences.last!)
  }
  chapter.metrics.record("pytorch_compared", true)
  chapter.metrics.record("pytorch_same_run_seconds", MetricValue.object(rows))
  chapter.metrics.record("pytorch_time_comparison",
    "In this run, on this machine, a training step of ours took: " + sentences.joined(separator: "; ")
      + ". PyTorch's time per step is its short epoch's training loop divided by its steps, so it includes its data "
      + "loop and its first, slower steps; ours is the median of the cost model's steps.")
}
