import Autograd
import Datasets

/// One training step's examples, by their positions in the training set;
/// their pixels are gathered by the chapter (on the second core, through
/// `train(prepare:)`), so a batch stays a list of indices until then.
public struct ExampleIndices: TrainingBatch {
  public let indices: [Int]
  public var exampleCount: Int { indices.count }

  public init(_ indices: [Int]) {
    self.indices = indices
  }

  /// The first and the second half of the indices (the first is the smaller
  /// one when the count is odd), or `nil` for fewer than two examples.
  public func halves() -> (ExampleIndices, ExampleIndices)? {
    guard indices.count >= 2 else { return nil }
    let middle = indices.count / 2
    return (ExampleIndices(Array(indices[..<middle])), ExampleIndices(Array(indices[middle...])))
  }
}

/// The fraction of predictions equal to their labels.
public func accuracy(predictions: [Int], labels: [Int]) -> Double {
  Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(labels.count)
}

/// The logits of `model` for every image of `data`, without recording
/// gradients, computed `chunkSize` images at a time so that the activations
/// of a whole test set never sit in memory at once.
///
/// - Parameter images: The tensor of the images at some indices, in the
///   layout the model reads (flat rows for an MLP, NHWC for a CNN).
public func classLogits(
  of model: some Layer, for data: ImageDataset, chunkSize: Int = 500, images: ([Int]) -> Tensor
) -> Tensor {
  withoutGradient {
    let chunks = stride(from: 0, to: data.count, by: chunkSize).map { start in
      model(images(Array(start..<min(start + chunkSize, data.count))))
    }
    return Tensor.concatenated(chunks, alongAxis: 0)
  }
}
