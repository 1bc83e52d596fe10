import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// The Transformer's hyperparameters, W4 of the course brief.
enum Recipe {
  static let batchSize = 64
  static let learningRate: Float = 1e-3
  static let weightDecay: Float = 0.01
  /// Keras's default; PyTorch's is 1e-8 (see the text).
  static let adamEpsilon: Float = 1e-7
  static let clipNorm: Float = 5
}

/// Section 6: the W4 Transformer on the fortunes text.
///
/// - Returns: the trained model.
func trainTransformer(_ chapter: ChapterRun, text: FortunesText) throws -> CharacterTransformer {
  chapter.section("A character Transformer on the fortunes")
  let (train, validation) = (text.train, text.validation)
  let model = CharacterTransformer(vocabularySize: text.corpus.vocabularySize, random: chapter.random)
  chapter.metrics.record("parameter_count", model.parameterCount)
  // The peers' count for W4, as their RESULTS.md reports it for both models: cited, then checked against ours.
  let peerParameterCount = 434_290
  chapter.metrics.record("peer_parameter_count_cited", peerParameterCount)
  chapter.metrics.record("parameters_match_peers", model.parameterCount == peerParameterCount)
  recordParameterTable(chapter, model: model)
  // With --compare-pytorch, one epoch of PyTorch on the same windows, before ours (nil without the flag).
  let pytorch = try chapter.timePyTorch(workload: "transformer", trainingExamples: train.count)

  // region: training
  let optimizer = AdamW(
    parameters: model.namedParameters, learningRate: Recipe.learningRate, epsilon: Recipe.adamEpsilon,
    weightDecay: Recipe.weightDecay)
  try chapter.train(
    model: model, optimizer: optimizer, clipGradientNorm: Recipe.clipNorm,
    batches: { epoch in
      EpochBatches(count: train.count, batchSize: Recipe.batchSize, seed: chapter.seed, epoch: epoch)
        .map(ExampleIndices.init)
    },
    prepare: { batch in train.batch(at: batch.indices) },
    inHalves: true,  // each batch's two halves at once, one per core
    loss: { batch in
      let windows = batch.inputs.count / train.length
      return model(ids: batch.inputs, shape: [windows, train.length]).crossEntropy(targets: batch.targets)
    },
    evaluate: { _ in
      [("val_bpc", bitsPerCharacter(over: validation) { ids, shape in model(ids: ids, shape: shape) })]
    })
  // endregion

  let steps = (train.count + Recipe.batchSize - 1) / Recipe.batchSize
  let seconds = chapter.metrics.numbers("epoch_seconds")
  let median = seconds.sorted()[seconds.count / 2]
  chapter.say(String(format: "%d steps per epoch; median epoch %.2f s, %.1f ms per step.",
    steps, median, median / Double(steps) * 1e3))
  chapter.metrics.record("steps_per_epoch", steps)
  chapter.metrics.record("median_epoch_seconds", median)
  chapter.metrics.record("step_milliseconds", median / Double(steps) * 1e3)
  chapter.metrics.record("characters_per_second", Double(train.count * train.length) / median)
  chapter.metrics.record("load_average_after_training", currentLoadAverage())
  chapter.metrics.record("train_bpc", chapter.metrics.numbers("train_loss").map { bitsPerCharacter(fromNats: $0) })
  chapter.recordSideBySide(pytorch, oursEpochSeconds: median, examples: "\(train.count) windows of 64 bytes")
  // The peers' figures for the same recipe, from their own runs on another machine (shared/peers/RESULTS.md):
  // bits per character hold anywhere, the timings only there, so the text draws no ratio from them.
  chapter.metrics.record("pytorch_val_bpc", [3.0226, 2.7612])
  chapter.metrics.record("keras_val_bpc", [2.9023, 2.6481])
  chapter.recordPeerReference(
    workload: "W4, 2 epochs (times: median epoch)",
    timings: ["pytorch_epoch_seconds": 76.62, "keras_epoch_seconds": 144.46])

  let curves = Panel(
    title: "Bits per character", xLabel: "epoch", yLabel: "bits per character", legend: .topRight,
    series: [
      .line(y: chapter.metrics.numbers("train_bpc"), title: "training (mean over the epoch)"),
      .line(y: chapter.metrics.numbers("val_bpc_per_epoch"), title: "validation (after the epoch)", dashed: true),
    ])
  try chapter.save(Figure(title: "Training the Transformer", panels: [curves]), as: "training-curves", preview: true)
  return model
}

/// The parameters of each part of the model, and the total.
private func recordParameterTable(_ chapter: ChapterRun, model: CharacterTransformer) {
  let block = model.blocks[0]
  let parts: [(String, Int)] = [
    ("token_embedding", model.tokens.parameterCount),
    ("position_embedding", model.positions.parameterCount),
    ("attention_per_block", block.attention.parameterCount),
    ("mlp_per_block", block.expand.parameterCount + block.contract.parameterCount),
    ("norms_per_block", block.attentionNorm.parameterCount + block.mlpNorm.parameterCount),
    ("final_norm", model.finalNorm.parameterCount),
    ("readout", model.readout.parameterCount),
  ]
  chapter.metrics.record("parameters", MetricValue.object(parts.map { ($0.0, .integer($0.1)) }))
  chapter.say("parameters: " + parts.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "; total \(model.parameterCount)")
}

// region: generate
/// Samples `count` bytes from the model, one at a time, starting from `prompt`.
///
/// A Transformer has no state to carry: each step runs the model on the
/// last `windowLength` bytes (all it was trained to see) and samples the next
/// byte from the logits of the last position.
func generate(
  _ model: CharacterTransformer, prompt: [Int], count: Int, windowLength: Int, temperature: Double,
  random: RandomGenerator
) -> [Int] {
  var context = prompt
  var generated: [Int] = []
  withoutGradient {
    for _ in 0..<count {
      let window = Array(context.suffix(windowLength))
      let logits = model(ids: window, shape: [1, window.count])  // [window.count, vocabulary]
      let last = Array(logits.scalars.suffix(logits.shape[1]))
      let next = sampleToken(fromLogits: last, temperature: temperature, using: random)
      generated.append(next)
      context.append(next)
    }
  }
  return generated
}
// endregion

/// Section 7: samples at three temperatures, and the time 500 bytes take.
func sampleText(_ chapter: ChapterRun, model: CharacterTransformer, text: FortunesText) {
  chapter.section("Samples")
  let prompt = text.corpus.encode([UInt8(ascii: "\n")]) ?? [0]
  let count = chapter.isQuick ? 50 : 500
  var entries: [(String, MetricValue)] = []
  for (name, temperature) in [("t0_5", 0.5), ("t1_0", 1.0), ("t1_5", 1.5)] {
    let random = RandomGenerator(seed: chapter.seed &+ 11)
    let start = DispatchTime.now().uptimeNanoseconds
    let ids = generate(model, prompt: prompt, count: count, windowLength: text.train.length, temperature: temperature,
      random: random)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    if temperature == 1 {
      chapter.metrics.record("generation_bytes", count)
      chapter.metrics.record("generation_seconds", seconds)
      chapter.metrics.record("generation_microseconds_per_byte", seconds / Double(count) * 1e6)
    }
    let sample = printable(text.corpus.decode(ids.prefix(240)))
    entries.append((name, .text(sample)))
    chapter.say("temperature \(temperature): \(sample)")
  }
  chapter.metrics.record("samples", MetricValue.object(entries))
}
