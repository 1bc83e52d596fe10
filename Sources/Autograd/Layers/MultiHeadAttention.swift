import Foundation

/// Multi-head scaled dot-product self-attention (Vaswani et al. 2017) over
/// [batch, time, features]:
///
///     Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V
///
/// computed for each of `headCount` heads of size d_k = features / headCount
/// on learned projections Q = x·W_q, K = x·W_k, V = x·W_v, then merged and
/// projected by W_o. With `causal`, position t attends only to positions ≤ t.
///
/// The three projections run as one product by [W_q | W_k | W_v] (a
/// [features, 3·features] matrix joined from the three layers' weights), and
/// the heads are computed by ``Tensor/scaledDotProductAttention(packed:headCount:causal:keyLengths:)``,
/// one fused operation that reads each head where it lies instead of
/// permuting copies of it.
public final class MultiHeadAttention: Layer {
  public let query: Linear
  public let key: Linear
  public let value: Linear
  public let output: Linear
  public let headCount: Int
  public let isCausal: Bool

  /// The attention weights of the last call, [batch, heads, time, time], for
  /// drawing heatmaps. Not differentiable. Calls inside `backwardInHalves`,
  /// two at once, leave it as it was.
  @LastCallRecord public private(set) var lastAttentionWeights: Tensor?

  /// Creates the four projections, each [features, features] with a bias.
  ///
  /// - Parameters:
  ///   - projectionInitializer: The rule for W_q, W_k and W_v (Glorot uniform
  ///     over [features, features] by default).
  ///   - outputInitializer: The rule for W_o.
  public init(
    features: Int, headCount: Int, causal: Bool = false,
    projectionInitializer: Initializer = .glorotUniform, outputInitializer: Initializer = .glorotUniform,
    random: RandomGenerator
  ) {
    check(
      headCount > 0 && features % headCount == 0,
      "MultiHeadAttention: \(features) features cannot be split into \(headCount) heads")
    query = Linear(inputSize: features, outputSize: features, weightInitializer: projectionInitializer, random: random)
    key = Linear(inputSize: features, outputSize: features, weightInitializer: projectionInitializer, random: random)
    value = Linear(inputSize: features, outputSize: features, weightInitializer: projectionInitializer, random: random)
    output = Linear(inputSize: features, outputSize: features, weightInitializer: outputInitializer, random: random)
    self.headCount = headCount
    self.isCausal = causal
  }

  public func callAsFunction(_ input: Tensor) -> Tensor { self(input, keyLengths: nil) }

  /// Self-attention over a batch of sequences padded to one length, each of
  /// which attends only to its first `keyLengths[b]` positions (all of them
  /// when nil); see ``Tensor/scaledDotProductAttention(packed:headCount:causal:keyLengths:)``.
  public func callAsFunction(_ input: Tensor, keyLengths: [Int]?) -> Tensor {
    check(input.rank == 3, "MultiHeadAttention: input of shape \(input.shape) should be [batch, time, features]")
    let joinedWeight = Tensor.concatenated(
      [query.weight.value, key.weight.value, value.weight.value], alongAxis: 1)
    let projected: Tensor
    if let queryBias = query.bias, let keyBias = key.bias, let valueBias = value.bias {
      let joinedBias = Tensor.concatenated([queryBias.value, keyBias.value, valueBias.value], alongAxis: 0)
      projected = input.matmul(joinedWeight, addingBias: joinedBias)
    } else {
      projected = input.matmul(joinedWeight)
    }
    let (heads, weights) = Tensor.scaledDotProductAttention(
      packed: projected, headCount: headCount, causal: isCausal, keyLengths: keyLengths)
    lastAttentionWeights = weights
    return output(heads)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("query", query), ("key", key), ("value", value), ("output", output)].flatMap { prefix, layer in
      layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) }
    }
  }
}
