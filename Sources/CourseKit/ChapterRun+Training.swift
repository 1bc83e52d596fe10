import Autograd
import Foundation

/// A batch that knows how many examples it holds, so that the epoch's loss
/// is a mean over examples, as PyTorch and Keras report it.
public protocol TrainingBatch {
  var exampleCount: Int { get }

  /// The batch cut in two parts of about the same size, for training on
  /// two cores at once, or `nil` if it cannot be cut (the default).
  func halves() -> (Self, Self)?
}

extension TrainingBatch {
  public func halves() -> (Self, Self)? { nil }
}

/// What one epoch of training produced.
public struct EpochResult {
  public let epoch: Int
  /// The mean training loss over the epoch's examples.
  public let trainLoss: Double
  /// Wall time of the epoch's training loop (batches, forward, backward, updates).
  public let seconds: Double
  /// What `evaluate` returned after the epoch, such as `test_accuracy`.
  public let evaluation: [(name: String, value: Double)]
}

extension ChapterRun {
  /// Trains `model` for ``epochs`` epochs, with progress, checks and checkpoints.
  ///
  /// Each step clears the gradients, computes the batch's loss, stops with a
  /// clear error if it is NaN or infinite, runs `backward()`, clips the
  /// gradients' global norm if asked, and updates the parameters. After each
  /// epoch, `evaluate` runs (without recording gradients), a summary line is
  /// printed and the checkpoint is replaced. With `--resume`, training picks
  /// up after the checkpoint's epoch with the history it recorded.
  ///
  /// Records `train_loss`, `epoch_seconds` and each evaluated name (as a list
  /// per epoch, and its last value under the plain name) in the metrics.
  ///
  /// - Parameters:
  ///   - batches: The batches of epoch `n` (from 1), in the order to train on them.
  ///   - loss: The mean loss of a batch, computed by the model.
  ///   - evaluate: Measurements after each epoch, such as `("test_accuracy", 0.87)`.
  /// - Returns: Every epoch's result, including those before a resume.
  @discardableResult
  public func train<Batch: TrainingBatch>(
    model: some Layer, optimizer: some Optimizer, clipGradientNorm maxNorm: Float? = nil,
    batches: (_ epoch: Int) -> [Batch],
    loss: (Batch) -> Tensor,
    evaluate: (_ epoch: Int) -> [(name: String, value: Double)] = { _ in [] }
  ) throws -> [EpochResult] {
    try train(
      model: model, optimizer: optimizer, clipGradientNorm: maxNorm, batches: batches,
      prefetch: Optional<(Batch) -> Void>.none, loss: { batch, _ in loss(batch) }, evaluate: evaluate)
  }

  /// Trains as ``train(model:optimizer:clipGradientNorm:batches:loss:evaluate:)``
  /// does, with each batch's data made ready by `prepare` on a second thread,
  /// a few steps ahead: gathering examples then overlaps with training.
  ///
  /// - Parameters:
  ///   - prepare: Turns a batch (indices, say) into its data (tensors).
  ///     It runs on another thread, so it may only read shared data.
  ///   - inHalves: Train on each batch's two ``TrainingBatch/halves()`` at
  ///     once, one per core, with `backwardInHalves`: the same gradient up to
  ///     rounding, and every operation of the step on two cores. Only when
  ///     matrix products may use two threads (`--threads 2`, the default on
  ///     two cores). `prepare` then runs for each half on the core that
  ///     trains on it, instead of ahead on a third thread, and `loss` runs on
  ///     two threads at once, so the model must not change while it runs: no dropout.
  @discardableResult
  public func train<Batch: TrainingBatch, Prepared>(
    model: some Layer, optimizer: some Optimizer, clipGradientNorm maxNorm: Float? = nil,
    batches: (_ epoch: Int) -> [Batch],
    prepare: @escaping @Sendable (Batch) -> Prepared,
    inHalves: Bool = false,
    loss: (Prepared) -> Tensor,
    evaluate: (_ epoch: Int) -> [(name: String, value: Double)] = { _ in [] }
  ) throws -> [EpochResult] {
    try train(
      model: model, optimizer: optimizer, clipGradientNorm: maxNorm, batches: batches, prefetch: prepare,
      inHalves: inHalves, loss: { _, prepared in loss(prepared!) }, evaluate: evaluate)
  }

  private func train<Batch: TrainingBatch, Prepared>(
    model: some Layer, optimizer: some Optimizer, clipGradientNorm maxNorm: Float?,
    batches: (_ epoch: Int) -> [Batch],
    prefetch prepare: ((Batch) -> Prepared)?,
    inHalves: Bool = false,
    loss: (Batch, Prepared?) -> Tensor,
    evaluate: (_ epoch: Int) -> [(name: String, value: Double)]
  ) throws -> [EpochResult] {
    let splitsBatches = inHalves && ExecutionPolicy.threading == .halves
    var history = options.resume ? try resumeHistory(model: model, optimizer: optimizer, batches: batches, evaluate: evaluate) : []
    let parameters = model.parameters
    for epoch in stride(from: history.count + 1, through: epochs, by: 1) {
      let epochBatches = batches(epoch)
      let progress = ProgressReporter(epoch: epoch, of: epochs, steps: epochBatches.count)
      var lossSum = 0.0
      var exampleCount = 0
      model.setTraining(true)
      let start = DispatchTime.now().uptimeNanoseconds
      // In halves, each core gathers its own half's data as it starts on it:
      // a third thread would take a core from one of the halves.
      let prefetcher = splitsBatches ? nil : prepare.map { BatchPrefetcher(epochBatches, prepare: $0) }
      for (index, batch) in epochBatches.enumerated() {
        let prefetched = prefetcher?.next()?.1
        optimizer.clearGradients()
        let value: Double
        if splitsBatches, let halves = batch.halves() {
          value = lossAndBackward(halves: halves, exampleCount: batch.exampleCount) { half in loss(half, prepare?(half)) }
        } else {
          value = lossAndBackward(loss(batch, prefetched ?? prepare?(batch)))
        }
        guard value.isFinite else {
          progress.finish()
          throw ChapterError(
            "training stopped: the loss became \(value) at epoch \(epoch), step \(index + 1); "
              + lastCheckpointAdvice(history) + " Try a smaller learning rate or gradient clipping.")
        }
        if let maxNorm { clipGradientNorm(parameters, maxNorm: maxNorm) }
        optimizer.step()
        lossSum += value * Double(batch.exampleCount)
        exampleCount += batch.exampleCount
        progress.update(done: index + 1, loss: lossSum / Double(max(exampleCount, 1)))
        if Interruption.wasRequested {
          progress.finish()
          throw ChapterError(
            "interrupted at epoch \(epoch), step \(index + 1); " + lastCheckpointAdvice(history))
        }
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
      progress.finish()
      model.setTraining(false)
      let evaluation = withoutGradient { evaluate(epoch) }
      let result = EpochResult(
        epoch: epoch, trainLoss: lossSum / Double(max(exampleCount, 1)), seconds: seconds, evaluation: evaluation)
      history.append(result)
      // Long runs of short epochs print about twenty summaries, not hundreds.
      let interval = max(1, epochs / 20)
      if epoch % interval == 0 || epoch == 1 || epoch == epochs { say(summary(of: result)) }
      try saveCheckpoint(of: model, optimizer: optimizer, metadata: checkpointMetadata(history), to: checkpointURL)
    }
    record(history)
    return history
  }

  /// The value of a batch's mean loss, with its gradient added to the
  /// parameters' unless the loss is not finite.
  private func lossAndBackward(_ batchLoss: Tensor) -> Double {
    let value = Double(batchLoss.scalar)
    if value.isFinite { batchLoss.backward() }
    return value
  }

  /// The mean loss of a batch from its two halves, differentiated at once on two cores.
  private func lossAndBackward<Batch: TrainingBatch>(
    halves: (Batch, Batch), exampleCount: Int, loss: (Batch) -> Tensor
  ) -> Double {
    // Each half's loss is a mean over its examples: weighted by its share, they sum to the batch's mean.
    let shares = (Float(halves.0.exampleCount) / Float(exampleCount), Float(halves.1.exampleCount) / Float(exampleCount))
    let values = backwardInHalves(halves.0, halves.1, weights: shares, loss: loss)
    return Double(shares.0 * values.0 + shares.1 * values.1)
  }

  private func summary(of result: EpochResult) -> String {
    let measured = result.evaluation.map { "\($0.name.replacingOccurrences(of: "_", with: " ")) \(String(format: "%.4f", $0.value))" }
    return (["epoch \(result.epoch)/\(epochs): train loss \(String(format: "%.4f", result.trainLoss))"] + measured
      + [result.seconds < 0.1 ? String(format: "%.1f ms", result.seconds * 1000) : String(format: "%.2f s", result.seconds)])
      .joined(separator: ", ")
  }

  private func lastCheckpointAdvice(_ history: [EpochResult]) -> String {
    guard let last = history.last else { return "no epoch finished, so there is no checkpoint to resume from." }
    return "the checkpoint of epoch \(last.epoch) is in \(checkpointURL.path); continue with --resume."
  }

  private func record(_ history: [EpochResult]) {
    metrics.record("train_loss", history.map(\.trainLoss))
    metrics.record("epoch_seconds", history.map(\.seconds))
    for (name, _) in history.last?.evaluation ?? [] {
      let values = history.compactMap { result in result.evaluation.first { $0.name == name }?.value }
      metrics.record(name + "_per_epoch", values)
      if let last = values.last { metrics.record(name, last) }
    }
  }
}
