import Autograd
import Foundation

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

  // region: initialization
  public init(vocabularySize: Int, embeddingSize: Int = 64, hiddenSize: Int = 128, random: RandomGenerator) {
    let variant = ProcessInfo.processInfo.environment["LSTM_INIT"] ?? "course"
    switch variant {
    case "keras":
      embedding = Embedding(vocabularySize: vocabularySize, dimension: embeddingSize, random: random)
      lstm = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize, random: random)
      readout = Linear(inputSize: hiddenSize, outputSize: vocabularySize, random: random)
    case "pytorch":
      let limit = Float(1 / Double(hiddenSize).squareRoot())
      embedding = Embedding(vocabularySize: vocabularySize, dimension: embeddingSize,
        initializer: .normal(standardDeviation: 1), random: random)
      lstm = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize, inputInitializer: .uniform(limit: limit),
        recurrentInitializer: .uniform(limit: limit), biasInitializer: .uniform(limit: 2 * limit), forgetBias: 0,
        random: random)
      readout = Linear(inputSize: hiddenSize, outputSize: vocabularySize,
        weightInitializer: .pytorchLinear(fanIn: hiddenSize), biasInitializer: .pytorchLinear(fanIn: hiddenSize),
        random: random)
    default:
      embedding = Embedding(vocabularySize: vocabularySize, dimension: embeddingSize,
        initializer: .normal(standardDeviation: 1), random: random)
      lstm = LSTM(inputSize: embeddingSize, hiddenSize: hiddenSize, random: random)
      readout = Linear(inputSize: hiddenSize, outputSize: vocabularySize, random: random)
    }
  }
  // endregion

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

  // region: generation
  /// `count` token ids sampled one at a time, each fed back as the next
  /// input, starting from `first`, with the LSTM's state carried from step to
  /// step: autoregressive generation.
  ///
  /// The embedding and input projection of a byte never change while
  /// sampling, so x·W + b is computed once for every symbol of the
  /// vocabulary; a step is then one lookup, one product h·U, the gates, and
  /// the readout.
  public func generate(count: Int, after first: Int, temperature: Double, random: RandomGenerator) -> [Int] {
    let (weight, bias) = (readout.weight.value, readout.bias?.value ?? .zeros([readout.weight.shape[1]]))
    return withoutGradient {
      let projectedSymbols = embedding.table.value.matmul(lstm.cell.inputWeight.value, addingBias: lstm.cell.bias.value)
      let stepper = LSTMStepper(lstm.cell)
      let gates = 4 * lstm.cell.hiddenSize
      var token = first
      var tokens: [Int] = []
      for _ in 0..<count {
        projectedSymbols.scalars.withUnsafeBufferPointer { table in
          stepper.step(projection: UnsafeBufferPointer(rebasing: table[(token * gates)..<((token + 1) * gates)]))
        }
        let logits = Tensor(shape: [1, stepper.hiddenSize], scalars: stepper.hidden).matmul(weight, addingBias: bias)
        token = sampleToken(fromLogits: logits.scalars, temperature: temperature, using: random)
        tokens.append(token)
      }
      return tokens
    }
  }
  // endregion
}
