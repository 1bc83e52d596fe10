// MARK: - Mean over the real positions of padded sequences

extension Tensor {
  /// Each sequence's mean over its first `lengths[b]` positions, for a batch
  /// of sequences padded to one length: [batch, time, features] → [batch, features].
  ///
  ///     let pooled = stream.meanOverPositions(lengths: [5, 2, 4])  // [3, features]
  ///
  /// Computed as one product with weights 1/length on the real positions and
  /// 0 on the padding, so the padding changes neither the result nor, in the
  /// backward pass, receives any gradient. Keras's `GlobalAveragePooling1D`
  /// with a mask computes the same.
  ///
  /// - Parameter lengths: One length in 1...time for each sequence.
  public func meanOverPositions(lengths: [Int]) -> Tensor {
    check(
      rank == 3 && lengths.count == shape[0] && lengths.allSatisfy { (1...shape[1]).contains($0) },
      "meanOverPositions: a tensor of shape \(shape) should be [batch, time, features] with one length "
        + "in 1...time per sequence, got lengths \(lengths)")
    // region: mean-over-positions
    let time = shape[1]
    let weights = lengths.flatMap { length in (0..<time).map { $0 < length ? 1 / Float(length) : 0 } }
    return (self * Tensor(shape: [lengths.count, time, 1], scalars: weights)).sum(alongAxis: 1)
    // endregion
  }
}
