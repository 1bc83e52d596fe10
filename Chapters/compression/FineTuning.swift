import Autograd
import CourseKit
import Datasets
import Foundation
import Workloads

/// Trains `model` on `train` with chapter 4's recipe (Adam 1e-3, batches of
/// 32, each batch's two halves at once on the two cores) for `epochs`
/// epochs, after which `afterStep` may change the weights (a pruning mask).
///
/// - Parameters:
///   - loss: The mean loss of the images at some indices, their labels and the indices.
/// - Returns: The seconds of each epoch.
@discardableResult
func fineTune(
  _ chapter: ChapterRun, model: Sequential, train: ImageDataset, epochs: Int, seed: UInt64,
  afterStep: () -> Void = {},
  loss: @escaping (_ images: Tensor, _ labels: [Int], _ indices: [Int]) -> Tensor
) throws -> [Double] {
  let optimizer = Workload.w2.makeOptimizer(for: model)
  model.setTraining(true)
  defer { model.setTraining(false) }
  var seconds: [Double] = []
  for epoch in 1...epochs {
    let start = DispatchTime.now().uptimeNanoseconds
    for batch in EpochBatches(count: train.count, batchSize: Workload.w2.batchSize, seed: seed, epoch: epoch) {
      optimizer.clearGradients()
      guard batch.count >= 2 else {
        loss(train.nhwcImages(at: batch), train.labels(at: batch), batch).backward()
        optimizer.step()
        afterStep()
        continue
      }
      let middle = batch.count / 2
      let halves = (Array(batch[..<middle]), Array(batch[middle...]))
      let shares = (Float(halves.0.count) / Float(batch.count), Float(halves.1.count) / Float(batch.count))
      let values = backwardInHalves(halves.0, halves.1, weights: shares) { indices in
        loss(train.nhwcImages(at: indices), train.labels(at: indices), indices)
      }
      guard values.0.isFinite && values.1.isFinite else {
        throw ChapterError("fine-tuning stopped: the loss became \(values) at epoch \(epoch); try a smaller learning rate")
      }
      optimizer.step()
      afterStep()
    }
    seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    try chapter.stopIfInterrupted()
  }
  return seconds
}

/// The median of `repeats` timings of `body`, in milliseconds.
func medianMilliseconds(repeats: Int, _ body: () -> Void) -> Double {
  median(of: (0..<repeats).map { _ in
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6
  })
}
