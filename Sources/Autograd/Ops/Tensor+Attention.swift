import Foundation

// Scaled dot-product attention as one operation, forward and backward.
//
// Written with the general operations, multi-head attention takes a dozen
// steps: three permutes to split the heads, a batched product, a scale, a
// mask, a softmax, a second product, a permute to merge the heads, and as
// many backward closures, each reading and writing [batch, heads, time, time]
// or [batch, time, features] tensors again. Here the whole of it is a loop
// over (window, head) pairs that never copies a head out:
//
// - A head is a block of `headSize` adjacent columns of the [time, features]
//   rows of Q, K and V. sgemm reads a matrix with any row stride (its `lda`),
//   so the products read the heads where they lie and write each head's
//   output straight into its columns of the merged result.
// - The scale, the causal mask and the softmax run on each row of scores
//   right after its product, while it is still in the cache; masked entries
//   are never exponentiated, just set to 0.
// - The pairs are split between two threads (the caller and the core's
//   helper thread): each pair is independent, and its products
//   ([64, 32]·[32, 64]) are too small to split themselves.

/// Runs `body` on every pair index, in two contiguous halves at once (see
/// `HelperThread.forEachHalf`), as `multiplyMatrices` splits a large
/// product. Each pair's products are far too small to split themselves;
/// the halves write disjoint blocks of the outputs.
private func forEachPairInParallel(_ count: Int, _ body: (Range<Int>) -> Void) {
  HelperThread.forEachHalf(of: count, minimumCount: ExecutionPolicy.Thresholds.attentionHalvesPairs, body)
}

extension Tensor {
  /// Multi-head scaled dot-product attention of projections that are already
  /// computed, `softmax(Q·Kᵀ / √d_k)·V` for every head:
  ///
  ///     let (output, weights) = Tensor.scaledDotProductAttention(
  ///       query: q, key: k, value: v, headCount: 4, causal: true)
  ///
  /// - Parameters:
  ///   - query: [batch, time, features]; head h is columns h·d_k ..< (h+1)·d_k.
  ///   - key: [batch, time, features].
  ///   - value: [batch, time, features].
  ///   - headCount: The number of heads; d_k = features / headCount.
  ///   - causal: Whether position t may only attend to positions ≤ t.
  ///   - keyLengths: For a batch of sequences padded to one length, the real
  ///     length of each (1 ... time): no query attends to a key at or beyond
  ///     it (the padding mask), so what the padding holds cannot change the
  ///     outputs at real positions. Nil when no window is padded.
  /// - Returns: The heads' outputs merged back into [batch, time, features],
  ///   and the attention weights [batch, heads, time, time] (not differentiable).
  /// - Complexity: O(batch · time² · features) in each direction, as the
  ///   unfused operations, but in one pass with no permuted copies.
  public static func scaledDotProductAttention(
    query: Tensor, key: Tensor, value: Tensor, headCount: Int, causal: Bool, keyLengths: [Int]? = nil
  ) -> (output: Tensor, weights: Tensor) {
    check(
      query.rank == 3 && key.shape == query.shape && value.shape == query.shape,
      "scaledDotProductAttention: query \(query.shape), key \(key.shape) and value \(value.shape) "
        + "should share one shape [batch, time, features]")
    let layout = validatedLayout(
      query.shape, features: query.shape[2], headCount: headCount, rowStride: query.shape[2], keyLengths: keyLengths)
    var weights = Tensor(shape: [layout.batch, headCount, layout.time, layout.time], unsafeUninitialized: { _ in })
    var output = Tensor(shape: query.shape, unsafeUninitialized: { _ in })
    query.withUnsafeScalars { q in
      key.withUnsafeScalars { k in
        value.withUnsafeScalars { v in
          weights.withUnsafeMutableScalars { p in
            output.withUnsafeMutableScalars { o in
              attentionForward(
                q.baseAddress!, k.baseAddress!, v.baseAddress!, weights: p.baseAddress!, output: o.baseAddress!,
                layout, causal: causal)
            }
          }
        }
      }
    }
    if Tensor.shouldRecord([query, key, value]) {
      let saved = (query: query.detached(), key: key.detached(), value: value.detached(), weights: weights)
      let shape = query.shape
      output.record("scaledDotProductAttention", inputs: [query, key, value]) { gradient in
        var (dQuery, dKey, dValue) = (
          Tensor(shape: shape, unsafeUninitialized: { _ in }), Tensor(shape: shape, unsafeUninitialized: { _ in }),
          Tensor(shape: shape, unsafeUninitialized: { _ in })
        )
        gradient.withUnsafeScalars { g in
          saved.query.withUnsafeScalars { q in
            saved.key.withUnsafeScalars { k in
              saved.value.withUnsafeScalars { v in
                saved.weights.withUnsafeScalars { p in
                  dQuery.withUnsafeMutableScalars { dq in
                    dKey.withUnsafeMutableScalars { dk in
                      dValue.withUnsafeMutableScalars { dv in
                        attentionBackward(
                          g.baseAddress!, q.baseAddress!, k.baseAddress!, v.baseAddress!, weights: p.baseAddress!,
                          dq.baseAddress!, dk.baseAddress!, dv.baseAddress!, layout)
                      }
                    }
                  }
                }
              }
            }
          }
        }
        return [dQuery, dKey, dValue]
      }
    }
    return (output, weights)
  }

  /// The same attention on Q, K and V packed side by side in one tensor
  /// [batch, time, 3·features], as one projection by [W_q | W_k | W_v]
  /// computes them: one large matrix product instead of three, and one for
  /// the input's gradient in the backward pass.
  ///
  /// - Returns: The merged heads [batch, time, features] and the weights
  ///   [batch, heads, time, time]; the gradient flows back into the packed tensor.
  public static func scaledDotProductAttention(
    packed: Tensor, headCount: Int, causal: Bool, keyLengths: [Int]? = nil
  ) -> (output: Tensor, weights: Tensor) {
    check(
      packed.rank == 3 && packed.shape[2] % 3 == 0,
      "scaledDotProductAttention: packed projections of shape \(packed.shape) should be [batch, time, 3·features]")
    let features = packed.shape[2] / 3
    let layout = validatedLayout(
      packed.shape, features: features, headCount: headCount, rowStride: 3 * features, keyLengths: keyLengths)
    let outputShape = [layout.batch, layout.time, features]
    var weights = Tensor(shape: [layout.batch, headCount, layout.time, layout.time], unsafeUninitialized: { _ in })
    var output = Tensor(shape: outputShape, unsafeUninitialized: { _ in })
    packed.withUnsafeScalars { qkv in
      weights.withUnsafeMutableScalars { p in
        output.withUnsafeMutableScalars { o in
          let base = qkv.baseAddress!
          attentionForward(
            base, base + features, base + 2 * features, weights: p.baseAddress!, output: o.baseAddress!, layout,
            causal: causal)
        }
      }
    }
    if Tensor.shouldRecord(packed) {
      let (saved, savedWeights, packedShape) = (packed.detached(), weights, packed.shape)
      output.record("scaledDotProductAttention", inputs: [packed]) { gradient in
        var dPacked = Tensor(shape: packedShape, unsafeUninitialized: { _ in })
        gradient.withUnsafeScalars { g in
          saved.withUnsafeScalars { qkv in
            savedWeights.withUnsafeScalars { p in
              dPacked.withUnsafeMutableScalars { d in
                let (base, dBase) = (qkv.baseAddress!, d.baseAddress!)
                attentionBackward(
                  g.baseAddress!, base, base + features, base + 2 * features, weights: p.baseAddress!,
                  dBase, dBase + features, dBase + 2 * features, layout)
              }
            }
          }
        }
        return [dPacked]
      }
    }
    return (output, weights)
  }

  private static func validatedLayout(
    _ shape: [Int], features: Int, headCount: Int, rowStride: Int, keyLengths: [Int]?
  ) -> AttentionLayout {
    check(
      headCount > 0 && features % headCount == 0,
      "scaledDotProductAttention: \(features) features of shape \(shape) cannot be split into \(headCount) heads")
    if let keyLengths {
      // A length of 0 would leave a row with nothing to attend to: its softmax has no value.
      check(
        keyLengths.count == shape[0] && keyLengths.allSatisfy { (1...shape[1]).contains($0) },
        "scaledDotProductAttention: keyLengths \(keyLengths) should hold one length in 1...\(shape[1]) "
          + "for each of the \(shape[0]) sequences of shape \(shape)")
    }
    return AttentionLayout(
      batch: shape[0], time: shape[1], features: features, headCount: headCount, rowStride: rowStride,
      keyLengths: keyLengths)
  }

  // region: attention-forward
  /// For every (window, head): scores S = Q·Kᵀ, the scaled and masked
  /// softmax of each row in place (the weights P), and the output P·V,
  /// written into the head's columns of the merged [batch, time, features].
  private static func attentionForward(
    _ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
    weights p: UnsafeMutablePointer<Float>, output o: UnsafeMutablePointer<Float>,
    _ layout: AttentionLayout, causal: Bool
  ) {
    let (time, features, headSize, stride) = (layout.time, layout.features, layout.headSize, layout.rowStride)
    let scale = 1 / Float(headSize).squareRoot()
    forEachPairInParallel(layout.pairCount) { pairs in
      for pair in pairs {
        let (input, merged) = (layout.headOffset(pair, stride: stride), layout.headOffset(pair, stride: features))
        let scores = p + layout.weightsOffset(pair)
        // [time, d_k]·[d_k, time], each operand read in place with its row stride.
        multiplyMatrices(
          transposeRight: true, rows: time, columns: time, inner: headSize,
          q + input, leftStride: stride, k + input, rightStride: stride, into: scores, outputStride: time)
        for row in 0..<time {
          softmaxRow(
            scores + row * time, visible: layout.visibleKeys(row: row, pair: pair, causal: causal), count: time,
            scale: scale)
        }
        multiplyMatrices(
          rows: time, columns: headSize, inner: time, scores, leftStride: time,
          v + input, rightStride: stride, into: o + merged, outputStride: features)
      }
    }
  }
  // endregion

  /// Softmax of `scale · row[0..<visible]` in place; the hidden rest of the
  /// row (the future under a causal mask, the padding under a padding mask)
  /// becomes 0.
  @inline(__always)
  static func softmaxRow(_ row: UnsafeMutablePointer<Float>, visible: Int, count: Int, scale: Float) {
    for index in 0..<visible { row[index] *= scale }
    let maximum = RowKernel.maximum(row, count: visible)
    let total = RowKernel.shiftedExponentials(row, minus: maximum, into: row, count: visible)
    let inverse = 1 / total
    for index in 0..<visible { row[index] *= inverse }
    for index in visible..<count { row[index] = 0 }
  }

  // region: attention-backward
  /// The gradients of Q, K and V from the output's gradient G, per head,
  /// with P the saved weights and s = 1/√d_k:
  ///
  ///     dV = Pᵀ·G          dP = G·Vᵀ
  ///     dS = P ⊙ (dP − rowsum(dP ⊙ P)) · s      (the softmax's backward)
  ///     dQ = dS·K          dK = dSᵀ·Q
  ///
  /// Masked weights are 0, so their dS is 0 too: no gradient reaches the
  /// future, nor a padded key.
  private static func attentionBackward(
    _ g: UnsafePointer<Float>, _ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
    weights p: UnsafePointer<Float>,
    _ dq: UnsafeMutablePointer<Float>, _ dk: UnsafeMutablePointer<Float>, _ dv: UnsafeMutablePointer<Float>,
    _ layout: AttentionLayout
  ) {
    let (time, features, headSize, stride) = (layout.time, layout.features, layout.headSize, layout.rowStride)
    let scale = 1 / Float(headSize).squareRoot()
    forEachPairInParallel(layout.pairCount) { pairs in
      withUnsafeTemporaryAllocation(of: Float.self, capacity: time * time) { scratch in
        let dScores = scratch.baseAddress!
        for pair in pairs {
          let (input, merged) = (layout.headOffset(pair, stride: stride), layout.headOffset(pair, stride: features))
          let probabilities = p + layout.weightsOffset(pair)
          multiplyMatrices(
            transposeLeft: true, rows: time, columns: headSize, inner: time,
            probabilities, leftStride: time, g + merged, rightStride: features, into: dv + input, outputStride: stride)
          multiplyMatrices(
            transposeRight: true, rows: time, columns: time, inner: headSize,
            g + merged, leftStride: features, v + input, rightStride: stride, into: dScores, outputStride: time)
          for row in 0..<time {
            let (dRow, pRow) = (dScores + row * time, probabilities + row * time)
            let dot = RowKernel.sumOfProducts(dRow, pRow, count: time)
            for index in 0..<time { dRow[index] = pRow[index] * (dRow[index] - dot) * scale }
          }
          multiplyMatrices(
            rows: time, columns: headSize, inner: time, dScores, leftStride: time,
            k + input, rightStride: stride, into: dq + input, outputStride: stride)
          multiplyMatrices(
            transposeLeft: true, rows: time, columns: headSize, inner: time,
            dScores, leftStride: time, q + input, rightStride: stride, into: dk + input, outputStride: stride)
        }
      }
    }
  }
  // endregion
}
