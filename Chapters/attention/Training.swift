import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

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
  // W4's recipe: AdamW, learning rate 1e-3, weight decay 0.01, Keras's ε 1e-7 (PyTorch's is 1e-8, see
  // the text); clipping at 5; batches of 64 windows.
  let workload = Workload.w4(vocabularySize: text.corpus.vocabularySize)
  let optimizer = workload.makeOptimizer(for: model)
  try chapter.train(
    model: model, optimizer: optimizer, clipGradientNorm: workload.clipNorm,
    batches: { epoch in
      EpochBatches(count: train.count, batchSize: workload.batchSize, seed: chapter.seed, epoch: epoch)
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

  let steps = (train.count + workload.batchSize - 1) / workload.batchSize
  let seconds = chapter.metrics.numbers("epoch_seconds")
  let median = CourseKit.median(of: seconds)
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
/// Which bytes the model reads when it predicts the next one.
///
/// The model has one learned embedding for each position 0 ..< 64, so a byte's
/// keys and values depend on where in the window it sits. Sliding a full
/// window on by one byte moves every byte to a new position: no cached key or
/// value is valid any more. So when the window is full, it restarts from its
/// last `keptOnRestart` bytes, which are read again in one batched pass, and
/// grows from there one position at a time. Each byte is then predicted from
/// between `keptOnRestart` and 64 bytes of context; keeping all 64 is the
/// sliding window, which restarts at every byte.
struct ContextRule {
  let windowLength: Int
  let keptOnRestart: Int

  /// The window once `byte` is added: appended while there is room, else
  /// the last `keptOnRestart` bytes (a restart, which invalidates a cache).
  func window(_ window: [Int], adding byte: Int) -> (window: [Int], restarted: Bool) {
    if window.count < windowLength { return (window + [byte], false) }
    return (Array((window + [byte]).suffix(keptOnRestart)), true)
  }
}

/// Samples `count` bytes from the model, one at a time, starting from `prompt`,
/// each from the logits of the last position of the window `rule` gives.
///
/// With `cached`, the blocks keep the keys and values of the window's
/// positions, so a new byte costs one position's pass; a restart costs one
/// batched pass over the bytes kept. Without, every byte re-reads its whole
/// window: the reference the cached path must reproduce. `observe` sees each
/// window and the logits sampled from.
func generate(
  _ model: CharacterTransformer, prompt: [Int], count: Int, rule: ContextRule, temperature: Double,
  random: RandomGenerator, cached: Bool = true, observe: (_ window: [Int], _ logits: [Float]) -> Void = { _, _ in }
) -> [Int] {
  let caches = model.makeCaches()
  /// The logits after `window`, whose last `newBytes` the caches do not hold yet.
  func logits(after window: [Int], newBytes: Int) -> [Float] {
    if cached { return model.nextByteLogits(appending: Array(window.suffix(newBytes)), to: caches) }
    let all = model(ids: window, shape: [1, window.count])  // [window.count, vocabulary]
    return Array(all.scalars.suffix(all.shape[1]))
  }
  var window = Array(prompt.suffix(rule.windowLength))
  var generated: [Int] = []
  withoutGradient {
    var nextLogits = logits(after: window, newBytes: window.count)
    while generated.count < count {
      observe(window, nextLogits)
      let next = sampleToken(fromLogits: nextLogits, temperature: temperature, using: random)
      generated.append(next)
      guard generated.count < count else { break }
      let restarted: Bool
      (window, restarted) = rule.window(window, adding: next)
      if restarted { caches.forEach { $0.removeAll() } }
      nextLogits = logits(after: window, newBytes: restarted ? window.count : 1)
    }
  }
  return generated
}
// endregion
