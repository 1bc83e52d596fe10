import Autograd

/// The W3 character model: an embedding of each byte, one LSTM over the
/// whole window, and a dense layer back to the vocabulary at every position.
///
/// Chapter 6 teaches with it and chapter 7 trains it beside the Transformer,
/// so both chapters compare the same model; ``Workload/w3(vocabularySize:)``
/// is its training recipe. Sampling from it lives in CourseKit
/// (`CharacterLSTM+Generation.swift`).
///
///     let model = CharacterLSTM(vocabularySize: 114, random: random)
///     let logits = model(ids: batch.inputs, shape: [64, 64])  // [4096, 114]
public final class CharacterLSTM: Layer {
  public let embedding: Embedding
  public let lstm: LSTM
  public let readout: Linear

  /// How the parameters start: the two peers' defaults.
  public enum Initialization: Sendable {
    /// Keras: embeddings uniform in ±0.05; Glorot-uniform W, orthogonal U,
    /// zero biases except 1 for the forget gate; Glorot-uniform readout.
    case keras
    /// PyTorch: embeddings N(0, 1); every LSTM weight and bias uniform in
    /// ±1/√hidden (no forget bias); readout uniform in ±1/√hidden.
    case pytorch
  }

  // region: initialization
  /// Creates the model, initialized as PyTorch initializes it by default.
  ///
  /// The peers train this model with the same recipe, and PyTorch's reaches
  /// a clearly lower validation loss after two epochs than Keras's. The
  /// chapter's initialization ablation tests one explanation, the embedding:
  /// Keras's ±0.05 makes the input projection x·W small at the start (the
  /// chapter records both standard deviations), so the gates barely depend on
  /// which byte the LSTM reads until the embedding has grown. Swapping the
  /// embeddings alone moves each default's early score to about the other's.
  public init(
    vocabularySize: Int, embeddingSize: Int = 64, hiddenSize: Int = 128, initialization: Initialization = .pytorch,
    random: RandomGenerator
  ) {
    switch initialization {
    case .keras:
      embedding = Embedding(vocabularySize: vocabularySize, dimension: embeddingSize, random: random)
      lstm = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize, random: random)
      readout = Linear(inputSize: hiddenSize, outputSize: vocabularySize, random: random)
    case .pytorch:
      let limit = Float(1 / Double(hiddenSize).squareRoot())
      embedding = Embedding(
        vocabularySize: vocabularySize, dimension: embeddingSize, initializer: .normal(standardDeviation: 1),
        random: random)
      lstm = LSTM(
        inputSize: embeddingSize, hiddenSize: hiddenSize, inputInitializer: .uniform(limit: limit),
        recurrentInitializer: .uniform(limit: limit), biasInitializer: .uniform(limit: limit), forgetBias: 0,
        random: random)
      // PyTorch's LSTM has two bias vectors, b_ih and b_hh, each uniform in ±1/√hidden; ours is their sum.
      let bias = lstm.cell.bias
      bias.value = (bias.value.detached() + .uniform(shape: bias.shape, in: -limit...limit, using: random))
        .requiringGradient()
      readout = Linear(
        inputSize: hiddenSize, outputSize: vocabularySize, weightInitializer: .pytorchLinear(fanIn: hiddenSize),
        biasInitializer: .pytorchLinear(fanIn: hiddenSize), random: random)
    }
  }
  // endregion

  /// The logits for a tensor of ids shaped `[windows, length]`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    self(ids: Embedding.ids(in: input), shape: input.shape)
  }

  // region: projected-table
  /// The logits for the next byte at every position, shaped
  /// `[windows × length, vocabulary]`, for input ids laid out as `shape`
  /// (`[windows, length]`).
  public func callAsFunction(ids: [Int], shape: [Int]) -> Tensor {
    let cell = lstm.cell
    let hidden: Tensor
    if ids.count > embedding.table.shape[0] {
      // Each position's x·W + b is row `id` of the table E·W + b; the LSTM reads it from there.
      hidden = lstm(inputTable: inputTable(), ids: ids, shape: shape, state: nil).outputs
    } else {
      // Fewer positions than bytes in the vocabulary: projecting the positions is the smaller product.
      let projection = embedding(ids: ids, shape: shape).matmul(cell.inputWeight.value, addingBias: cell.bias.value)
      hidden = lstm(projectedInput: projection, state: nil).outputs
    }
    return readout(hidden.reshaped(to: [-1, cell.hiddenSize]))
  }

  /// The LSTM's input projection x·W + b of every byte of the vocabulary,
  /// the table E·W + b: [vocabulary, 4·hidden].
  ///
  /// A position's x is the embedding row E[id] of its byte, so its projection
  /// is row `id` of this table: the same sums, computed once per byte of the
  /// vocabulary instead of once per position (114 rows instead of 4,096 for
  /// a batch of W3), and the gradients reach E, W and b through this product.
  /// Sampling uses the same table (`CharacterLSTM+Generation.swift`).
  public func inputTable() -> Tensor {
    embedding.table.value.matmul(lstm.cell.inputWeight.value, addingBias: lstm.cell.bias.value)
  }
  // endregion

  public var namedParameters: [(name: String, parameter: Parameter)] {
    [("embedding", embedding as Layer), ("lstm", lstm), ("readout", readout)].flatMap { prefix, layer in
      layer.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) }
    }
  }
}
