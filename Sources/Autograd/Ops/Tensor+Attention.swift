import Dispatch
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
// - The pairs are split between two threads: each pair is independent, and
//   its products ([64, 32]·[32, 64]) are too small for OpenBLAS to share.

/// The tensors and sizes of one attention call, viewed as (window, head) blocks.
private struct AttentionLayout {
  let batch: Int
  let time: Int
  let features: Int
  let headCount: Int
  var headSize: Int { features / headCount }
  var pairCount: Int { batch * headCount }

  /// Where head `head` of window `window` starts in a [batch, time, features] tensor.
  func headOffset(_ pair: Int) -> Int {
    let (window, head) = pair.quotientAndRemainder(dividingBy: headCount)
    return window * time * features + head * headSize
  }

  /// Where the [time, time] weights of a pair start in [batch, heads, time, time].
  func weightsOffset(_ pair: Int) -> Int { pair * time * time }
}

/// Runs `body` on every pair index, split into two contiguous halves on two threads.
private func forEachPairInParallel(_ count: Int, _ body: (Range<Int>) -> Void) {
  guard count > 1 && matrixThreadCount > 1 else {
    body(0..<count)
    return
  }
  // A tiny product on this thread first switches OpenBLAS to one thread
  // (through `multiplyMatrices`' own bookkeeping), so that the two workers
  // below never change OpenBLAS's thread count while the other multiplies.
  withUnsafeTemporaryAllocation(of: Float.self, capacity: 2) { scratch in
    scratch.initialize(repeating: 0)
    let base = scratch.baseAddress!
    multiplyMatrices(rows: 1, columns: 1, inner: 1, base, leftStride: 1, base, rightStride: 1, into: base + 1, outputStride: 1)
  }
  let half = (count + 1) / 2
  withoutActuallyEscaping(body) { body in
    // The halves write disjoint blocks of the outputs, so sharing the closure is safe.
    let shared = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      shared.value(part == 0 ? 0..<half : half..<count)
    }
  }
}

/// A value handed to another thread under the caller's guarantee that the
/// threads never touch the same memory.
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
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
  /// - Returns: The heads' outputs merged back into [batch, time, features],
  ///   and the attention weights [batch, heads, time, time] (not differentiable).
  /// - Complexity: O(batch · time² · features) in each direction, as the
  ///   unfused operations, but in one pass with no permuted copies.
  public static func scaledDotProductAttention(
    query: Tensor, key: Tensor, value: Tensor, headCount: Int, causal: Bool
  ) -> (output: Tensor, weights: Tensor) {
    check(
      query.rank == 3 && key.shape == query.shape && value.shape == query.shape,
      "scaledDotProductAttention: query \(query.shape), key \(key.shape) and value \(value.shape) "
        + "should share one shape [batch, time, features]")
    let layout = AttentionLayout(
      batch: query.shape[0], time: query.shape[1], features: query.shape[2], headCount: headCount)
    check(
      headCount > 0 && layout.features % headCount == 0,
      "scaledDotProductAttention: \(layout.features) features cannot be split into \(headCount) heads")
    let scale = 1 / Float(layout.headSize).squareRoot()

    // region: attention-forward
    var weights = Tensor(shape: [layout.batch, headCount, layout.time, layout.time], repeating: 0)
    var output = Tensor(shape: query.shape, repeating: 0)
    let (time, features, headSize) = (layout.time, layout.features, layout.headSize)
    query.withUnsafeScalars { q in
      key.withUnsafeScalars { k in
        value.withUnsafeScalars { v in
          weights.withUnsafeMutableScalars { p in
            output.withUnsafeMutableScalars { o in
              let (q, k, v, p, o) = (q.baseAddress!, k.baseAddress!, v.baseAddress!, p.baseAddress!, o.baseAddress!)
              forEachPairInParallel(layout.pairCount) { pairs in
                for pair in pairs {
                  let (head, scores) = (layout.headOffset(pair), p + layout.weightsOffset(pair))
                  // Scores S = Q·Kᵀ of this head: [time, d_k]·[d_k, time].
                  multiplyMatrices(
                    transposeRight: true, rows: time, columns: time, inner: headSize,
                    q + head, leftStride: features, k + head, rightStride: features,
                    into: scores, outputStride: time)
                  for row in 0..<time {
                    softmaxRow(scores + row * time, visible: causal ? row + 1 : time, count: time, scale: scale)
                  }
                  // The head's output P·V, into its columns of the merged result.
                  multiplyMatrices(
                    rows: time, columns: headSize, inner: time, scores, leftStride: time,
                    v + head, rightStride: features, into: o + head, outputStride: features)
                }
              }
            }
          }
        }
      }
    }
    // endregion

    if Tensor.shouldRecord([query, key, value]) {
      let saved = (query: query.detached(), key: key.detached(), value: value.detached(), weights: weights)
      output.record("scaledDotProductAttention", inputs: [query, key, value]) { gradient in
        let (dQuery, dKey, dValue) = attentionBackward(
          gradient, saved.query, saved.key, saved.value, saved.weights, layout: layout, scale: scale)
        return [dQuery, dKey, dValue]
      }
    }
    return (output, weights)
  }

  /// Softmax of `scale · row[0..<visible]` in place; the hidden rest of the
  /// row (the future, under a causal mask) becomes 0.
  @inline(__always)
  private static func softmaxRow(_ row: UnsafeMutablePointer<Float>, visible: Int, count: Int, scale: Float) {
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
  /// Masked weights are 0, so their dS is 0 too: no gradient reaches the future.
  private static func attentionBackward(
    _ gradient: Tensor, _ query: Tensor, _ key: Tensor, _ value: Tensor, _ weights: Tensor,
    layout: AttentionLayout, scale: Float
  ) -> (Tensor, Tensor, Tensor) {
    var (dQuery, dKey, dValue) = (
      Tensor(shape: query.shape, repeating: 0), Tensor(shape: query.shape, repeating: 0),
      Tensor(shape: query.shape, repeating: 0)
    )
    let (time, features, headSize) = (layout.time, layout.features, layout.headSize)
    gradient.withUnsafeScalars { g in
      query.withUnsafeScalars { q in
        key.withUnsafeScalars { k in
          value.withUnsafeScalars { v in
            weights.withUnsafeScalars { p in
              dQuery.withUnsafeMutableScalars { dq in
                dKey.withUnsafeMutableScalars { dk in
                  dValue.withUnsafeMutableScalars { dv in
                    let (g, q, k, v, p) = (g.baseAddress!, q.baseAddress!, k.baseAddress!, v.baseAddress!, p.baseAddress!)
                    let (dq, dk, dv) = (dq.baseAddress!, dk.baseAddress!, dv.baseAddress!)
                    forEachPairInParallel(layout.pairCount) { pairs in
                      withUnsafeTemporaryAllocation(of: Float.self, capacity: time * time) { scratch in
                        let dScores = scratch.baseAddress!
                        for pair in pairs {
                          let (head, probabilities) = (layout.headOffset(pair), p + layout.weightsOffset(pair))
                          multiplyMatrices(
                            transposeLeft: true, rows: time, columns: headSize, inner: time,
                            probabilities, leftStride: time, g + head, rightStride: features,
                            into: dv + head, outputStride: features)
                          multiplyMatrices(
                            transposeRight: true, rows: time, columns: time, inner: headSize,
                            g + head, leftStride: features, v + head, rightStride: features,
                            into: dScores, outputStride: time)
                          for row in 0..<time {
                            let (dRow, pRow) = (dScores + row * time, probabilities + row * time)
                            let dot = RowKernel.sumOfProducts(dRow, pRow, count: time)
                            for index in 0..<time { dRow[index] = pRow[index] * (dRow[index] - dot) * scale }
                          }
                          multiplyMatrices(
                            rows: time, columns: headSize, inner: time, dScores, leftStride: time,
                            k + head, rightStride: features, into: dq + head, outputStride: features)
                          multiplyMatrices(
                            transposeLeft: true, rows: time, columns: headSize, inner: time,
                            dScores, leftStride: time, q + head, rightStride: features,
                            into: dk + head, outputStride: features)
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return (dQuery, dKey, dValue)
  }
  // endregion
}
