/// The sizes of one attention call, and where each (window, head) block lies.
///
/// Q, K and V are read from rows of `rowStride` floats: `features` when each
/// is a tensor of its own, 3·features when they come packed side by side
/// from one projection ([Q | K | V] in every row).
struct AttentionLayout {
  let batch: Int
  let time: Int
  let features: Int
  let headCount: Int
  let rowStride: Int
  /// The number of real positions of each window, or nil when every
  /// position is real: keys at or beyond a window's length are masked.
  let keyLengths: [Int]?
  var headSize: Int { features / headCount }
  var pairCount: Int { batch * headCount }

  /// Where head `head` of window `window` starts in rows of `stride` floats.
  func headOffset(_ pair: Int, stride: Int) -> Int {
    let (window, head) = pair.quotientAndRemainder(dividingBy: headCount)
    return window * time * stride + head * headSize
  }

  /// Where the [time, time] weights of a pair start in [batch, heads, time, time].
  func weightsOffset(_ pair: Int) -> Int { pair * time * time }

  // region: visible-keys
  /// How many keys of row `row` a query of pair `pair` may see: all of the
  /// window's real positions, and under a causal mask only those ≤ `row`.
  func visibleKeys(row: Int, pair: Int, causal: Bool) -> Int {
    let real = keyLengths.map { $0[pair / headCount] } ?? time
    return Swift.min(causal ? row + 1 : time, real)
  }
  // endregion
}
