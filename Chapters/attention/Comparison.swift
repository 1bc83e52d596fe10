import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting
import Workloads

/// Section 9: chapter 6's W3 LSTM trained in the same run, on the same
/// windows in the same order, for the same epochs, so that both models are
/// timed on the same machine at the same moment.
func compareWithLSTM(_ chapter: ChapterRun, text: FortunesText) throws {
  chapter.section("Against chapter 6's LSTM")
  let (train, validation) = (text.train, text.validation)
  // region: lstm
  let lstm = CharacterLSTM(vocabularySize: text.corpus.vocabularySize, random: RandomGenerator(seed: chapter.seed &+ 5))
  let w3 = Workload.w3(vocabularySize: text.corpus.vocabularySize)  // Adam 2e-3, clip 5, batch 64
  let optimizer = w3.makeOptimizer(for: lstm)
  // endregion
  chapter.metrics.record("lstm_parameter_count", lstm.parameterCount)
  var (seconds, bpc, trainBPC) = ([Double](), [Double](), [Double]())
  for epoch in 1...chapter.epochs {
    // region: lstm-training
    let batches = EpochBatches(count: train.count, batchSize: w3.batchSize, seed: chapter.seed, epoch: epoch)
    var (lossSum, windows) = (0.0, 0)
    let start = DispatchTime.now().uptimeNanoseconds
    for indices in batches {
      try chapter.stopIfInterrupted()  // Ctrl-C: stop here, not after both epochs
      let batch = train.batch(at: indices)
      optimizer.clearGradients()
      let loss = lstm(ids: batch.inputs, shape: [indices.count, train.length]).crossEntropy(targets: batch.targets)
      loss.backward()
      if let maxNorm = w3.clipNorm { clipGradientNorm(lstm.parameters, maxNorm: maxNorm) }
      optimizer.step()
      lossSum += Double(loss.scalar) * Double(indices.count)
      windows += indices.count
    }
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    bpc.append(bitsPerCharacter(over: validation) { ids, shape in lstm(ids: ids, shape: shape) })
    // endregion
    trainBPC.append(bitsPerCharacter(fromNats: lossSum / Double(windows)))
    chapter.say(String(format: "LSTM epoch %d/%d: train bpc %.4f, val bpc %.4f, %.2f s", epoch, chapter.epochs,
      trainBPC.last!, bpc.last!, seconds.last!))
  }
  chapter.metrics.record("lstm_epoch_seconds", seconds)
  chapter.metrics.record("lstm_val_bpc_per_epoch", bpc)
  chapter.metrics.record("lstm_val_bpc", bpc.last!)
  chapter.metrics.record("lstm_train_bpc", trainBPC)

  let transformerSeconds = chapter.metrics.numbers("epoch_seconds")
  let transformerBPC = chapter.metrics.numbers("val_bpc_per_epoch")
  let transformerParameters = Double(chapter.metrics.number("parameter_count"))
  let lstmParameters = Double(lstm.parameterCount)
  chapter.metrics.record("time_ratio", transformerSeconds.reduce(0, +) / seconds.reduce(0, +))
  chapter.metrics.record("parameter_ratio", transformerParameters / lstmParameters)
  chapter.metrics.record("bpc_gain", bpc.last! - transformerBPC.last!)
  // Bits per character bought per second of training and per thousand parameters, from the
  // uniform guess's log₂(vocabulary) bits down to the final validation figure.
  let uniform = log2(Double(text.corpus.vocabularySize))
  chapter.metrics.record("uniform_bpc", uniform)

  // region: comparison-figure
  let cumulative = { (values: [Double]) in values.indices.map { values[...$0].reduce(0, +) } }
  let againstTime = Panel(
    title: "Validation bpc against training time", xLabel: "seconds of training", yLabel: "bits per character",
    legend: .topRight,
    series: [
      .line(x: cumulative(transformerSeconds), y: transformerBPC, title: "Transformer"),
      .line(x: cumulative(seconds), y: bpc, title: "LSTM", dashed: true),
    ])
  let againstParameters = Panel(
    title: "Validation bpc against parameters", xLabel: "parameters", yLabel: "bits per character after the last epoch",
    legend: .topRight,
    series: [
      .scatter(x: [transformerParameters], y: [transformerBPC.last!], title: "Transformer", pointSize: 2),
      .scatter(x: [lstmParameters], y: [bpc.last!], title: "LSTM", pointSize: 2),
    ])
  // endregion
  // Seconds of training at the end of each epoch, to set each model's bpc
  // against the other's after about the same time ("better per second?").
  chapter.metrics.record("lstm_cumulative_seconds", cumulative(seconds))
  chapter.metrics.record("cumulative_epoch_seconds", cumulative(transformerSeconds))
  try chapter.save(Figure(title: "Transformer and LSTM, same data, same epochs", panels: [againstTime, againstParameters]),
    as: "transformer-vs-lstm", preview: true)
}
