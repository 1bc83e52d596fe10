/// The state an LSTM carries from one step to the next.
public struct LSTMState {
  /// h, the output of the step: [batch, hidden].
  public var hidden: Tensor
  /// c, the memory cell: [batch, hidden].
  public var cell: Tensor

  /// The all-zero state a sequence starts from.
  public static func zeros(batch: Int, hiddenSize: Int) -> LSTMState {
    LSTMState(hidden: .zeros([batch, hiddenSize]), cell: .zeros([batch, hiddenSize]))
  }
}

/// One step of a long short-term memory layer (Hochreiter & Schmidhuber
/// 1997), built from the core's operations so that every equation is visible:
///
///     z = x·W + h·U + b,   split into [z_i, z_f, z_g, z_o]
///     i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
///     c' = f ⊙ c + i ⊙ g
///     h' = o ⊙ tanh(c')
///
/// Parameters follow Keras's layout and defaults: W (`inputWeight`,
/// [input, 4·hidden], Glorot uniform), U (`recurrentWeight`, [hidden, 4·hidden],
/// orthogonal), b (`bias`, zeros except 1 for the forget gate).
public final class LSTMCell {
  public let inputWeight: Parameter
  public let recurrentWeight: Parameter
  public let bias: Parameter
  public let hiddenSize: Int

  public init(inputSize: Int, hiddenSize: Int, random: RandomGenerator) {
    let gates = 4 * hiddenSize
    self.hiddenSize = hiddenSize
    inputWeight = Parameter(
      Initializer.glorotUniform.makeTensor(shape: [inputSize, gates], fanIn: inputSize, fanOut: gates, using: random))
    recurrentWeight = Parameter(
      Initializer.orthogonal.makeTensor(shape: [hiddenSize, gates], fanIn: hiddenSize, fanOut: gates, using: random))
    // A forget bias of 1 lets memory flow through time from the start (Jozefowicz et al. 2015).
    bias = Parameter(Tensor(shape: [gates], scalars: (0..<gates).map { $0 / hiddenSize == 1 ? 1 : 0 }))
  }

  /// Advances `state` by one step on `input` ([batch, input]).
  public func callAsFunction(_ input: Tensor, state: LSTMState) -> LSTMState {
    let z = input.matmul(inputWeight.value) + state.hidden.matmul(recurrentWeight.value) + bias.value
    let gate = { (index: Int) in z.sliced(alongAxis: 1, (index * self.hiddenSize)..<((index + 1) * self.hiddenSize)) }
    let (input, forget, candidate, output) = (gate(0).sigmoid(), gate(1).sigmoid(), gate(2).tanh(), gate(3).sigmoid())
    let cell = forget * state.cell + input * candidate
    return LSTMState(hidden: output * cell.tanh(), cell: cell)
  }

  var namedParameters: [(name: String, parameter: Parameter)] {
    [("inputWeight", inputWeight), ("recurrentWeight", recurrentWeight), ("bias", bias)]
  }
}

/// A long short-term memory layer over whole sequences, returning the hidden
/// state of every step: [batch, time, input] → [batch, time, hidden].
///
/// It computes exactly what ``LSTMCell`` computes step by step, but projects
/// the inputs of all steps with one matrix product and runs the recurrence
/// and its backward pass as a single fused operation.
public final class LSTM: Layer {
  /// The parameters, shared with step-by-step use (sampling one token at a time).
  public let cell: LSTMCell

  public init(inputSize: Int, hiddenSize: Int, random: RandomGenerator) {
    cell = LSTMCell(inputSize: inputSize, hiddenSize: hiddenSize, random: random)
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    self(input, state: nil).outputs
  }

  /// Runs the sequence from `state` (zeros if `nil`; no gradient flows into
  /// it), returning every step's output and the final state.
  public func callAsFunction(_ input: Tensor, state: LSTMState?) -> (outputs: Tensor, state: LSTMState) {
    check(
      input.rank == 3 && input.shape[2] == cell.inputWeight.shape[0],
      "LSTM: input of shape \(input.shape) should be [batch, time, \(cell.inputWeight.shape[0])]")
    let projection = input.matmul(cell.inputWeight.value) + cell.bias.value
    let (outputs, finalCell) = Tensor.lstmSequence(
      inputProjection: projection, recurrentWeight: cell.recurrentWeight.value,
      initialHidden: state?.hidden.detached(), initialCell: state?.cell.detached())
    let lastHidden = withoutGradient {
      outputs.sliced(alongAxis: 1, (input.shape[1] - 1)..<input.shape[1]).reshaped(to: [input.shape[0], -1])
    }
    return (outputs, LSTMState(hidden: lastHidden, cell: finalCell))
  }

  public var namedParameters: [(name: String, parameter: Parameter)] { cell.namedParameters }
}
