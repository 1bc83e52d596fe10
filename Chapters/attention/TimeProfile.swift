import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// Where a training step's time goes, in two views.
///
/// First the whole step split into its phases (forward pass with the loss,
/// backward pass, gradient clipping, AdamW), then each piece of the model
/// timed alone, forward and backward, on a batch of 64 windows. Medians of
/// repeated runs, on a fresh copy of the model.
func profileStep(_ chapter: ChapterRun, text: FortunesText) {
  chapter.section("Where a training step's time goes")
  let model = CharacterTransformer(vocabularySize: text.corpus.vocabularySize, random: RandomGenerator(seed: chapter.seed &+ 307))
  let workload = Workload.w4(vocabularySize: text.corpus.vocabularySize)
  let optimizer = workload.makeOptimizer(for: model)
  let repetitions = chapter.isQuick ? 1 : 20
  let indices = Array(0..<(chapter.isQuick ? 8 : workload.batchSize))  // --quick: a small batch, for the tests
  let batch = text.train.batch(at: indices)
  let shape = [indices.count, text.train.length]

  // region: time-phases
  var phases: [String: [Double]] = [:]
  func timed(_ name: String, _ body: () -> Void) {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    phases[name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
  }
  for _ in 0..<(repetitions + 1) {
    optimizer.clearGradients()
    var loss = Tensor(0)
    timed("forward") { loss = model(ids: batch.inputs, shape: shape).crossEntropy(targets: batch.targets) }
    timed("backward") { loss.backward() }
    timed("clip") { if let maxNorm = workload.clipNorm { clipGradientNorm(model.parameters, maxNorm: maxNorm) } }
    timed("optimizer") { optimizer.step() }
  }
  // endregion
  func median(_ values: [Double]) -> Double { CourseKit.median(of: Array(values.dropFirst())) }  // without the warm-up
  let phaseNames = ["forward", "backward", "clip", "optimizer"]
  let phaseMilliseconds = phaseNames.map { median(phases[$0]!) }
  chapter.metrics.record(
    "phase_milliseconds", MetricValue.object(zip(phaseNames, phaseMilliseconds).map { ($0, .number($1)) }))
  chapter.metrics.record("profiled_step_milliseconds", phaseMilliseconds.reduce(0, +))
  chapter.say(zip(phaseNames, phaseMilliseconds).map { String(format: "%@ %.2f ms", $0, $1) }.joined(separator: ", "))

  // Each piece alone: its forward pass and the backward pass from a random upstream gradient.
  let block = model.blocks[0]
  let stream = withoutGradient { model.tokens(ids: batch.inputs, shape: shape) }  // any [64, 64, 128] activations
  let normalized = withoutGradient { block.attentionNorm(stream) }
  let attention = block.attention
  // The layer's joined projection [W_q | W_k | W_v], as MultiHeadAttention computes it.
  let joinedProjection = { (x: Tensor) -> Tensor in
    x.matmul(
      Tensor.concatenated([attention.query.weight.value, attention.key.weight.value, attention.value.weight.value], alongAxis: 1),
      addingBias: Tensor.concatenated([attention.query.bias!.value, attention.key.bias!.value, attention.value.bias!.value], alongAxis: 0))
  }
  let packed = withoutGradient { joinedProjection(normalized) }
  let merged = withoutGradient { Tensor.scaledDotProductAttention(packed: packed, headCount: attention.headCount, causal: true).output }
  let expanded = withoutGradient { block.expand(normalized) }
  let logits = withoutGradient { model.readout(normalized.reshaped(to: [-1, model.features])) }
  let pieces: [(String, Tensor, (Tensor) -> Tensor)] = [
    ("embeddings", stream, { _ in
      model.tokens(ids: batch.inputs, shape: shape) + model.positions(ids: Array(0..<shape[1]), shape: [shape[1]])
    }),
    ("layer_norm", stream, { block.attentionNorm($0) }),
    ("qkv_projections", normalized, joinedProjection),
    ("attention_core", packed, { Tensor.scaledDotProductAttention(packed: $0, headCount: attention.headCount, causal: true).output }),
    ("output_projection", merged, { attention.output($0) }),
    ("mlp_expand", normalized, { block.expand($0) }),
    ("gelu", expanded, { $0.gelu() }),
    ("mlp_contract", expanded, { block.contract($0) }),
    ("residual_add", stream, { $0 + $0 }),
    ("readout", normalized, { model.readout($0.reshaped(to: [-1, model.features])) }),
    ("cross_entropy", logits, { $0.crossEntropy(targets: batch.targets) }),
  ]
  var entries: [(String, MetricValue)] = []
  for (name, input, piece) in pieces {
    // region: time-piece
    let outputShape = withoutGradient { piece(input).shape }
    let upstream = Tensor.uniform(shape: outputShape, in: -1...1, using: RandomGenerator(seed: 5))
    var milliseconds: [Double] = []
    for _ in 0..<(repetitions + 1) {
      let x = input.detached().requiringGradient()
      let start = DispatchTime.now().uptimeNanoseconds
      piece(x).backward(seed: upstream)
      milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
      model.clearGradients()
    }
    // endregion
    entries.append((name, .number(median(milliseconds))))
    chapter.say(name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", median(milliseconds)))
  }
  chapter.metrics.record("piece_milliseconds", MetricValue.object(entries))
}
