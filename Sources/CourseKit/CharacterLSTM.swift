import Autograd

/// The W3 character model: an embedding of each byte, one LSTM over the
/// whole window, and a dense layer back to the vocabulary at every position.
///
/// Chapter 5 teaches with it and chapter 6 trains it beside the Transformer,
/// so both chapters compare the same model.
///
///     let model = CharacterLSTM(vocabularySize: 114, random: random)
///     let logits = model(ids: batch.inputs, shape: [64, 64])  // [4096, 114]
public final class CharacterLSTM: Layer {
  public let embedding: Embedding
  public let lstm: LSTM
  public let readout: Linear

  public init(vocabularySize: Int, embeddingSize: Int = 64, hiddenSize: Int = 128, random: RandomGenerator) {
    embedding = Embedding(vocabularySize: vocabularySize, dimension: embeddingSize, random: random)
    lstm = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize, random: random)
    readout = Linear(inputSize: hiddenSize, outputSize: vocabularySize, random: random)
  }

  /// The logits for the next byte at every position, shaped
  /// `[windows × length, vocabulary]`, for input ids laid out as `shape`
  /// (`[windows, length]`).
  public func callAsFunction(ids: [Int], shape: [Int]) -> Tensor {
    let hidden = lstm(embedding(ids: ids, shape: shape))
    return readout(hidden.reshaped(to: [-1, lstm.cell.hiddenSize]))
  }

  /// The logits for a tensor of ids shaped `[windows, length]`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    let hidden = lstm(embedding(input))
    return readout(hidden.reshaped(to: [-1, lstm.cell.hiddenSize]))
  }

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("embedding", embedding as Layer), ("lstm", lstm), ("readout", readout)].flatMap { prefix, layer in
      layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) }
    }
  }
}
