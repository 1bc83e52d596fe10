/// The order in which one epoch visits a data set: a permutation of its
/// indices cut into batches, the last one smaller if the batch size does not
/// divide the count.
///
///     let batches = EpochBatches(count: train.count, batchSize: 32, seed: 7, epoch: epoch)
///     for indices in batches {
///       let batch = train.batch(at: indices)   // 32 images and labels, contiguous
///       ...
///     }
///
/// The permutation depends only on `seed` and `epoch`, so every epoch has its
/// own order, the same on every run and machine, and a run resumed at epoch 5
/// sees the very order the interrupted run would have.
public struct EpochBatches: RandomAccessCollection, Sendable {
  /// Every index of the data set exactly once, in visiting order.
  public let order: [Int]
  /// The size of every batch but possibly the last.
  public let batchSize: Int

  /// Batches of a shuffled order, fixed by `seed` and `epoch`.
  ///
  /// - Parameters:
  ///   - count: the number of examples.
  ///   - batchSize: examples per batch (the last batch holds the rest).
  ///   - seed: the run's seed.
  ///   - epoch: the epoch number; each gives another permutation.
  /// - Complexity: O(count).
  public init(count: Int, batchSize: Int, seed: UInt64, epoch: Int) {
    var generator = SplitMix64(seed: SplitMix64.mix(seed, UInt64(bitPattern: Int64(epoch))))
    self.init(order: shuffledIndices(count: count, using: &generator), batchSize: batchSize)
  }

  /// Batches of a shuffled order drawn from `generator` (any seeded generator,
  /// such as the core's `RandomGenerator`).
  public init(count: Int, batchSize: Int, using generator: inout some RandomNumberGenerator) {
    self.init(order: shuffledIndices(count: count, using: &generator), batchSize: batchSize)
  }

  /// Batches in the order 0, 1, 2, ...: for evaluation, where order does not matter.
  public init(inOrderCount count: Int, batchSize: Int) {
    self.init(order: Array(0..<count), batchSize: batchSize)
  }

  /// Batches of `order`, which may list any indices.
  public init(order: [Int], batchSize: Int) {
    precondition(batchSize > 0, "EpochBatches: batch size \(batchSize) must be positive")
    self.order = order
    self.batchSize = batchSize
  }

  public var startIndex: Int { 0 }

  /// The number of batches: `count / batchSize`, rounded up.
  public var endIndex: Int { (order.count + batchSize - 1) / batchSize }

  /// The indices of batch `position`, a fresh zero-based array.
  public subscript(position: Int) -> [Int] {
    precondition(indices.contains(position), "EpochBatches: batch \(position) is outside 0..<\(endIndex)")
    let start = position * batchSize
    return Array(order[start..<Swift.min(start + batchSize, order.count)])
  }
}

/// The numbers `0..<count` in a random order drawn from `generator`.
///
/// Fisher–Yates with our own bounded draw rather than the standard library's
/// `shuffle(using:)`, whose way of drawing is not promised to stay the same
/// between Swift releases: a seed should give the same order forever.
///
/// - Complexity: O(count).
public func shuffledIndices(count: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
  precondition(count >= 0, "shuffledIndices: negative count \(count)")
  var indices = Array(0..<count)
  indices.withUnsafeMutableBufferPointer { indices in
    for position in indices.indices.reversed() where position > 0 {
      indices.swapAt(position, uniformIndex(below: position + 1, using: &generator))
    }
  }
  return indices
}

/// A number drawn uniformly from `0..<bound`, without modulo bias.
///
/// Lemire's multiply-and-reject method: the high half of a 64×64-bit product
/// maps a random word onto the range; the few words that would favour some
/// values are rejected and redrawn.
func uniformIndex(below bound: Int, using generator: inout some RandomNumberGenerator) -> Int {
  let range = UInt64(bound)
  var product = generator.next().multipliedFullWidth(by: range)
  if product.low < range {
    let threshold = (0 &- range) % range  // 2⁶⁴ mod range
    while product.low < threshold {
      product = generator.next().multipliedFullWidth(by: range)
    }
  }
  return Int(product.high)
}

/// A tiny seeded random number generator, SplitMix64 (Steele, Lea and Flood,
/// 2014): the same seed gives the same numbers everywhere.
///
/// Good enough to shuffle data; the core's `RandomGenerator` draws weights.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// A generator whose numbers are fixed by `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.finalize(state)
  }

  /// Two numbers mixed into one seed, so that nearby pairs give unrelated streams.
  static func mix(_ first: UInt64, _ second: UInt64) -> UInt64 {
    finalize(finalize(first) ^ second)
  }

  /// SplitMix64's output function: every input bit affects every output bit.
  private static func finalize(_ value: UInt64) -> UInt64 {
    var mixed = value
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}

/// A batch of images and their labels, copied into contiguous arrays.
public struct ImageBatch: Sendable {
  /// `count × height × width` pixels, row-major.
  public var images: [Float]
  /// One class index per image.
  public var labels: [Int]
  /// The rows of each image.
  public var height: Int
  /// The columns of each image.
  public var width: Int
  /// The number of images.
  public var count: Int { labels.count }
}

extension ImageDataset {
  /// The images and labels at `indices`, in that order, copied into one batch.
  ///
  /// - Complexity: O(batch size × pixels per image), one block copy per image.
  public func batch(at indices: [Int]) -> ImageBatch {
    let size = pixelsPerImage
    let pixels = [Float](unsafeUninitializedCapacity: indices.count * size) { output, initializedCount in
      images.withUnsafeBufferPointer { images in
        for (slot, index) in indices.enumerated() {
          precondition(labels.indices.contains(index), "ImageDataset.batch: image \(index) is outside 0..<\(count)")
          let source = UnsafeBufferPointer(rebasing: images[(index * size)..<((index + 1) * size)])
          _ = output[(slot * size)..<((slot + 1) * size)].initialize(fromContentsOf: source)
        }
      }
      initializedCount = indices.count * size
    }
    return ImageBatch(images: pixels, labels: indices.map { labels[$0] }, height: height, width: width)
  }
}
