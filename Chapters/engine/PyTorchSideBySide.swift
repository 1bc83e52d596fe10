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
/// W1 and of W2, and our step time (from the cost model's measurement) is set
/// against its time per step. W3 and W4 are left to
/// `Scripts/compare-with-pytorch.py`: the peers' script evaluates every epoch
/// on the whole validation text, which would take a full run of this chapter
/// several times over. Where PyTorch cannot be imported the run records that,
/// and the text says so.
func pytorchSideBySide(_ chapter: ChapterRun, rates: WorkloadRates) throws {
  chapter.section("PyTorch side by side")
  let unavailability = PyTorchTiming.bilingualUnavailability
  guard unavailability == nil && (!chapter.isQuick || chapter.options.comparePyTorch) else {
    let reason = unavailability.map { "\($0.english) on this machine" } ?? "a quick run does not time it"
    let chineseReason = unavailability.map { "这台机器上\($0.chinese)" } ?? "快速运行不为它计时"
    chapter.metrics.record("pytorch_compared", false)
    // Whole sentences in both editions.
    chapter.metrics.record("pytorch_time_comparison",
      english: "This run did not time PyTorch: \(reason). Where Debian's `python3-torch` is installed, a full run of this chapter "
        + "trains a short epoch of W1 and of W2 with the peers' PyTorch script on the same machine and sets its time "
        + "per step beside ours here.",
      chinese: "本次运行没有为 PyTorch 计时：\(chineseReason)。装有 Debian 的 `python3-torch` 时，本章的完整运行会在同一台机器上"
        + "用同伴的 PyTorch 脚本把 W1 和 W2 各训练一个短轮次，并把它每步的用时与我们的并列在这里。")
    chapter.say("PyTorch not timed: \(reason)")
    return
  }
  // The peers' names, and steps enough that the first, slower ones weigh little.
  let compared: [(name: String, peerName: String, steps: Int)] = [("w1", "mlp", 300), ("w2", "cnn", 60)]
  var rows: [(String, MetricValue)] = []
  var sentences: [String] = []
  var chineseSentences: [String] = []
  var loads: [Double] = []
  for (name, peerName, fullSteps) in compared {
    let measurement = rates.measurements.first { $0.workload.name == name }!
    let steps = chapter.isQuick ? 4 : fullSteps
    let timing = try PyTorchTiming.timeOneEpoch(workload: peerName, trainingExamples: steps * measurement.workload.batchSize)
    try chapter.stopIfInterrupted()
    loads.append(timing.loadAverageBefore)
    let theirs = timing.epochSeconds / Double(steps)
    let ours = min(measurement.wholeBatchSeconds, measurement.halvesSeconds)
    rows.append((name, .object([
      ("pytorch_step_milliseconds", .number(theirs * 1e3)), ("ours_step_milliseconds", .number(ours * 1e3)),
      ("ours_to_pytorch_time_ratio", .number(ours / theirs)), ("pytorch_steps", .integer(steps)),
      ("load_average_before_pytorch", .number(timing.loadAverageBefore)),
    ])))
    let comparison = timeComparison(theirs, to: ours)
    sentences.append("\(name.uppercased()) " + String(format: "%.3f ms against PyTorch's %.3f ms", ours * 1e3, theirs * 1e3)
      + " (PyTorch's step took \(comparison) ours)")
    chineseSentences.append("\(name.uppercased()) " + String(format: "%.3f 毫秒，PyTorch 为 %.3f 毫秒", ours * 1e3, theirs * 1e3)
      + "（\(comparison.chinese("PyTorch 的一步", "我们的一步"))）")
    chapter.say(sentences.last!)
  }
  let cores = ProcessInfo.processInfo.activeProcessorCount
  chapter.metrics.record("pytorch_compared", true)
  chapter.metrics.record("pytorch_same_run_seconds", MetricValue.object(rows))
  let overloaded = loads.max()! > Double(cores)
  chapter.metrics.record("pytorch_time_comparison",
    english: "In this run, on this machine, a training step of ours took: " + sentences.joined(separator: "; ")
      + ". PyTorch's time per step is its short epoch's training loop divided by its steps, a mean that includes its data "
      + "loop and its first, slower steps; ours is the faster of the cost model's two medians (whole batch or halves)."
      + (overloaded
        ? String(format: " The load average was %.1f as PyTorch started, on %d cores: with more jobs than cores, ", loads.max()!, cores)
          + "threads that wait on each other lose most, and PyTorch's OpenMP threads likely do (a cause this run did not "
          + "measure), so these ratios are this moment's, not the frameworks'; an idle machine gives a fair one." : ""),
    chinese: "本次运行中，在这台机器上，我们的一个训练步用时：" + chineseSentences.joined(separator: "；")
      + "。PyTorch 每步的用时是它短轮次的训练循环除以步数，这个平均值包含了它的数据循环和最初几个较慢的步；"
      + "我们的用时取代价模型两个中位数（整个批量或分成两半）中较快的一个。"
      + (overloaded
        ? String(format: "PyTorch 启动时平均负载为 %.1f，共 %d 个核心：作业多于核心时，", loads.max()!, cores)
          + "相互等待的线程损失最大，PyTorch 的 OpenMP 线程很可能如此（本次运行没有测量这一原因），"
          + "所以这些比值只属于此刻，而不属于两个框架本身；在空闲的机器上才能得到公平的比值。" : ""))
}
