import Autograd

// region: classifier
/// Article 003 §5's model, built so that it runs: byte embeddings plus
/// positions, one non-causal Transformer block, a LayerNorm, the mean over
/// each sequence's real positions, and one logit (Dense(1); the sigmoid is
/// inside the loss).
///
/// With `usesAttention` false the block is left out: the mean of the
/// normalized byte-plus-position embeddings goes straight to the dense layer,
/// a bag of bytes that sees which byte sits where, but never a byte together
/// with its neighbours. The norm stays in both, so that the small initial embeddings
/// (±0.05) do not leave the bag's one dense layer far slower to train.
final class SequenceClassifier: Layer {
  let tokens: Embedding
  let positions: Embedding
  let block: TransformerBlock?
  let finalNorm: LayerNorm
  let readout: Linear
  let features: Int

  init(maximumLength: Int, features: Int = 32, headCount: Int = 4, mlpSize: Int = 128, usesAttention: Bool,
       random: RandomGenerator) {
    tokens = Embedding(vocabularySize: 256, dimension: features, random: random)  // every byte value
    positions = Embedding(vocabularySize: maximumLength, dimension: features, random: random)
    block = usesAttention
      ? TransformerBlock(features: features, headCount: headCount, mlpSize: mlpSize, causal: false, random: random)
      : nil
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
    if let block { stream = block(stream, keyLengths: lengths) }  // padded keys masked in every softmax
    return readout(finalNorm(stream).meanOverPositions(lengths: lengths))  // the mean over real positions only
  }
  // endregion

  func callAsFunction(_ input: Tensor) -> Tensor {
    self(bytes: input.scalars.map { Int($0) }, lengths: Array(repeating: input.shape[1], count: input.shape[0]),
      time: input.shape[1])
  }

  var namedParameters: [(name: String, parameter: Parameter)] {
    var named: [(String, Layer)] = [("tokens", tokens), ("positions", positions)]
    if let block { named.append(("block", block)) }
    named += [("final_norm", finalNorm), ("readout", readout)]
    return named.flatMap { prefix, layer in layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) } }
  }
}
