import Autograd
import CourseKit
import Foundation
import Workloads

/// Where a training step's time goes: each group of operations of one W3
/// step timed alone, forward and then forward with backward, on a fresh
/// model and one batch of 64 windows.
func profileTrainingStep(_ chapter: ChapterRun, text: FortunesText) {
  chapter.section("Where a training step's time goes")
  let model = CharacterLSTM(vocabularySize: text.corpus.vocabularySize, random: RandomGenerator(seed: chapter.seed &+ 41))
  let windows = Array(0..<min(chapter.isQuick ? 8 : 64, text.training.count))
  let (ids, targets) = text.training.batch(at: windows)
  let (batch, length) = (windows.count, text.training.length)
  let cell = model.lstm.cell
  let repetitions = chapter.isQuick ? 2 : 20

  // The activations between the groups, computed once without gradients.
  let table = withoutGradient { model.inputTable() }
  let hidden = withoutGradient {
    Tensor.lstmSequence(inputTable: table, ids: ids, shape: [batch, length], recurrentWeight: cell.recurrentWeight.value)
      .outputs
  }
  let flatHidden = hidden.reshaped(to: [-1, cell.hiddenSize])
  let logits = withoutGradient { model.readout(flatHidden) }

  // region: time-group
  /// The median milliseconds of `forward` alone and of forward plus backward
  /// (the gradient arriving from above: any tensor of the output's shape).
  func time(_ forward: () -> Tensor) -> (forward: Double, backward: Double) {
    let outputShape = withoutGradient { forward().shape }
    let upstream = Tensor.uniform(shape: outputShape, in: -1...1, using: RandomGenerator(seed: 5))
    var (forwardTimes, totalTimes) = ([Double](), [Double]())
    for _ in 0..<(repetitions + 1) {
      var start = DispatchTime.now().uptimeNanoseconds
      _ = withoutGradient { forward() }
      forwardTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
      start = DispatchTime.now().uptimeNanoseconds
      forward().backward(seed: upstream)
      totalTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
      model.clearGradients()
    }
    // Medians without the first (warm-up) run.
    let median = { (times: [Double]) in CourseKit.median(of: Array(times.dropFirst())) }
    return (median(forwardTimes), max(0, median(totalTimes) - median(forwardTimes)))
  }
  // endregion

  let groups: [(String, () -> Tensor)] = [
    ("input_table", { model.inputTable() }),
    ("recurrence", {
      Tensor.lstmSequence(
        inputTable: table.requiringGradient(), ids: ids, shape: [batch, length],
        recurrentWeight: cell.recurrentWeight.value
      ).outputs
    }),
    ("readout", { model.readout(flatHidden.requiringGradient()) }),
    ("cross_entropy", { logits.requiringGradient().crossEntropy(targets: targets) }),
  ]
  var entries: [(String, MetricValue)] = []
  var total = 0.0
  for (name, forward) in groups {
    let (forwardTime, backwardTime) = time(forward)
    entries.append((name, .object([("forward", .number(forwardTime)), ("backward", .number(backwardTime)),
      ("total", .number(forwardTime + backwardTime))])))
    total += forwardTime + backwardTime
    chapter.say(name.padding(toLength: 18, withPad: " ", startingAt: 0)
      + String(format: "forward %7.3f ms   backward %7.3f ms", forwardTime, backwardTime))
  }

  // Clipping and Adam, on the gradients of one real step.
  let optimizer = Adam(parameters: model.namedParameters, learningRate: 2e-3)
  var (updateTimes, stepTimes) = ([Double](), [Double]())
  for _ in 0..<(repetitions + 1) {
    optimizer.clearGradients()
    let start = DispatchTime.now().uptimeNanoseconds
    model(ids: ids, shape: [batch, length]).crossEntropy(targets: targets).backward()
    let middle = DispatchTime.now().uptimeNanoseconds
    clipGradientNorm(model.parameters, maxNorm: 5)
    optimizer.step()
    let end = DispatchTime.now().uptimeNanoseconds
    updateTimes.append(Double(end - middle) * 1e-6)
    stepTimes.append(Double(end - start) * 1e-6)
  }
  let update = CourseKit.median(of: Array(updateTimes.dropFirst()))
  let step = CourseKit.median(of: Array(stepTimes.dropFirst()))
  entries.append(("clip_and_adam", .object([("forward", .number(0)), ("backward", .number(update)),
    ("total", .number(update))])))
  total += update
  chapter.metrics.record("step_profile", MetricValue.object(entries))
  chapter.metrics.record("step_profile_total_milliseconds", total)
  chapter.metrics.record("profiled_step_milliseconds", step)
  // The spread between the median and the fastest step shows how much other jobs disturbed this run.
  let fastest = stepTimes.dropFirst().min() ?? step
  chapter.metrics.record("fastest_step_milliseconds", fastest)
  let recurrenceShare = entries.first { $0.0 == "recurrence" }.map { entry -> Double in
    if case .object(let fields) = entry.1, case .number(let value)? = fields.first(where: { $0.0 == "total" })?.1 {
      return value / total
    }
    return 0
  } ?? 0
  chapter.metrics.record("recurrence_time_share", recurrenceShare)
  chapter.say(String(format: "clip + Adam       %7.3f ms; groups together %.2f ms; a whole step %.2f ms; "
    + "%.0f%% of the groups' time in the recurrence", update, total, step, 100 * recurrenceShare))
  chapter.say(String(format: "fastest whole step %.2f ms", fastest))
}
