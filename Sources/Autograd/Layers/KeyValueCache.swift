/// The keys and values one causal attention layer has computed for the
/// positions of a sequence so far, so that the next position costs only its
/// own projections and one row of attention (a "KV cache").
///
/// Under a causal mask the key and value of position t depend only on
/// positions ≤ t, so they never change once computed: generating byte after
/// byte, a layer without a cache recomputes all of them at every step. With a
/// cache it computes the new position's query, key and value, appends the key
/// and value here, and attends over the rows held:
///
///     let cache = KeyValueCache(capacity: 64, features: 128)
///     let first = attention(prompt, appendingTo: cache)      // [n, 128]: n rows cached
///     let next = attention(oneMoreRow, appendingTo: cache)   // [1, 128]: n + 1 rows cached
///
/// See ``MultiHeadAttention/callAsFunction(_:appendingTo:)``. Inference only:
/// nothing here is differentiable. One cache serves one layer and one sequence.
public final class KeyValueCache {
  /// The most positions the cache holds: the longest sequence the model reads.
  public let capacity: Int
  /// The width of each key and value row: the layer's features.
  public let features: Int
  /// The positions held, from the first of the sequence: rows 0 ..< count.
  public private(set) var count = 0
  /// [capacity, features]; rows at and beyond `count` hold nothing yet.
  private(set) var keys: [Float]
  /// [capacity, features], laid out as `keys`.
  private(set) var values: [Float]

  /// An empty cache for sequences of up to `capacity` positions.
  public init(capacity: Int, features: Int) {
    check(
      capacity > 0 && features > 0,
      "KeyValueCache: capacity \(capacity) and features \(features) should both be positive")
    self.capacity = capacity
    self.features = features
    keys = [Float](repeating: 0, count: capacity * features)
    values = [Float](repeating: 0, count: capacity * features)
  }

  /// Whether no further position fits.
  public var isFull: Bool { count == capacity }

  /// Forgets every position, to start a new sequence; the storage is kept.
  public func removeAll() { count = 0 }

  /// Appends the rows of `newKeys` and `newValues`, both [time, features].
  func append(keys newKeys: Tensor, values newValues: Tensor) {
    check(
      newKeys.rank == 2 && newKeys.shape[1] == features && newValues.shape == newKeys.shape,
      "KeyValueCache.append: keys \(newKeys.shape) and values \(newValues.shape) should both be [time, \(features)]")
    let time = newKeys.shape[0]
    check(
      count + time <= capacity,
      "KeyValueCache.append: \(time) more positions do not fit after the \(count) held (capacity \(capacity)); "
        + "call removeAll() to start a new sequence")
    let start = count * features
    keys.replaceSubrange(start..<(start + time * features), with: newKeys.scalars)
    values.replaceSubrange(start..<(start + time * features), with: newValues.scalars)
    count += time
  }

  /// Calls `body` with the keys and values of the positions held, each
  /// `count` rows of `features` floats.
  func withUnsafeRows<Result>(
    _ body: (_ keys: UnsafePointer<Float>, _ values: UnsafePointer<Float>) -> Result
  ) -> Result {
    keys.withUnsafeBufferPointer { keyRows in
      values.withUnsafeBufferPointer { valueRows in body(keyRows.baseAddress!, valueRows.baseAddress!) }
    }
  }
}
