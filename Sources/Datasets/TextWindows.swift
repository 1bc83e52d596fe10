/// Non-overlapping windows over a sequence of ids, each with its next-id
/// targets: what a language model learns from.
///
/// Window `n` starts at id `n × length`; its inputs are `length` ids from there,
/// its targets the same span shifted by one, so the model predicts every next
/// byte. Like the peers' `windows()`: `(ids.count - 1) / length` windows, the
/// remainder at the end unused.
///
///     ids      h  e  l  l  o  _  w  o  r  l  d
///     window 0 inputs h e l l, targets e l l o   (length 4)
///     window 1 inputs o _ w o, targets _ w o r
public struct TextWindows: Sendable {
  /// The ids the windows cut, all of them (windows do not copy).
  public let ids: [Int]
  /// The ids in each window.
  public let length: Int

  /// Windows of `length` ids over `ids`.
  public init(ids: [Int], length: Int) {
    precondition(length > 0, "TextWindows: window length \(length) must be positive")
    self.ids = ids
    self.length = length
  }

  /// The number of windows `idCount` ids give: every window needs one more id
  /// after it for its last target.
  public static func count(ofIDs idCount: Int, length: Int) -> Int {
    max(0, idCount - 1) / length
  }

  /// The number of windows.
  public var count: Int { Self.count(ofIDs: ids.count, length: length) }

  /// The inputs of window `index`.
  public func inputs(ofWindow index: Int) -> ArraySlice<Int> {
    checkWindow(index)
    return ids[(index * length)..<((index + 1) * length)]
  }

  /// The targets of window `index`: its inputs shifted by one.
  public func targets(ofWindow index: Int) -> ArraySlice<Int> {
    checkWindow(index)
    return ids[(index * length + 1)..<((index + 1) * length + 1)]
  }

  /// The first `maximumCount` windows (all of them if there are fewer), for quick runs.
  public func prefix(_ maximumCount: Int) -> TextWindows {
    precondition(maximumCount >= 0, "TextWindows.prefix: negative count \(maximumCount)")
    let kept = min(maximumCount, count)
    return TextWindows(ids: Array(ids[..<(kept == 0 ? 0 : kept * length + 1)]), length: length)
  }

  /// The windows at `indices`, in that order, copied into two contiguous
  /// `indices.count × length` arrays, row-major.
  ///
  ///     for indices in EpochBatches(count: windows.count, batchSize: 64, seed: seed, epoch: epoch) {
  ///       let batch = windows.batch(at: indices)
  ///       let logits = model(embedding(ids: batch.inputs, shape: [indices.count, 64]))
  ///       let loss = logits.crossEntropy(targets: batch.targets)
  ///     }
  ///
  /// - Complexity: O(batch size × length).
  public func batch(at indices: [Int]) -> (inputs: [Int], targets: [Int]) {
    var batchInputs: [Int] = []
    var batchTargets: [Int] = []
    batchInputs.reserveCapacity(indices.count * length)
    batchTargets.reserveCapacity(indices.count * length)
    for index in indices {
      batchInputs += inputs(ofWindow: index)
      batchTargets += targets(ofWindow: index)
    }
    return (batchInputs, batchTargets)
  }

  private func checkWindow(_ index: Int) {
    precondition((0..<count).contains(index), "TextWindows: window \(index) is outside 0..<\(count)")
  }
}
