// Causal self-attention for generation, one step at a time, with a key/value cache.

extension MultiHeadAttention {
  // region: cached-attention
  /// Causal self-attention of new positions of one sequence, given the
  /// keys and values of the positions before them in `cache`: the rows this
  /// layer's ordinary call would give for those positions, had it been
  /// called on the whole sequence so far.
  ///
  /// Projects `input` (the new positions, [time, features]) to queries, keys
  /// and values, appends the keys and values to `cache`, then lets new
  /// position i (position `cache.count + i` of the sequence) attend over
  /// every cached position up to itself. One call on a whole prompt fills
  /// the cache (a "prefill"); after it, one call per generated position costs
  /// O(features² + count · features) instead of the whole sequence's
  /// O(count · features² + count² · features).
  ///
  /// Inference only: no graph is recorded, whatever the parameters require.
  ///
  /// - Returns: [time, features], the output of each new position.
  public func callAsFunction(_ input: Tensor, appendingTo cache: KeyValueCache) -> Tensor {
    // Without the mask, an earlier position's output would depend on later
    // ones, which the cache cannot know when it computes it.
    check(isCausal, "MultiHeadAttention: a key/value cache needs a causal layer; this one attends to the future")
    let features = query.weight.shape[0]
    check(
      input.rank == 2 && input.shape[1] == features && input.shape[0] > 0,
      "MultiHeadAttention with a cache: input of shape \(input.shape) should be [time, \(features)], time ≥ 1")
    check(
      cache.features == features,
      "MultiHeadAttention with a cache: the cache holds rows of \(cache.features) features, the layer has \(features)")
    return withoutGradient {
      let queries = query(input)
      let start = cache.count
      cache.append(projecting: input, key: key, value: value)
      let heads = Tensor.attendOverCache(queries, cache, from: start, headCount: headCount)
      return output(heads)
    }
  }
  // endregion
}

extension Tensor {
  /// softmax(Q·Kᵀ / √d_k)·V per head, for queries at positions `start ..<
  /// start + time` of a sequence whose keys and values, up to the last of
  /// them, `cache` holds: query row i sees cached rows 0 ... start + i.
  ///
  /// - Parameter queries: [time, features].
  /// - Returns: The heads merged into [time, features].
  static func attendOverCache(_ queries: Tensor, _ cache: KeyValueCache, from start: Int, headCount: Int) -> Tensor {
    let (time, features, keyCount) = (queries.shape[0], cache.features, cache.count)
    let headSize = features / headCount
    let scale = 1 / Float(headSize).squareRoot()
    var merged = Tensor(shape: [time, features], unsafeUninitialized: { _ in })
    queries.withUnsafeScalars { q in
      merged.withUnsafeMutableScalars { o in
        cache.withUnsafeRows { k, v in
          withUnsafeTemporaryAllocation(of: Float.self, capacity: time * keyCount) { scratch in
            let scores = scratch.baseAddress!
            for head in 0..<headCount {
              let column = head * headSize
              // [time, d_k]·[d_k, keyCount]: the head's columns read in place, rows `features` apart.
              multiplyMatrices(
                transposeRight: true, rows: time, columns: keyCount, inner: headSize,
                q.baseAddress! + column, leftStride: features, k + column, rightStride: features,
                into: scores, outputStride: keyCount)
              for row in 0..<time {
                softmaxRow(scores + row * keyCount, visible: start + row + 1, count: keyCount, scale: scale)
              }
              multiplyMatrices(
                rows: time, columns: headSize, inner: keyCount, scores, leftStride: keyCount,
                v + column, rightStride: features, into: o.baseAddress! + column, outputStride: features)
            }
          }
        }
      }
    }
    return merged
  }
}
