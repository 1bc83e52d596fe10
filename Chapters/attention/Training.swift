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
  chapter.recordSideBySide(
    pytorch, oursEpochSeconds: median, examples: "\(train.count) windows of 64 bytes",
    chineseExamples: "\(train.count) 个 64 字节的窗口")
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

