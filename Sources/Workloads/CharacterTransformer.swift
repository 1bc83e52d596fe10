import Autograd

// region: block
/// One pre-LayerNorm Transformer block (the GPT-2 arrangement):
///
///     x ← x + Attention(LayerNorm₁(x))
///     x ← x + W₂·GELU(W₁·LayerNorm₂(x) + b₁) + b₂
///
/// Each sub-layer reads a normalized copy of the stream and *adds* its result
/// to it, so the stream itself is never normalized or squashed: a gradient
/// arriving at the top reaches the embeddings through the additions unchanged.
public final class TransformerBlock: Layer {
  public let attentionNorm: LayerNorm
  public let attention: MultiHeadAttention
  public let mlpNorm: LayerNorm
  public let expand: Linear
  public let contract: Linear

  /// - Parameter causal: Whether each position sees only itself and the
  ///   past (a language model) or the whole sequence (a classifier).
  public init(features: Int, headCount: Int, mlpSize: Int, causal: Bool = true, random: RandomGenerator) {
    attentionNorm = LayerNorm(features: features)
    attention = MultiHeadAttention(
      features: features, headCount: headCount, causal: causal,
      projectionInitializer: kerasAttentionInitializer(features: features, headCount: headCount, isOutput: false),
      outputInitializer: kerasAttentionInitializer(features: features, headCount: headCount, isOutput: true),
      random: random)
    mlpNorm = LayerNorm(features: features)
    expand = Linear(inputSize: features, outputSize: mlpSize, random: random)
    contract = Linear(inputSize: mlpSize, outputSize: features, random: random)
  }

  public func callAsFunction(_ input: Tensor) -> Tensor { self(input, keyLengths: nil) }

  /// The block over sequences padded to one length, each attending only to
  /// its first `keyLengths[b]` positions (the padding mask); the other
  /// sub-layers work on each position alone, so padding cannot leak in there.
  public func callAsFunction(_ input: Tensor, keyLengths: [Int]?) -> Tensor {
    let afterAttention = input + attention(attentionNorm(input), keyLengths: keyLengths)
    return afterAttention + contract(expand(mlpNorm(afterAttention)).gelu())
  }
  // endregion

  // region: block-step
  /// The same block on the next positions of one sequence, `[time, features]`,
  /// for generation: its attention reads the keys and values of the positions
  /// before them from `cache` and appends theirs; every other sub-layer works
  /// on each position alone, so it needs nothing from earlier positions.
  public func callAsFunction(_ input: Tensor, appendingTo cache: KeyValueCache) -> Tensor {
    let afterAttention = input + attention(attentionNorm(input), appendingTo: cache)
    return afterAttention + contract(expand(mlpNorm(afterAttention)).gelu())
  }
  // endregion

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [
      ("attention_norm", attentionNorm as Layer), ("attention", attention), ("mlp_norm", mlpNorm),
      ("mlp_expand", expand), ("mlp_contract", contract),
    ].flatMap { prefix, layer in layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) } }
  }
}

// region: model
/// The W4 character Transformer (``Workload/w4(vocabularySize:)`` is its recipe): byte embeddings plus learned position
/// embeddings, two causal pre-LayerNorm blocks, a final LayerNorm and a dense
/// layer back to the vocabulary at every position.
public final class CharacterTransformer: Layer {
  public let tokens: Embedding
  public let positions: Embedding
  public let blocks: [TransformerBlock]
  public let finalNorm: LayerNorm
  public let readout: Linear
  public let features: Int

  public init(
    vocabularySize: Int, windowLength: Int = 64, features: Int = 128, headCount: Int = 4, mlpSize: Int = 512,
    blockCount: Int = 2, random: RandomGenerator
  ) {
    tokens = Embedding(vocabularySize: vocabularySize, dimension: features, random: random)
    positions = Embedding(vocabularySize: windowLength, dimension: features, random: random)
    blocks = (0..<blockCount).map { _ in
      TransformerBlock(features: features, headCount: headCount, mlpSize: mlpSize, random: random)
    }
    finalNorm = LayerNorm(features: features)
    readout = Linear(inputSize: features, outputSize: vocabularySize, random: random)
    self.features = features
  }

  /// The logits for the next byte at every position, `[windows × length, vocabulary]`,
  /// for input ids laid out as `shape` (`[windows, length]`).
  public func callAsFunction(ids: [Int], shape: [Int]) -> Tensor {
    let length = shape[1]
    // [windows, length, features] + [length, features]: every window gets the same positions.
    var stream = tokens(ids: ids, shape: shape) + positions(ids: Array(0..<length), shape: [length])
    for block in blocks { stream = block(stream) }
    return readout(finalNorm(stream).reshaped(to: [-1, features]))
  }
  // endregion

  // region: model-step
  /// The logits for the byte after `ids`, `[vocabulary]`, where `ids` continue
  /// the sequence whose earlier positions `caches` hold (one cache per block,
  /// from ``makeCaches()``; empty for a new sequence). Each block appends the
  /// keys and values of `ids`' positions to its cache.
  ///
  /// Only the last position's logits are computed: generation samples from
  /// no other.
  public func nextByteLogits(appending ids: [Int], to caches: [KeyValueCache]) -> [Float] {
    let (start, count) = (caches[0].count, ids.count)
    precondition(
      count > 0 && start + count <= windowLength,
      "nextByteLogits: \(count) bytes after \(start) do not fit in the window of \(windowLength) positions")
    var stream = tokens(ids: ids, shape: [count]) + positions(ids: Array(start..<(start + count)), shape: [count])
    for (block, cache) in zip(blocks, caches) { stream = block(stream, appendingTo: cache) }
    let last = stream.sliced(alongAxis: 0, (count - 1)..<count)
    return readout(finalNorm(last)).scalars
  }
  // endregion

  /// One empty cache per block, each holding up to a window of positions.
  public func makeCaches() -> [KeyValueCache] {
    blocks.map { _ in KeyValueCache(capacity: windowLength, features: features) }
  }

  /// The positions the model has embeddings for: the longest sequence it reads.
  public var windowLength: Int { positions.table.shape[0] }

  /// The logits for a tensor of ids shaped `[windows, length]`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    self(ids: input.scalars.map { Int($0) }, shape: input.shape)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    let named: [(String, Layer)] =
      [("tokens", tokens), ("positions", positions)] + blocks.enumerated().map { ("block\($0.offset + 1)", $0.element) }
      + [("final_norm", finalNorm), ("readout", readout)]
    return named.flatMap { prefix, layer in layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) } }
  }
}

// region: keras-initializer
/// Keras's initialization of its `MultiHeadAttention` projections.
///
/// Keras stores W_q as a [features, heads, headSize] tensor and W_o as
/// [heads, headSize, features] and applies Glorot-uniform to those shapes.
/// For a tensor of rank 3 its fan rule takes the leading axis as a
/// "receptive field" (as for a convolution kernel), so fan-in and fan-out
/// are each multiplied by it: for W_q, 128·4 and 128·32, a limit of
/// √(6 / 4608) ≈ 0.036 instead of the √(6 / 256) ≈ 0.153 of a plain
/// [128, 128] matrix. Small query and key weights start every head close to
/// uniform attention, which is where the Keras peer trains best from.
public func kerasAttentionInitializer(features: Int, headCount: Int, isOutput: Bool) -> Initializer {
  let headSize = features / headCount
  // Fan-in = (last axis but one) · field and fan-out = (last axis) · field,
  // the field being the leading axis: W_q [features, heads, headSize] and
  // W_o [heads, headSize, features].
  let (fanIn, fanOut) = isOutput
    ? (headSize * headCount, features * headCount)
    : (headCount * features, headSize * features)
  return .uniform(limit: Float((6 / Double(fanIn + fanOut)).squareRoot()))
}
// endregion
