/// The state an LSTM carries from one step to the next.
public struct LSTMState {
  /// h, the output of the step: [batch, hidden].
  public var hidden: Tensor
  /// c, the memory cell: [batch, hidden].
  public var cell: Tensor

  /// A state of hidden h and cell c, both [batch, hidden].
  public init(hidden: Tensor, cell: Tensor) {
    self.hidden = hidden
    self.cell = cell
  }

  /// The all-zero state a sequence starts from.
  public static func zeros(batch: Int, hiddenSize: Int) -> LSTMState {
    LSTMState(hidden: .zeros([batch, hiddenSize]), cell: .zeros([batch, hiddenSize]))
  }
}

/// One step of a long short-term memory layer (Hochreiter & Schmidhuber
/// 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000), built from the core's operations so that every equation is visible:
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

  /// Creates a cell with Keras's initialization by default.
  ///
  /// - Parameters:
  ///   - inputInitializer: fills W, [input, 4·hidden].
  ///   - recurrentInitializer: fills U, [hidden, 4·hidden].
  ///   - biasInitializer: fills b, after which `forgetBias` is added to the forget gate's part.
  ///   - forgetBias: added to the forget gate's bias (1, Keras's `unit_forget_bias`).
  public init(
    inputSize: Int, hiddenSize: Int, inputInitializer: Initializer = .glorotUniform,
    recurrentInitializer: Initializer = .orthogonal, biasInitializer: Initializer = .zeros, forgetBias: Float = 1,
    random: RandomGenerator
  ) {
    let gates = 4 * hiddenSize
    self.hiddenSize = hiddenSize
    inputWeight = Parameter(
      inputInitializer.makeTensor(shape: [inputSize, gates], fanIn: inputSize, fanOut: gates, using: random))
    recurrentWeight = Parameter(
      recurrentInitializer.makeTensor(shape: [hiddenSize, gates], fanIn: hiddenSize, fanOut: gates, using: random))
    // A forget bias of 1 lets memory flow through time from the start (Jozefowicz et al. 2015).
    let bias = biasInitializer.makeTensor(shape: [gates], fanIn: hiddenSize, fanOut: gates, using: random).scalars
    self.bias = Parameter(
      Tensor(shape: [gates], scalars: bias.indices.map { bias[$0] + ($0 / hiddenSize == 1 ? forgetBias : 0) }))
  }

  /// Advances `state` by one step on `input` ([batch, input]).
  public func callAsFunction(_ input: Tensor, state: LSTMState) -> LSTMState {
    checkShapes(input, state)
    return step(input, state: state)
  }

  /// One step on shapes already checked: the equations above, line by line.
  // region: lstm-cell
  func step(_ input: Tensor, state: LSTMState) -> LSTMState {
    let z = input.matmul(inputWeight.value) + state.hidden.matmul(recurrentWeight.value) + bias.value
    let gate = { (index: Int) in z.sliced(alongAxis: 1, (index * self.hiddenSize)..<((index + 1) * self.hiddenSize)) }
    let (input, forget, candidate, output) = (gate(0).sigmoid(), gate(1).sigmoid(), gate(2).tanh(), gate(3).sigmoid())
    let cell = forget * state.cell + input * candidate
    return LSTMState(hidden: output * cell.tanh(), cell: cell)
  }
  // endregion

  /// Refuses what the gates cannot be sliced from: each of z's four gates is
  /// a slice of its second dimension, so z must be [batch, 4·hidden].
  private func checkShapes(_ input: Tensor, _ state: LSTMState) {
    let inputSize = inputWeight.shape[0]
    check(
      input.rank == 2 && input.shape[1] == inputSize && state.hidden.rank == 2 && state.hidden.shape[1] == hiddenSize
        && state.cell.rank == 2 && state.cell.shape[1] == hiddenSize,
      "LSTMCell: input \(input.shape), hidden \(state.hidden.shape) and cell \(state.cell.shape) should be "
        + "[batch, \(inputSize)], [batch, \(hiddenSize)] and [batch, \(hiddenSize)]")
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

  /// Creates a layer; the arguments are ``LSTMCell``'s.
  public init(
    inputSize: Int, hiddenSize: Int, inputInitializer: Initializer = .glorotUniform,
    recurrentInitializer: Initializer = .orthogonal, biasInitializer: Initializer = .zeros, forgetBias: Float = 1,
    random: RandomGenerator
  ) {
    cell = LSTMCell(
      inputSize: inputSize, hiddenSize: hiddenSize, inputInitializer: inputInitializer,
      recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer, forgetBias: forgetBias,
      random: random)
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    self(input, state: nil).outputs
  }

  /// Runs the sequence from `state` (zeros if `nil`; no gradient flows into
  /// it), returning every step's output and the final state.
  public func callAsFunction(_ input: Tensor, state: LSTMState?) -> (outputs: Tensor, state: LSTMState) {
    check(
      input.rank == 3 && input.shape[1] > 0 && input.shape[2] == cell.inputWeight.shape[0],
      "LSTM: input of shape \(input.shape) should be [batch, time, \(cell.inputWeight.shape[0])] with time ≥ 1")
    // x_t·W + b for every step at once: one matrix product over all batch rows and steps.
    let projection = input.matmul(cell.inputWeight.value, addingBias: cell.bias.value)
    return self(projectedInput: projection, state: state)
  }

  /// Runs the recurrence on inputs already projected, x_t·W + b for every
  /// step as [batch, time, 4·hidden], from `state` (zeros if `nil`).
  ///
  /// For a model that computes the projection itself, such as an embedding
  /// followed by this layer (see `CharacterLSTM`); when the inputs are ids
  /// into a table of projections, ``callAsFunction(inputTable:ids:shape:state:)``
  /// reads the table's rows without gathering them first.
  public func callAsFunction(projectedInput projection: Tensor, state: LSTMState?) -> (
    outputs: Tensor, state: LSTMState
  ) {
    let gates = 4 * cell.hiddenSize
    check(
      projection.rank == 3 && projection.shape[1] > 0 && projection.shape[2] == gates,
      "LSTM: projected input of shape \(projection.shape) should be [batch, time, \(gates)] with time ≥ 1")
    let (outputs, finalCell) = Tensor.lstmSequence(
      inputProjection: projection, recurrentWeight: cell.recurrentWeight.value,
      initialHidden: state?.hidden.detached(), initialCell: state?.cell.detached())
    return (outputs, finalState(outputs, finalCell))
  }

  /// Runs the recurrence on inputs given as ids into a table of projected
  /// inputs, [vocabulary, 4·hidden], one row x·W + b per id, from `state`
  /// (zeros if `nil`); `ids` are laid out as `shape`, [batch, time].
  ///
  /// What `self(projectedInput: table.gatherRows(ids, shape: shape), state: state)`
  /// computes, reading each position's row from the table in place (see
  /// `Tensor.lstmSequence(inputTable:ids:shape:recurrentWeight:initialHidden:initialCell:)`).
  public func callAsFunction(inputTable table: Tensor, ids: [Int], shape: [Int], state: LSTMState?) -> (
    outputs: Tensor, state: LSTMState
  ) {
    check(
      shape.count == 2 && shape[1] > 0,
      "LSTM: ids of shape \(shape) should be [batch, time] with time ≥ 1")
    let (outputs, finalCell) = Tensor.lstmSequence(
      inputTable: table, ids: ids, shape: shape, recurrentWeight: cell.recurrentWeight.value,
      initialHidden: state?.hidden.detached(), initialCell: state?.cell.detached())
    return (outputs, finalState(outputs, finalCell))
  }

  /// The state after the last step: its output (no gradient) and its cell.
  private func finalState(_ outputs: Tensor, _ finalCell: Tensor) -> LSTMState {
    let (batch, time) = (outputs.shape[0], outputs.shape[1])
    let lastHidden = withoutGradient {
      outputs.sliced(alongAxis: 1, (time - 1)..<time).reshaped(to: [batch, -1])
    }
    return LSTMState(hidden: lastHidden, cell: finalCell)
  }

  public var namedParameters: [(name: String, parameter: Parameter)] { cell.namedParameters }
}

// region: stepper
/// An LSTM cell run one step at a time for a single sequence, without a
/// graph: what sampling text one byte at a time needs.
///
/// Training runs whole windows through ``LSTM``; generation cannot, since
/// each step's input is the byte the previous step chose. Calling the
/// ``LSTMCell`` per step would record a graph and allocate a dozen tensors per
/// byte. The stepper keeps h and c in buffers it owns and does one product
/// h·U and the gate arithmetic per step, in place.
///
///     let stepper = LSTMStepper(cell)
///     stepper.step(projection: xW_plus_b)   // 4·hidden floats: x_t·W + b
///     stepper.hidden                        // h_t
public final class LSTMStepper {
  public let hiddenSize: Int
  private let recurrentWeight: [Float]
  /// h, c, and the scratch of one step: z = h·U, the gates, tanh(c), the next h and c.
  private let state: UnsafeMutablePointer<Float>

  /// A stepper with the cell's current recurrent weight, starting from zeros.
  public init(_ cell: LSTMCell) {
    hiddenSize = cell.hiddenSize
    recurrentWeight = cell.recurrentWeight.value.scalars
    state = .allocate(capacity: 13 * cell.hiddenSize)
    state.initialize(repeating: 0, count: 13 * cell.hiddenSize)
  }

  deinit { state.deallocate() }

  private var hiddenPointer: UnsafeMutablePointer<Float> { state }
  private var cellPointer: UnsafeMutablePointer<Float> { state + hiddenSize }

  /// h after the last step (zeros before the first).
  public var hidden: [Float] { Array(UnsafeBufferPointer(start: hiddenPointer, count: hiddenSize)) }

  /// c after the last step (zeros before the first).
  public var cell: [Float] { Array(UnsafeBufferPointer(start: cellPointer, count: hiddenSize)) }

  /// Sets h and c back to zero.
  public func reset() {
    state.update(repeating: 0, count: 2 * hiddenSize)
  }

  /// Advances h and c by one step whose input projection x_t·W + b is given
  /// (4·hidden floats, gates in the order i, f, g, o).
  public func step(projection: UnsafeBufferPointer<Float>) {
    check(projection.count == 4 * hiddenSize,
      "LSTMStepper: the input projection has \(projection.count) values, expected \(4 * hiddenSize)")
    let hidden = hiddenSize
    let recurrent = state + 2 * hidden, gates = state + 6 * hidden
    let nextCell = state + 10 * hidden, cellTanh = state + 11 * hidden, nextHidden = state + 12 * hidden
    recurrentWeight.withUnsafeBufferPointer { weight in
      multiplyMatrices(
        rows: 1, columns: 4 * hidden, inner: hidden, hiddenPointer, leftStride: hidden,
        weight.baseAddress!, rightStride: 4 * hidden, into: recurrent, outputStride: 4 * hidden)
    }
    LSTMKernel.forwardRow(
      LSTMRowPointers(
        recurrent: recurrent, projection: projection.baseAddress!, previousCell: cellPointer, gates: gates,
        cell: nextCell, cellTanh: cellTanh, output: nextHidden),
      hidden: hidden)
    hiddenPointer.update(from: nextHidden, count: hidden)
    cellPointer.update(from: nextCell, count: hidden)
  }
}
// endregion
