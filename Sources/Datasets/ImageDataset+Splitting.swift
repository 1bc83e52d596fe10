/// Subsets and class-balanced splits of an image data set: how a training
/// set gives up a validation set, and how k-fold cross-validation cuts one.
extension ImageDataset {
  /// The images at `indices`, in that order, as a data set of their own.
  ///
  /// - Complexity: O(n) in the images kept (they are copied).
  public func subset(at indices: [Int]) -> ImageDataset {
    let batch = batch(at: indices)
    return ImageDataset(images: batch.images, labels: batch.labels, height: height, width: width, classNames: classNames)
  }

  // region: stratified-split
  /// Positions of the images split in two parts, each class split in the
  /// same proportion: `heldOutCount` images go to the second part, shared
  /// out over the classes as their shares of the whole (largest remainders
  /// first), the rest to the first part. Which images of a class are held
  /// out is a shuffle fixed by `seed`.
  ///
  /// A random split of a small set can leave one class under-represented in
  /// the validation set; a stratified one keeps every class's share, so
  /// validation accuracy is measured on the same mixture as the test set's.
  ///
  /// - Returns: the kept and the held-out positions, each in increasing order.
  public func stratifiedSplit(heldOutCount: Int, seed: UInt64) -> (kept: [Int], heldOut: [Int]) {
    precondition((0...count).contains(heldOutCount), "stratifiedSplit: \(heldOutCount) held out of \(count) images")
    var byClass = [[Int]](repeating: [], count: classNames.count)
    for (index, label) in labels.enumerated() { byClass[label].append(index) }
    // Each class's exact share, then the leftover images to the largest fractions.
    let exact = byClass.map { Double($0.count) * Double(heldOutCount) / Double(Swift.max(count, 1)) }
    var quota = exact.map { Int($0.rounded(.down)) }
    let leftover = heldOutCount - quota.reduce(0, +)
    let byFraction = exact.indices.sorted { (exact[$0] - Double(quota[$0]), $1) > (exact[$1] - Double(quota[$1]), $0) }
    for label in byFraction.prefix(leftover) { quota[label] += 1 }
    var generator = SplitMix64(seed: SplitMix64.mix(seed, 0x5EED_5B11))
    var (kept, heldOut) = ([Int](), [Int]())
    for (label, members) in byClass.enumerated() {
      let order = shuffledIndices(count: members.count, using: &generator).map { members[$0] }
      heldOut += order.prefix(quota[label])
      kept += order.dropFirst(quota[label])
    }
    return (kept.sorted(), heldOut.sorted())
  }
  // endregion

  /// The positions of `folds` class-balanced folds that together hold every
  /// image once: each class's images, shuffled by `seed`, dealt out in turn.
  ///
  /// For k-fold cross-validation, fold `k` validates a model trained on the others.
  public func stratifiedFolds(_ folds: Int, seed: UInt64) -> [[Int]] {
    precondition(folds >= 2 && folds <= count, "stratifiedFolds: \(folds) folds of \(count) images")
    var generator = SplitMix64(seed: SplitMix64.mix(seed, 0xF01D))
    var result = [[Int]](repeating: [], count: folds)
    var next = 0
    for label in classNames.indices {
      let members = labels.indices.filter { labels[$0] == label }
      for position in shuffledIndices(count: members.count, using: &generator) {
        result[next].append(members[position])
        next = (next + 1) % folds
      }
    }
    return result.map { $0.sorted() }
  }
}
