import Autograd
import CourseKit
import Foundation

/// Fused kernels against the compositions of ordinary operations they
/// replace, forward and backward, with the largest difference of their outputs.
/// Both sides of the LSTM and attention comparisons run on one core, and
/// every product on sgemm, so that the ratio is fusion's alone (the fused
/// kernels would otherwise use both cores, and in builds for x86-64-v4 the
/// fused LSTM's batched products would go to the tiled kernel while the
/// reference's 64-row steps stay on sgemm).
func fusedKernels(_ chapter: ChapterRun) {
  chapter.section("Fused kernels")
  let random = RandomGenerator(seed: chapter.seed &+ 95)
  let rounds = repetitions(chapter, 9)
  var timings: [(String, MetricValue)] = []
  var differences: [(String, MetricValue)] = []
  var verdicts: [String] = []
  var chineseVerdicts: [String] = []
  /// Times `fused` against `reference`, forward and backward, each under its
  /// `threading`; `labels` name them in metrics.json, `words` and `chineseWords` in the text.
  func compare(
    _ name: String, fused: @escaping () -> Tensor, reference: @escaping () -> Tensor,
    threading: (ExecutionPolicy.Threading, ExecutionPolicy.Threading) = (.single, .single), labels: (String, String),
    words: (String, String), chineseWords: (String, String)
  ) {
    let (difference, samples) = with(productKernel: .sgemm) {
      (largestDifference(withoutGradient(fused), withoutGradient(reference)),
        alternatingSamples(rounds: rounds, [
          { with(threading: threading.0) { fused().sum().backward() } },
          { with(threading: threading.1) { reference().sum().backward() } },
        ]))
    }
    let seconds = samples.map { median(of: $0) }
    timings.append((name, .object([(labels.0, .number(seconds[0] * 1e3)), (labels.1, .number(seconds[1] * 1e3))])))
    differences.append((name, .number(difference)))
    let comparison = timeComparison(samples[0], to: samples[1])
    verdicts.append("\(words.0) took \(comparison) \(words.1)")
    chineseVerdicts.append(comparison.chinese(chineseWords.0, chineseWords.1))
    chapter.say("\(name): \(labels.0) " + String(format: "%.2f ms", seconds[0] * 1e3) + ", \(labels.1) "
      + String(format: "%.2f ms", seconds[1] * 1e3) + String(format: ", outputs agree to %.1e", difference))
  }

  // W3's recurrence: 64 windows of 64 steps, 64 inputs, 128 hidden units.
  let (batch, time) = chapter.isQuick ? (8, 16) : (64, 64)
  let lstm = LSTM(inputSize: 64, hiddenSize: 128, random: random)
  let sequence = Tensor.uniform(shape: [batch, time, 64], in: -1...1, using: random).requiringGradient()
  compare("lstm", fused: { lstm(sequence) }, reference: { stepByStep(lstm.cell, sequence) }, labels: ("fused", "cell_by_cell"),
    words: ("the fused LSTM", "the cell step by step"), chineseWords: ("融合的 LSTM", "逐步调用 LSTMCell 的参考实现"))

  // W4's attention: 64 windows of 64 positions, 128 features in 4 heads, causal.
  let (query, key, value) = (0..<3).map { _ in
    Tensor.uniform(shape: [batch, time, 128], in: -1...1, using: random).requiringGradient()
  }.tuple3
  compare("attention",
    fused: { Tensor.scaledDotProductAttention(query: query, key: key, value: value, headCount: 4, causal: true).output },
    reference: { composedAttention(query: query, key: key, value: value, headCount: 4) }, labels: ("fused", "composed"),
    words: ("fused attention", "the composed operations"), chineseWords: ("融合的注意力", "由多个运算组合而成的注意力"))

  // GELU over W4's widened MLP activations, 4096 positions × 512: one kernel, in halves or on one core.
  let activations = Tensor.uniform(shape: [batch * time, 512], in: -3...3, using: random).requiringGradient()
  compare("gelu",
    fused: { activations.gelu() }, reference: { activations.gelu() }, threading: (.halves, .single), labels: ("halves", "one_core"),
    words: ("GELU in halves", "GELU on one core"), chineseWords: ("分成两半计算的 GELU", "单核上的 GELU"))

  chapter.metrics.record("fused_shape", [batch, time])
  chapter.metrics.record("fused_milliseconds", MetricValue.object(timings))
  chapter.metrics.record("fused_largest_difference", MetricValue.object(differences))
  // After "In this run:", in both editions.
  chapter.metrics.record("fused_time_verdicts", english: verdicts.joined(separator: "; "), chinese: chineseVerdicts.joined(separator: "；"))
}

// region: lstm-reference
/// The LSTM's reference: ``LSTMCell``'s gate equations, one step at a time,
/// each step a few matrix products and element-wise operations in the graph.
func stepByStep(_ cell: LSTMCell, _ sequence: Tensor) -> Tensor {
  let (batch, time) = (sequence.shape[0], sequence.shape[1])
  var state = LSTMState.zeros(batch: batch, hiddenSize: cell.hiddenSize)
  var outputs: [Tensor] = []
  for step in 0..<time {
    state = cell(sequence.sliced(alongAxis: 1, step..<(step + 1)).reshaped(to: [batch, -1]), state: state)
    outputs.append(state.hidden.reshaped(to: [batch, 1, cell.hiddenSize]))
  }
  return Tensor.concatenated(outputs, alongAxis: 1)
}
// endregion

// region: attention-reference
/// Attention written with ordinary operations: split the heads, Q·Kᵀ/√d_k,
/// the causal mask, softmax, times V, merge the heads. Each step is a tensor
/// of its own in memory, and the backward pass walks them all.
func composedAttention(query: Tensor, key: Tensor, value: Tensor, headCount: Int) -> Tensor {
  let (batch, time, features) = (query.shape[0], query.shape[1], query.shape[2])
  let headSize = features / headCount
  let heads = { (x: Tensor) in x.reshaped(to: [batch, time, headCount, headSize]).permuted([0, 2, 1, 3]) }
  let scores = heads(query).matmul(heads(key), transposeOther: true) / Float(headSize).squareRoot()
  let weights = scores.masked(where: Tensor.causalMask(size: time), with: -.infinity).softmax(alongAxis: -1)
  return weights.matmul(heads(value)).permuted([0, 2, 1, 3]).reshaped(to: [batch, time, features])
}
// endregion

extension Array {
  /// The first three elements as a tuple.
  fileprivate var tuple3: (Element, Element, Element) { (self[0], self[1], self[2]) }
}
