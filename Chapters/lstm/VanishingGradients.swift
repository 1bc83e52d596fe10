import Autograd
import CourseKit
import Foundation
import Plotting
import Workloads

// region: plain-rnn
/// A plain recurrent layer with tanh, h_t = tanh(x_t·W + h_{t-1}·U + b),
/// initialized as Keras's SimpleRNN: Glorot-uniform W, orthogonal U, zero b.
struct PlainRecurrentLayer {
  let inputWeight: Tensor
  let recurrentWeight: Tensor
  let bias: Tensor

  init(inputSize: Int, hiddenSize: Int, random: RandomGenerator) {
    inputWeight = Initializer.glorotUniform.makeTensor(
      shape: [inputSize, hiddenSize], fanIn: inputSize, fanOut: hiddenSize, using: random)
    recurrentWeight = Initializer.orthogonal.makeTensor(
      shape: [hiddenSize, hiddenSize], fanIn: hiddenSize, fanOut: hiddenSize, using: random)
    bias = .zeros([hiddenSize])
  }

  func step(_ input: Tensor, _ hidden: Tensor) -> Tensor {
    (input.matmul(inputWeight) + hidden.matmul(recurrentWeight) + bias).tanh()
  }
}
// endregion

// region: gradient-through-time
/// How much the last hidden state still depends on each input: the mean norm
/// of ∂(r·h_T)/∂x_t over a batch, for t = T−1 (distance 0) back to 0
/// (distance T−1), with r a fixed random direction.
///
/// `step` advances the state; the inputs are [batch, time, features].
func gradientNormsThroughTime<State>(
  inputs: Tensor, start: State, step: (Tensor, State) -> State, hidden: (State) -> Tensor
) -> [Double] {
  let (batch, time, features) = (inputs.shape[0], inputs.shape[1], inputs.shape[2])
  let stepInputs = (0..<time).map { t in
    inputs.sliced(alongAxis: 1, t..<(t + 1)).reshaped(to: [batch, features]).requiringGradient()
  }
  var state = start
  for input in stepInputs { state = step(input, state) }
  let last = hidden(state)
  let direction = Tensor.uniform(shape: last.shape, in: -1...1, using: RandomGenerator(seed: 77))
  (last * direction).sum().backward()
  return stepInputs.reversed().map { input in
    let gradient = input.gradient?.scalars ?? []
    var total = 0.0
    for row in 0..<batch {
      let slice = gradient[(row * features)..<((row + 1) * features)]
      total += slice.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
    return total / Double(batch)
  }
}
// endregion

/// A cell with the same weights as `cell` now, kept apart from the optimizer's
/// in-place updates: the trained model's LSTM as it was before training.
func copyOfCell(_ cell: LSTMCell) -> LSTMCell {
  let copy = LSTMCell(inputSize: cell.inputWeight.shape[0], hiddenSize: cell.hiddenSize, random: RandomGenerator(seed: 0))
  for (target, source) in zip([copy.inputWeight, copy.recurrentWeight, copy.bias], [cell.inputWeight, cell.recurrentWeight, cell.bias]) {
    target.value = Tensor(shape: source.shape, scalars: source.value.scalars)
  }
  return copy
}

/// The figure of the text's "Why the plain recurrence forgets": the gradient
/// reaching each earlier input, for a plain RNN, an untrained LSTM at Keras's
/// initialization, the trained LSTM before training (PyTorch's
/// initialization) and after, on the same embedded text.
func vanishingGradients(
  _ chapter: ChapterRun, model: CharacterLSTM, initialCell: LSTMCell, text: FortunesText
) throws {
  chapter.section("Vanishing gradients")
  let windows = Array(0..<min(chapter.isQuick ? 4 : 32, text.validation.count))
  chapter.metrics.record("gradient_windows", windows.count)
  let batch = text.validation.batch(at: windows)
  let inputs = withoutGradient { model.embedding(ids: batch.inputs, shape: [windows.count, text.validation.length]) }
  let hiddenSize = model.lstm.cell.hiddenSize
  let inputSize = inputs.shape[2]

  let rnn = PlainRecurrentLayer(inputSize: inputSize, hiddenSize: hiddenSize, random: RandomGenerator(seed: chapter.seed &+ 31))
  let rnnNorms = gradientNormsThroughTime(
    inputs: inputs, start: Tensor.zeros([windows.count, hiddenSize]), step: rnn.step, hidden: { $0 })
  let untrained = LSTM(inputSize: inputSize, hiddenSize: hiddenSize, random: RandomGenerator(seed: chapter.seed &+ 32))
  let zero = LSTMState.zeros(batch: windows.count, hiddenSize: hiddenSize)
  let untrainedNorms = gradientNormsThroughTime(
    inputs: inputs, start: zero, step: { untrained.cell($0, state: $1) }, hidden: \.hidden)
  let initialNorms = gradientNormsThroughTime(
    inputs: inputs, start: zero, step: { initialCell($0, state: $1) }, hidden: \.hidden)
  let trainedNorms = gradientNormsThroughTime(
    inputs: inputs, start: zero, step: { model.lstm.cell($0, state: $1) }, hidden: \.hidden)
  model.clearGradients()

  // Relative to distance 0, so the three curves start together.
  func relative(_ norms: [Double]) -> [Double] { norms.map { $0 / max(norms[0], 1e-300) } }
  let distances = (0..<rnnNorms.count).map(Double.init)
  chapter.metrics.record("gradient_norms_rnn", rnnNorms)
  chapter.metrics.record("gradient_norms_lstm_untrained", untrainedNorms)
  chapter.metrics.record("gradient_norms_lstm_initial", initialNorms)
  chapter.metrics.record("gradient_norms_lstm_trained", trainedNorms)
  let curves = [
    ("rnn", "plain RNN", rnnNorms), ("lstm_untrained", "LSTM, Keras's initialization", untrainedNorms),
    ("lstm_initial", "LSTM, PyTorch's initialization (before training)", initialNorms),
    ("lstm_trained", "LSTM, trained", trainedNorms),
  ]
  var entries: [(String, MetricValue)] = []
  for distance in [10, 20, 40, 63] where distance < rnnNorms.count {
    for (key, _, norms) in curves { entries.append(("\(key)_\(distance)", .number(relative(norms)[distance]))) }
  }
  let trainedRelative = relative(trainedNorms)
  if let minimum = trainedRelative.indices.min(by: { trainedRelative[$0] < trainedRelative[$1] }) {
    entries.append(("lstm_trained_minimum", .number(trainedRelative[minimum])))
    entries.append(("lstm_trained_minimum_distance", .integer(minimum)))
  }
  chapter.metrics.record("relative_gradient", MetricValue.object(entries))
  // The mean factor per step of the untrained curves, which fall as straight lines on a log axis:
  // the geometric mean of the ratios between d = 10 and the last distance.
  let last = rnnNorms.count - 1
  let untrainedGates = recordForgetGates(chapter, of: "untrained", cell: untrained.cell, inputs: inputs)
  let initialGates = recordForgetGates(chapter, of: "initial", cell: initialCell, inputs: inputs)
  recordForgetGates(chapter, of: "trained", cell: model.lstm.cell, inputs: inputs)
  if last > 10 {
    let decay = { (norms: [Double]) in pow(relative(norms)[last] / relative(norms)[10], 1 / Double(last - 10)) }
    chapter.metrics.record(
      "gradient_decay_per_step", MetricValue.object(curves.map { key, _, norms in (key, .number(decay(norms))) }))
    for (key, gates, norms) in [("untrained_decay_position", untrainedGates, untrainedNorms), ("initial_decay_position", initialGates, initialNorms)] {
      let position = gates.position(of: decay(norms))
      chapter.metrics.record(key, english: position.english, chinese: position.chinese)
    }
  }
  for (_, name, norms) in curves {
    let shown = [1, 10, 20, 40, 63].filter { $0 < norms.count }
      .map { String(format: "%d: %.2e", $0, relative(norms)[$0]) }.joined(separator: ", ")
    chapter.say("\(name): gradient relative to distance 0 — \(shown)")
  }
  let panel = Panel(
    title: "Gradient reaching an input d steps before the last", xLabel: "distance d in time steps",
    yLabel: "‖∂(r·h_T)/∂x_{T−d}‖, relative to d = 0", yScale: .logarithmic, legend: .bottomLeft,
    series: [
      .line(x: distances, y: relative(rnnNorms), title: "plain RNN (tanh)"),
      .line(x: distances, y: relative(untrainedNorms), title: "LSTM, Keras's initialization", dashed: true),
      .line(x: distances, y: relative(initialNorms), title: "LSTM, PyTorch's initialization (before training)",
        dashed: true),
      .line(x: distances, y: relative(trainedNorms), title: "LSTM, trained"),
    ])
  try chapter.save(Figure(title: "Vanishing gradients", panels: [panel]), as: "vanishing-gradients", preview: true)
}

/// A cell's forget gates on the measured windows, as metrics named
/// `<name>_forget_gate_…`: their mean over every unit, window and step, the
/// highest mean of one unit (over the windows and steps), and the count and
/// share of units whose mean gate exceeds 0.9, the units that keep most of
/// their memory from one step to the next.
@discardableResult
func recordForgetGates(_ chapter: ChapterRun, of name: String, cell: LSTMCell, inputs: Tensor) -> ForgetGateSummary {
  let (batch, time, features) = (inputs.shape[0], inputs.shape[1], inputs.shape[2])
  let hiddenSize = cell.hiddenSize
  var unitSums = [Double](repeating: 0, count: hiddenSize)
  withoutGradient {
    var state = LSTMState.zeros(batch: batch, hiddenSize: hiddenSize)
    for t in 0..<time {
      let input = inputs.sliced(alongAxis: 1, t..<(t + 1)).reshaped(to: [batch, features])
      let z = input.matmul(cell.inputWeight.value) + state.hidden.matmul(cell.recurrentWeight.value) + cell.bias.value
      let forget = z.sliced(alongAxis: 1, hiddenSize..<(2 * hiddenSize)).sigmoid().scalars
      for (index, value) in forget.enumerated() { unitSums[index % hiddenSize] += Double(value) }
      state = cell(input, state: state)
    }
  }
  let unitMeans = unitSums.map { $0 / Double(batch * time) }
  chapter.metrics.record("\(name)_forget_gate_mean", unitMeans.reduce(0, +) / Double(hiddenSize))
  chapter.metrics.record("\(name)_forget_gate_highest_unit_mean", unitMeans.max() ?? 0)
  let unitsAbove = unitMeans.filter { $0 > 0.9 }.count
  chapter.metrics.record("\(name)_forget_gate_units_above_0_9", unitsAbove)
  chapter.metrics.record("\(name)_forget_gate_share_above_0_9", Double(unitsAbove) / Double(hiddenSize))
  return ForgetGateSummary(mean: unitMeans.reduce(0, +) / Double(hiddenSize), highestUnitMean: unitMeans.max() ?? 0)
}

/// A cell's mean forget gate and its highest mean of one unit, against which
/// the text places the gradient's measured factor per step.
struct ForgetGateSummary {
  let mean: Double
  let highestUnitMean: Double

  /// Where a factor per step lies relative to these gates, as the chapter's text reads it:
  /// after "the factor per step lies"; in Chinese, the predicate of "每步的因子…".
  func position(of factor: Double) -> (english: String, chinese: String) {
    if factor > highestUnitMean { return ("above even the highest unit's mean gate", "甚至高于平均门值最高的那个单元的平均门值") }
    if factor > mean { return ("between the mean gate and the highest unit's", "介于平均门值与平均门值最高的单元的门值之间") }
    return ("below the mean gate", "低于平均门值")
  }
}
