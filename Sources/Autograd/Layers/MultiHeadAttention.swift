import Foundation

/// Multi-head scaled dot-product self-attention (Vaswani et al. 2017) over
/// [batch, time, features]:
///
///     Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V
///
/// computed for each of `headCount` heads of size d_k = features / headCount
/// on learned projections Q = x·W_q, K = x·W_k, V = x·W_v, then merged and
/// projected by W_o. With `causal`, position t attends only to positions ≤ t.
public final class MultiHeadAttention: Layer {
  public let query: Linear
  public let key: Linear
  public let value: Linear
  public let output: Linear
  public let headCount: Int
  public let isCausal: Bool

  /// The attention weights of the last call, [batch, heads, time, time], for
  /// drawing heatmaps. Not differentiable.
  public private(set) var lastAttentionWeights: Tensor?

  public init(features: Int, headCount: Int, causal: Bool = false, random: RandomGenerator) {
    check(
      headCount > 0 && features % headCount == 0,
      "MultiHeadAttention: \(features) features cannot be split into \(headCount) heads")
    query = Linear(inputSize: features, outputSize: features, random: random)
    key = Linear(inputSize: features, outputSize: features, random: random)
    value = Linear(inputSize: features, outputSize: features, random: random)
    output = Linear(inputSize: features, outputSize: features, random: random)
    self.headCount = headCount
    self.isCausal = causal
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    check(input.rank == 3, "MultiHeadAttention: input of shape \(input.shape) should be [batch, time, features]")
    let (batch, time, features) = (input.shape[0], input.shape[1], input.shape[2])
    let headSize = features / headCount
    // [batch, time, features] → [batch, heads, time, headSize]
    func splitHeads(_ x: Tensor) -> Tensor {
      x.reshaped(to: [batch, time, headCount, headSize]).permuted([0, 2, 1, 3])
    }
    let (q, k, v) = (splitHeads(query(input)), splitHeads(key(input)), splitHeads(value(input)))
    var scores = q.matmul(k, transposeOther: true) * (1 / Float(headSize).squareRoot())
    if isCausal {
      scores = scores.masked(where: Tensor.causalMask(size: time), with: -Float.infinity)
    }
    let weights = scores.softmax(alongAxis: -1)
    lastAttentionWeights = weights.detached()
    let merged = weights.matmul(v).permuted([0, 2, 1, 3]).reshaped(to: [batch, time, features])
    return output(merged)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("query", query), ("key", key), ("value", value), ("output", output)].flatMap { prefix, layer in
      layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) }
    }
  }
}
