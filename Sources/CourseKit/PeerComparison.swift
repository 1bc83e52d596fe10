import Foundation

/// The peers' reference runs (PyTorch and Keras on the course's workloads,
/// `shared/peers/RESULTS.md`) and the machine they were measured on.
///
/// A timing from them was taken on another machine, on another day: chapters
/// cite it with that machine and draw no ratio from it. Accuracy and bits per
/// character from the same recipe do not depend on the machine in that way.
public enum PeerReference {
  /// RESULTS.md's machine, in the words of this run's `machine.cpu.summary`.
  public static let machine = "2 vCPUs of an AMD EPYC, family 25 model 1 (Zen 3, Milan), without AVX-512"
  /// ``machine`` for the Chinese pages.
  public static let chineseMachine = "AMD EPYC 的 2 个 vCPU（family 25 model 1，Zen 3，Milan），不支持 AVX-512"
  /// The day of the peers' runs.
  public static let date = "2026-11-22"
  /// Where their figures are published.
  public static let results = "shared/peers/RESULTS.md"
}

extension ChapterRun {
  /// Records where the peers' figures of one workload come from and, under
  /// `peer_timings_elsewhere`, their timings together with the machine they
  /// were measured on, so that no reader of `metrics.json` takes them for
  /// this run's.
  ///
  /// - Parameters:
  ///   - workload: What RESULTS.md measured, as "W2: median of 5 epochs".
  ///   - timings: The peers' seconds, by metric name ("pytorch_epoch_seconds").
  public func recordPeerReference(workload: String, timings: KeyValuePairs<String, Double> = [:]) {
    metrics.record("peer_machine", english: PeerReference.machine, chinese: PeerReference.chineseMachine)
    metrics.record("peer_figures_source",
      "\(PeerReference.results), \(workload), measured \(PeerReference.date) on another machine: \(PeerReference.machine)")
    guard !timings.isEmpty else { return }
    metrics.record("peer_timings_elsewhere", MetricValue.object(
      [("machine", .text(PeerReference.machine)), ("date", .text(PeerReference.date))]
        + timings.map { ($0.key, .number($0.value)) }))
  }

  /// With `--compare-pytorch`, times one epoch of a peers' workload with
  /// PyTorch, on this machine, now: the peers' script on the same number of
  /// training examples as this run. Without the flag, does nothing.
  ///
  /// Chapters call it before their own training, so that a machine without
  /// PyTorch fails at once, with the packages to install.
  ///
  /// - Parameters:
  ///   - workload: The peers' name: `mlp`, `cnn`, `lstm` or `transformer`.
  ///   - trainingExamples: Images or windows in one of this run's epochs.
  public func timePyTorch(workload: String, trainingExamples: Int) throws -> PyTorchTiming? {
    guard options.comparePyTorch else { return nil }
    say("Timing one epoch of PyTorch (--compare-pytorch)…")
    let timing: PyTorchTiming
    do {
      timing = try PyTorchTiming.measure(workload: workload, trainingExamples: trainingExamples)
    } catch {
      try stopIfInterrupted()  // Ctrl-C reaches the script too: say that, not that it failed
      throw error
    }
    try stopIfInterrupted()
    say(String(format: "PyTorch: one epoch of %d examples in %.2f s.", trainingExamples, timing.epochSeconds))
    return timing
  }

  /// Records the side-by-side comparison of this run, when PyTorch was timed
  /// in it: `pytorch_same_run`, with both times, their ratio, the CPU and the
  /// command. Always records `pytorch_side_by_side`, a sentence for the text
  /// that gives those figures when they exist and says how to get them when not.
  ///
  /// - Parameters:
  ///   - oursEpochSeconds: This run's epoch time to set against PyTorch's (its median epoch).
  ///   - examples: What one epoch trains on, for the sentence: "1000 training images".
  ///   - chineseExamples: The same for the Chinese sentence: "1000 张训练图像".
  public func recordSideBySide(_ timing: PyTorchTiming?, oursEpochSeconds: Double, examples: String, chineseExamples: String) {
    guard let timing else {
      metrics.record("pytorch_side_by_side",
        english: "This run did not time PyTorch beside ours: where Debian's `python3-torch` is installed, "
          + "`--compare-pytorch` (or `course site --compare-pytorch`) runs the peers' script for one epoch of the "
          + "same workload on the same machine, in the same run, and this sentence then gives both times.",
        chinese: "本次运行没有在我们的实现旁边为 PyTorch 计时：装有 Debian 的 `python3-torch` 时，"
          + "`--compare-pytorch`（或 `course site --compare-pytorch`）会在同一台机器、同一次运行中用同伴脚本"
          + "把同一工作负载训练一轮，这句话随后会给出两者的时间。")
      return
    }
    let processor = ProcessorSummary.current.description
    let ratio = oursEpochSeconds / timing.epochSeconds
    // Other jobs on the cores slow PyTorch's OpenMP threads far more than ours: the loads go with the times.
    let loadAfterOurs = currentLoadAverage()
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var pairs: [(String, MetricValue)] = [
      ("workload", .text(timing.workload)), ("training_examples", .integer(timing.trainingExamples)),
      ("pytorch_epoch_seconds", .number(timing.epochSeconds)), ("ours_epoch_seconds", .number(oursEpochSeconds)),
      ("ours_to_pytorch_time_ratio", .number(ratio)), ("cpu", .text(processor)),
      ("command", .text(timing.command.joined(separator: " "))),
      ("load_average_before_pytorch", .number(timing.loadAverageBefore)),
      ("load_average_after_ours", .number(loadAfterOurs)),
    ]
    if let version = timing.torchVersion { pairs.append(("torch_version", .text(version))) }
    metrics.record("pytorch_same_run", MetricValue.object(pairs))
    let shownCommand = (["torch_peers.py"] + timing.command.dropFirst(2)).joined(separator: " ")
    let seconds = { (value: Double) in String(format: "%.2f", value) }
    let overloaded = max(timing.loadAverageBefore, loadAfterOurs) > Double(cores)
    metrics.record("pytorch_side_by_side",
      english: "Side by side in this run, on this machine (\(processor)), the peers' PyTorch script trained one epoch of the "
        + "same workload (\(examples)) in \(seconds(timing.epochSeconds)) s, and our median epoch took "
        + "\(seconds(oursEpochSeconds)) s: \(seconds(ratio)) times PyTorch's time (`\(shownCommand)`; the load "
        + "average was \(seconds(timing.loadAverageBefore)) as PyTorch started and \(seconds(loadAfterOurs)) after "
        + "our training, on \(cores) cores)."
        + (overloaded
          ? " With more jobs than cores, PyTorch's OpenMP threads wait on each other far more than ours do, "
            + "so the ratio is this moment's, not the frameworks'; an idle machine gives a fair one." : ""),
      chinese: "本次运行在这台机器（\(ProcessorSummary.current.chineseDescription)）上把两者并排计时：同伴的 PyTorch "
        + "脚本把同一工作负载（\(chineseExamples)）训练一轮用时 \(seconds(timing.epochSeconds)) s，我们的中位轮次用时 "
        + "\(seconds(oursEpochSeconds)) s，是 PyTorch 用时的 \(seconds(ratio)) 倍（`\(shownCommand)`；PyTorch 启动时的"
        + "平均负载为 \(seconds(timing.loadAverageBefore))，我们训练结束后为 \(seconds(loadAfterOurs))，共 \(cores) 个核心）。"
        + (overloaded
          ? "作业多于核心时，PyTorch 的 OpenMP 线程相互等待的时间远多于我们的线程，所以这个比值只属于此刻，"
            + "而不属于两个框架本身；在空闲的机器上才能得到公平的比值。" : ""))
  }
}
