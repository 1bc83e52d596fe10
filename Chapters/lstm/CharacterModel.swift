import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

/// The text's "A character model of the fortunes": article 001's Embedding →
/// LSTM(128) → Dense model on the fortunes text (workload W3), with
/// validation bits per character after every epoch.
///
/// - Returns: the trained model, for sampling and for the gradient figure, and
///   a copy of its LSTM cell as it was before training, for the same figure.
func trainCharacterModel(_ chapter: ChapterRun, text: FortunesText) throws -> (
  model: CharacterLSTM, initialCell: LSTMCell
) {
  chapter.section("A character-level LSTM on the fortunes")
  let (training, validation) = (text.training, text.validation)
  // region: model
  let model = CharacterLSTM(vocabularySize: text.corpus.vocabularySize, random: chapter.random)
  // endregion
  let initialCell = copyOfCell(model.lstm.cell)
  chapter.metrics.record("parameter_count", model.parameterCount)
  for (name, parameter) in model.namedParameters {
    chapter.metrics.record("parameters_\(name.replacingOccurrences(of: ".", with: "_"))", parameter.value.scalarCount)
  }
  recordInputScale(chapter, text: text)
  let uniformBits = log2(Double(text.corpus.vocabularySize))
  chapter.metrics.record("uniform_bpc", uniformBits)
  chapter.metrics.record("initial_val_bpc", validationBits(of: model, on: validation))
  chapter.say(String(format: "%d parameters; before training: %.3f bits per character (a uniform guess: %.3f)",
    model.parameterCount, chapter.metrics.number("initial_val_bpc"), uniformBits))
  // With --compare-pytorch, one epoch of PyTorch on the same windows, before ours (nil without the flag).
  let pytorch = try chapter.timePyTorch(workload: "lstm", trainingExamples: training.count)

  // region: training
  // W3's recipe: Adam with learning rate 2e-3, β₁ 0.9, β₂ 0.999, ε 1e-8; clipping at 5; batches of 64 windows.
  let workload = Workload.w3(vocabularySize: text.corpus.vocabularySize)
  let optimizer = workload.makeOptimizer(for: model)
  try chapter.train(
    model: model, optimizer: optimizer, clipGradientNorm: workload.clipNorm,
    batches: { epoch in
      EpochBatches(count: training.count, batchSize: workload.batchSize, seed: chapter.seed, epoch: epoch)
        .map(ExampleIndices.init)
    },
    prepare: { batch in (training.batch(at: batch.indices), batch.indices.count) },  // on the second core
    loss: { prepared in
      let ((inputs, targets), windows) = prepared
      // Logits [windows × 64, vocabulary]: a prediction of the next byte at every position.
      return model(ids: inputs, shape: [windows, training.length]).crossEntropy(targets: targets)
    },
    evaluate: { _ in [("val_bpc", validationBits(of: model, on: validation))] })
  // endregion

  let seconds = chapter.metrics.numbers("epoch_seconds")
  let median = CourseKit.median(of: seconds)
  let steps = (training.count + workload.batchSize - 1) / workload.batchSize
  chapter.metrics.record("steps_per_epoch", steps)
  chapter.metrics.record("median_epoch_seconds", median)
  chapter.metrics.record("step_milliseconds", median / Double(steps) * 1e3)
  chapter.metrics.record("load_average_after_training", currentLoadAverage())
  // Training costs about three forward passes (a little less: no gradient for the state h_0);
  // the forward pass is 2 flops per weight use.
  let products = workload.productCount
  let tokensPerStep = Double(workload.targetsPerBatch)
  let tokens = Double(training.count * training.length)
  chapter.metrics.record("forward_megaflops_per_token", Double(products.forwardFLOPs) / tokensPerStep / 1e6)
  // The recurrence's part of a step's product arithmetic, from the same layer shapes.
  let recurrence = model.lstm.recurrenceProductCount(batch: workload.batchShape[0], time: workload.batchShape[1])
  chapter.metrics.record("recurrence_flop_share", Double(recurrence.trainingFLOPs) / Double(products.trainingFLOPs))
  chapter.metrics.record(
    "training_gigaflops_per_second", Double(products.trainingFLOPs) / tokensPerStep * tokens / median / 1e9)
  let bits = chapter.metrics.numbers("val_bpc_per_epoch")
  chapter.recordSideBySide(
    pytorch, oursEpochSeconds: median, examples: "\(training.count) windows of 64 bytes",
    chineseExamples: "\(training.count) 个 64 字节的窗口")
  // The peers' figures for the same recipe, from their own runs on another machine (shared/peers/RESULTS.md):
  // bits per character hold anywhere, the timings only there, so the text draws no ratio from them.
  chapter.metrics.record("pytorch_val_bpc", [3.0485, 2.8175])
  chapter.metrics.record("keras_val_bpc", [3.3858, 3.0802])
  chapter.recordPeerReference(
    workload: "W3, 2 epochs (times: median epoch; 500 bytes generated)",
    timings: [
      "pytorch_epoch_seconds": 25.29, "keras_epoch_seconds": 30.66,
      "pytorch_generation_seconds": 0.100, "keras_generation_seconds": 0.322,
    ])
  chapter.metrics.record("val_bpc_after_two_epochs", bits.count >= 2 ? bits[1] : bits.last ?? 0)
  chapter.metrics.record("train_bpc", chapter.metrics.numbers("train_loss").map(bitsPerCharacter(fromNats:)))
  chapter.say(String(format: "median epoch %.2f s (%d steps, %.1f ms per step, %.0f GFLOP/s); load average %.2f",
    median, steps, median / Double(steps) * 1e3, chapter.metrics.number("training_gigaflops_per_second"),
    chapter.metrics.number("load_average_after_training")))

  let epochs = (1...bits.count).map(Double.init)
  let curves = Panel(
    title: "Bits per character", xLabel: "epoch", yLabel: "bits per character", legend: .topRight,
    series: [
      .line(x: epochs, y: chapter.metrics.numbers("train_bpc"), title: "training (mean over the epoch)"),
      .line(x: epochs, y: bits, title: "validation (after the epoch)", dashed: true),
    ])
  try chapter.save(Figure(title: "Training the character LSTM", panels: [curves]), as: "loss-curve", preview: true)
  return (model, initialCell)
}

/// How strongly the byte read moves the gates at the start: the standard
/// deviation of x·W over a batch, with Keras's initialization and with PyTorch's.
private func recordInputScale(_ chapter: ChapterRun, text: FortunesText) {
  let windows = Array(0..<min(64, text.training.count))
  let ids = text.training.batch(at: windows).inputs
  for (name, initialization) in [("keras", CharacterLSTM.Initialization.keras), ("pytorch", .pytorch)] {
    let model = CharacterLSTM(vocabularySize: text.corpus.vocabularySize, initialization: initialization,
      random: RandomGenerator(seed: chapter.seed &+ 51))
    let projection = withoutGradient {
      model.embedding(ids: ids, shape: [windows.count, text.training.length]).matmul(model.lstm.cell.inputWeight.value)
    }
    let values = projection.scalars.map(Double.init)
    let mean = values.reduce(0, +) / Double(values.count)
    let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    chapter.metrics.record("input_projection_std_\(name)", deviation)
  }
}

// region: validation-bits
/// The mean bits per character of `model` over every position of every
/// validation window: the mean cross-entropy in nats divided by ln 2.
func validationBits(of model: CharacterLSTM, on windows: TextWindows) -> Double {
  bitsPerCharacter(over: windows, chunkSize: 256) { inputs, shape in model(ids: inputs, shape: shape) }
}
// endregion
