import Autograd
import Workloads

// region: classifier
/// Article 003 §5's model, built so that it runs: byte embeddings plus
/// positions, one non-causal Transformer block, a LayerNorm, the mean over
/// each sequence's real positions, and one logit (Dense(1); the sigmoid is
/// inside the loss). Two lesser bodies say what the block's parts add.
final class SequenceClassifier: Layer {
  /// What works on the stream between the embeddings and the final LayerNorm.
  enum Body {
    /// The Transformer block: attention, then the MLP, each added to the stream.
    case block
    /// The same block without its attention sub-layer and that sub-layer's
    /// residual: only the MLP, added to the stream. No position sees another.
    case blockWithoutAttention
    /// Nothing: the mean of the normalized byte-plus-position embeddings goes
    /// straight to the dense layer, a bag of bytes that sees which byte sits
    /// where, but never a byte together with the other bytes of its fortune.
    case none
  }

  let tokens: Embedding
  let positions: Embedding
  let body: Body
  let block: TransformerBlock?
  let finalNorm: LayerNorm
  let readout: Linear
  let features: Int

  init(maximumLength: Int, features: Int = 32, headCount: Int = 4, mlpSize: Int = 128, body: Body,
       random: RandomGenerator) {
    tokens = Embedding(vocabularySize: 256, dimension: features, random: random)  // every byte value
    positions = Embedding(vocabularySize: maximumLength, dimension: features, random: random)
    // Without attention the whole block is still drawn, so that its MLP and the readout
    // start from the very weights the full model starts from; its attention is never called.
    block = body == .none
      ? nil
      : TransformerBlock(features: features, headCount: headCount, mlpSize: mlpSize, causal: false, random: random)
    self.body = body
    // The norm stays in every body, so that the small initial embeddings (±0.05)
    // do not leave the bag's one dense layer far slower to train.
    finalNorm = LayerNorm(features: features)
    readout = Linear(inputSize: features, outputSize: 1, random: random)
    self.features = features
  }

  /// One logit per sequence, `[batch, 1]`, for byte sequences padded to one
  /// length: `bytes` holds `lengths.count` rows of `time` bytes each, and row
  /// b's first `lengths[b]` are real.
  func callAsFunction(bytes: [Int], lengths: [Int], time: Int) -> Tensor {
    let shape = [lengths.count, time]
    var stream = tokens(ids: bytes, shape: shape) + positions(ids: Array(0..<time), shape: [time])
    if let block {
      stream = body == .block
        ? block(stream, keyLengths: lengths)  // padded keys masked in every softmax
        : block.mlpSubLayer(stream)  // each position alone: the padding cannot leak in
    }
    return readout(finalNorm(stream).meanOverPositions(lengths: lengths))  // the mean over real positions only
  }
  // endregion

  func callAsFunction(_ input: Tensor) -> Tensor {
    self(bytes: input.scalars.map { Int($0) }, lengths: Array(repeating: input.shape[1], count: input.shape[0]),
      time: input.shape[1])
  }

  /// The parameters the body uses: without attention, the block's attention
  /// and its LayerNorm are left out, so that the optimizer and the parameter
  /// count see only what the model computes with.
  var namedParameters: [(name: String, parameter: Parameter)] {
    var named: [(String, Layer)] = [("tokens", tokens), ("positions", positions)]
    if let block { named.append(("block", block)) }
    named += [("final_norm", finalNorm), ("readout", readout)]
    return named.flatMap { prefix, layer in layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) } }
      .filter { body != .blockWithoutAttention || !$0.name.hasPrefix("block.attention") }
  }
}

// region: mlp-sub-layer
extension TransformerBlock {
  /// The block's second sub-layer alone, `x + MLP(LayerNorm₂(x))`: what is
  /// left of the block when its attention sub-layer and that residual are removed.
  func mlpSubLayer(_ input: Tensor) -> Tensor {
    input + contract(expand(mlpNorm(input)).gelu())
  }
}
// endregion
