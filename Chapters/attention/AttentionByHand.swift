import Autograd
import CourseKit
import Foundation

// region: attention-one-head
/// Scaled dot-product attention, softmax(Q·Kᵀ / √d_k)·V, written with the
/// core's general operations. Works for one head ([time, d_k]) or for many
/// at once ([batch, heads, time, d_k]): the products are batched.
func referenceAttention(query: Tensor, key: Tensor, value: Tensor, causal: Bool) -> Tensor {
  let keySize = query.shape[query.rank - 1]
  let time = query.shape[query.rank - 2]
  var scores = query.matmul(key, transposeOther: true) / Float(keySize).squareRoot()  // [..., time, time]
  if causal {
    // Row t may not look at columns after t: e^(−∞) = 0 gives them no weight.
    scores = scores.masked(where: Tensor.causalMask(size: time), with: -.infinity)
  }
  let weights = scores.softmax(alongAxis: -1)  // each row: positive, sums to 1
  return weights.matmul(value)  // each output row: a weighted mean of the value rows
}
// endregion

// region: split-heads
/// [batch, time, heads·d_k] → [batch, heads, time, d_k]: head h is the block
/// of columns h·d_k ..< (h+1)·d_k of every row.
func splitIntoHeads(_ x: Tensor, headCount: Int) -> Tensor {
  let (batch, time, features) = (x.shape[0], x.shape[1], x.shape[2])
  return x.reshaped(to: [batch, time, headCount, features / headCount]).permuted([0, 2, 1, 3])
}

/// [batch, heads, time, d_k] → [batch, time, heads·d_k], the inverse.
func mergeHeads(_ x: Tensor) -> Tensor {
  let (batch, heads, time, headSize) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  return x.permuted([0, 2, 1, 3]).reshaped(to: [batch, time, heads * headSize])
}
// endregion

// region: backward-by-hand
/// The backward pass of attention, one line per line of the derivation: from
/// G = ∂L/∂O and the weights P saved by the forward pass, the gradients of Q,
/// K and V. Works per head ([time, d_k]) or for many at once.
func referenceAttentionBackward(
  query: Tensor, key: Tensor, value: Tensor, weights: Tensor, outputGradient: Tensor
) -> (query: Tensor, key: Tensor, value: Tensor) {
  let scale = 1 / Float(query.shape[query.rank - 1]).squareRoot()
  let dValue = weights.matmul(outputGradient, transposeSelf: true)  // dV = Pᵀ G
  let dWeights = outputGradient.matmul(value, transposeOther: true)  // dP = G Vᵀ
  let rowSums = (dWeights * weights).sum(alongAxis: -1, keepingDimensions: true)  // rowsum(dP ⊙ P)
  let dScores = scale * weights * (dWeights - rowSums)  // dS = s P ⊙ (dP − rowsum(dP ⊙ P))
  let dQuery = dScores.matmul(key)  // dQ = dS K
  let dKey = dScores.matmul(query, transposeSelf: true)  // dK = dSᵀ Q
  return (dQuery, dKey, dValue)
}
// endregion

/// Sections 1–4: attention by hand, the √d_k, the causal mask, heads, positions, LayerNorm and GELU.
func attentionByHand(_ chapter: ChapterRun) {
  chapter.section("Attention by hand")
  workedExample(chapter)
  whyTheSquareRoot(chapter)
  causalMask(chapter)
  heads(chapter)
  positions(chapter)
  normalizationAndGELU(chapter)
}

private func rounded(_ tensor: Tensor, _ digits: Double = 1000) -> [[Double]] {
  let columns = tensor.shape[tensor.rank - 1]
  return stride(from: 0, to: tensor.scalarCount, by: columns).map { start in
    tensor.scalars[start..<(start + columns)].map { (Double($0) * digits).rounded() / digits }
  }
}

/// Three tokens with two-dimensional queries, keys and values.
private func workedExample(_ chapter: ChapterRun) {
  // region: worked-example
  let query = Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
  let key = Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
  let value = Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 0.5, 0.5])
  let scores = query.matmul(key, transposeOther: true) / Float(2).squareRoot()
  let weights = scores.softmax(alongAxis: -1)
  let output = weights.matmul(value)
  // endregion
  chapter.metrics.record("worked_scores", rounded(scores))
  chapter.metrics.record("worked_weights", rounded(weights))
  chapter.metrics.record("worked_output", rounded(output))
  let same = referenceAttention(query: query, key: key, value: value, causal: false)
  chapter.metrics.record("worked_reference_agrees", zip(same.scalars, output.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
  chapter.say("worked example: weights \(rounded(weights)), output \(rounded(output))")
}

/// The spread of q·k grows as √d_k; dividing by it keeps the softmax out of saturation.
private func whyTheSquareRoot(_ chapter: ChapterRun) {
  let random = RandomGenerator(seed: chapter.seed &+ 21)
  var deviations: [(String, MetricValue)] = []
  for keySize in [4, 32, 256] {
    // region: dot-product-spread
    // 4,096 pairs of vectors with independent N(0, 1) entries: each product
    // q_i·k_i has variance 1, so their sum over d_k entries has variance d_k.
    let q = Tensor.normal(shape: [4096, keySize], standardDeviation: 1, using: random)
    let k = Tensor.normal(shape: [4096, keySize], standardDeviation: 1, using: random)
    let dots = (q * k).sum(alongAxes: [1]).scalars.map(Double.init)
    let mean = dots.reduce(0, +) / Double(dots.count)
    let deviation = (dots.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(dots.count)).squareRoot()
    // endregion
    deviations.append(("d\(keySize)", .number(deviation)))
    deviations.append(("d\(keySize)_scaled", .number(deviation / Double(keySize).squareRoot())))
  }
  chapter.metrics.record("dot_product_deviation", MetricValue.object(deviations))

  // One query against 64 keys with d_k = 32, as in our heads: how peaked is the softmax?
  let (rows, keySize) = (512, 32)
  let q = Tensor.normal(shape: [rows, 1, keySize], standardDeviation: 1, using: random)
  let k = Tensor.normal(shape: [rows, 64, keySize], standardDeviation: 1, using: random)
  let raw = q.matmul(k, transposeOther: true).reshaped(to: [rows, 64])
  var entries: [(String, MetricValue)] = []
  for (name, scores) in [("unscaled", raw), ("scaled", raw / Float(keySize).squareRoot())] {
    let weights = scores.softmax(alongAxis: -1)
    // The softmax's gradient is diag(p) − p·pᵀ; when one weight is near 1 all its entries are near 0.
    var largest = 0.0, entropy = 0.0, jacobian = 0.0
    for row in 0..<rows {
      let p = weights.scalars[(row * 64)..<((row + 1) * 64)].map(Double.init)
      largest += p.max()!
      entropy -= p.reduce(0) { $0 + ($1 > 0 ? $1 * log2($1) : 0) }
      jacobian += p.reduce(0) { $0 + $1 * (1 - $1) }  // the trace of diag(p) − p·pᵀ
    }
    entries.append((name, .object([
      ("largest_weight", .number(largest / Double(rows))),
      ("entropy_bits", .number(entropy / Double(rows))),
      ("gradient_trace", .number(jacobian / Double(rows))),
    ])))
  }
  chapter.metrics.record("softmax_saturation", MetricValue.object(entries))
}

private func causalMask(_ chapter: ChapterRun) {
  let random = RandomGenerator(seed: chapter.seed &+ 22)
  let x = Tensor.normal(shape: [4, 8], standardDeviation: 1, using: random)
  // region: causal-weights
  let scores = x.matmul(x, transposeOther: true) / Float(8).squareRoot()
  let masked = scores.masked(where: Tensor.causalMask(size: 4), with: -.infinity)
  let weights = masked.softmax(alongAxis: -1)
  // endregion
  chapter.metrics.record("causal_mask", rounded(Tensor.causalMask(size: 4), 1))
  chapter.metrics.record("causal_weights", rounded(weights))

  // Changing the last token changes no output before it.
  let (query, key, value) = (
    Tensor.normal(shape: [6, 8], standardDeviation: 1, using: random),
    Tensor.normal(shape: [6, 8], standardDeviation: 1, using: random),
    Tensor.normal(shape: [6, 8], standardDeviation: 1, using: random)
  )
  var (keyScalars, valueScalars) = (key.scalars, value.scalars)
  for index in 40..<48 {  // the last of the six tokens
    keyScalars[index] += 3
    valueScalars[index] -= 3
  }
  let (changedKey, changedValue) = (Tensor(shape: [6, 8], scalars: keyScalars), Tensor(shape: [6, 8], scalars: valueScalars))
  let before = referenceAttention(query: query, key: key, value: value, causal: true)
  let after = referenceAttention(query: query, key: changedKey, value: changedValue, causal: true)
  let earlier = zip(before.scalars[0..<40], after.scalars[0..<40]).map { abs($0 - $1) }.max()!
  let last = zip(before.scalars[40..<48], after.scalars[40..<48]).map { abs($0 - $1) }.max()!
  chapter.metrics.record("future_change_earlier_outputs", Double(earlier))
  chapter.metrics.record("future_change_last_output", Double(last))
}

/// The fused operation against the readable one, and its gradients against finite differences.
private func heads(_ chapter: ChapterRun) {
  let random = RandomGenerator(seed: chapter.seed &+ 23)
  let (q, k, v) = (
    Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random),
    Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random),
    Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random)
  )
  // region: heads-by-hand
  let perHead = referenceAttention(
    query: splitIntoHeads(q, headCount: 4), key: splitIntoHeads(k, headCount: 4),
    value: splitIntoHeads(v, headCount: 4), causal: true)  // [2, 4, 16, 8]
  let byHand = mergeHeads(perHead)  // [2, 16, 32]
  let fused = Tensor.scaledDotProductAttention(query: q, key: k, value: v, headCount: 4, causal: true).output
  // endregion
  let difference = zip(byHand.scalars, fused.scalars).map { abs($0 - $1) }.max()!
  chapter.metrics.record("fused_max_difference", Double(difference))
  chapter.metrics.record("split_merge_round_trip", mergeHeads(splitIntoHeads(q, headCount: 4)).scalars == q.scalars)

  // region: fused-gradient-check
  let small = (0..<3).map { _ in Tensor.normal(shape: [2, 5, 6], standardDeviation: 1, using: random) }
  let check = checkGradients(at: small) { inputs in
    Tensor.scaledDotProductAttention(query: inputs[0], key: inputs[1], value: inputs[2], headCount: 2, causal: true)
      .output
  }
  // endregion
  chapter.metrics.record("fused_gradient_max_error", check.maxAbsoluteError)
  chapter.metrics.record("backward_by_hand_max_difference", backwardByHandDifference(random: random))
  chapter.metrics.record("fused_gradient_passed", check.passed)
  chapter.say(String(format: "fused attention vs by hand: %.1e; gradient check %.1e (%@)", Double(difference),
    check.maxAbsoluteError, check.passed ? "passed" : "FAILED"))
}

/// The largest difference between the fused operation's gradients of Q, K
/// and V and those of the derivation written with plain products.
private func backwardByHandDifference(random: RandomGenerator) -> Double {
  let (q, k, v) = (
    Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random).requiringGradient(),
    Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random).requiringGradient(),
    Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random).requiringGradient()
  )
  let outputGradient = Tensor.normal(shape: [2, 16, 32], standardDeviation: 1, using: random)
  // region: backward-check
  let fused = Tensor.scaledDotProductAttention(query: q, key: k, value: v, headCount: 4, causal: true)
  fused.output.backward(seed: outputGradient)
  let byHand = withoutGradient {
    referenceAttentionBackward(
      query: splitIntoHeads(q, headCount: 4), key: splitIntoHeads(k, headCount: 4),
      value: splitIntoHeads(v, headCount: 4), weights: fused.weights,
      outputGradient: splitIntoHeads(outputGradient, headCount: 4))
  }
  let pairs = [(q, byHand.query), (k, byHand.key), (v, byHand.value)].map { ($0.gradient!, mergeHeads($1)) }
  // endregion
  return pairs.map { fusedGradient, handGradient in
    zip(fusedGradient.scalars, handGradient.scalars).map { Double(abs($0 - $1)) }.max()!
  }.max()!
}

/// Without positions, self-attention cannot tell the order of its inputs.
private func positions(_ chapter: ChapterRun) {
  let random = RandomGenerator(seed: chapter.seed &+ 24)
  let x = Tensor.normal(shape: [5, 8], standardDeviation: 1, using: random)
  // region: permutation
  let order = [3, 0, 4, 1, 2]
  let shuffled = x.indexSelect(alongAxis: 0, indices: order)
  let outputOfShuffled = referenceAttention(query: shuffled, key: shuffled, value: shuffled, causal: false)
  let shuffledOutput = referenceAttention(query: x, key: x, value: x, causal: false)
    .indexSelect(alongAxis: 0, indices: order)
  // endregion
  let difference = zip(outputOfShuffled.scalars, shuffledOutput.scalars).map { abs($0 - $1) }.max()!
  chapter.metrics.record("permutation_difference", Double(difference))
}

private func normalizationAndGELU(_ chapter: ChapterRun) {
  // region: layer-norm-example
  let x = Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])
  let normalized = x.layerNorm(gamma: .ones([4]), beta: .zeros([4]))  // mean 2.5, variance 1.25
  // endregion
  chapter.metrics.record("layer_norm_example", normalized.scalars.map { (Double($0) * 1e4).rounded() / 1e4 })

  // GELU against erf in Double precision, over [−8, 8].
  let grid = (0...1600).map { Float($0) / 100 - 8 }
  let gelu = Tensor(shape: [grid.count], scalars: grid).gelu()
  var largestError = 0.0
  for (x, y) in zip(grid, gelu.scalars) {
    let exact: Double = Double(x) * 0.5 * (1 + erf(Double(x) / 2.0.squareRoot()))
    largestError = max(largestError, abs(Double(y) - exact))
  }
  chapter.metrics.record("gelu_max_error", largestError)
  chapter.metrics.record("gelu_at", MetricValue.object([
    ("minus_one", .number(Double(gelu.scalars[700]))), ("one", .number(Double(gelu.scalars[900]))),
    ("minus_three", .number(Double(gelu.scalars[500]))),
  ]))
}
