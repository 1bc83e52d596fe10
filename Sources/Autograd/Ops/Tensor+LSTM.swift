import Foundation

// A whole LSTM sequence as one operation, with backpropagation through time
// written out by hand.
//
// An LSTM built from the core's small operations works (see `LSTMCell`) but
// records about fifteen nodes per time step, and slicing each step out of the
// input costs a full-size gradient buffer per step in the backward pass. This
// operation does the same arithmetic with one node for the whole sequence:
// one matrix product per step forward (h·U) and two per step backward, plus
// a single product for the recurrent weight's gradient at the end.
//
// Gates are ordered as in Keras and PyTorch: input, forget, cell candidate, output.

extension Tensor {
  /// Runs the LSTM recurrence over a sequence whose input projection
  /// `x_t·W + b` is already computed for every step.
  ///
  /// For each step t, with z_t = inputProjection[:, t, :] + h_{t-1}·U split into four
  /// gates of `hiddenSize` columns:
  ///
  ///     i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
  ///     c_t = f ⊙ c_{t-1} + i ⊙ g
  ///     h_t = o ⊙ tanh(c_t)
  ///
  /// - Parameters:
  ///   - inputProjection: [batch, time, 4·hidden].
  ///   - recurrentWeight: U, [hidden, 4·hidden].
  ///   - initialHidden: h_0, [batch, hidden]; zeros if `nil`. Treated as a constant.
  ///   - initialCell: c_0, [batch, hidden]; zeros if `nil`. Treated as a constant.
  /// - Returns: Every hidden state h_1…h_T as [batch, time, hidden], and the
  ///   final cell state c_T (no gradient flows through it).
  static func lstmSequence(
    inputProjection: Tensor, recurrentWeight: Tensor,
    initialHidden: Tensor? = nil, initialCell: Tensor? = nil
  ) -> (outputs: Tensor, finalCell: Tensor) {
    check(
      inputProjection.rank == 3 && recurrentWeight.rank == 2
        && recurrentWeight.shape[1] == 4 * recurrentWeight.shape[0]
        && inputProjection.shape[2] == recurrentWeight.shape[1],
      "lstm: input projection of shape \(inputProjection.shape) and recurrent weight of shape "
        + "\(recurrentWeight.shape) must be [batch, time, 4·hidden] and [hidden, 4·hidden]")
    let sizes = LSTMSizes(
      batch: inputProjection.shape[0], time: inputProjection.shape[1], hidden: recurrentWeight.shape[0])
    for (name, state) in [("initial hidden", initialHidden), ("initial cell", initialCell)] {
      if let state {
        check(
          state.shape == [sizes.batch, sizes.hidden],
          "lstm: \(name) state of shape \(state.shape) should be [\(sizes.batch), \(sizes.hidden)]")
      }
    }
    var saved = LSTMForwardRecord(sizes: sizes)
    let hidden0 = initialHidden?.scalars ?? [Float](repeating: 0, count: sizes.batch * sizes.hidden)
    let cell0 = initialCell?.scalars ?? [Float](repeating: 0, count: sizes.batch * sizes.hidden)
    saved.run(inputProjection.scalars, recurrentWeight.scalars, hidden0, cell0)

    let record = saved
    var outputs = Tensor(shape: [sizes.batch, sizes.time, sizes.hidden], scalars: record.outputs)
    let finalCell = Tensor(shape: [sizes.batch, sizes.hidden], scalars: record.finalCell(cell0))
    if shouldRecord(inputProjection, recurrentWeight) {
      let weight = recurrentWeight.detached()
      outputs.record("lstm", inputs: [inputProjection, recurrentWeight]) { gradient in
        let (projectionGradient, weightGradient) = record.backward(gradient.scalars, weight.scalars, cell0)
        return [
          Tensor(shape: [sizes.batch, sizes.time, 4 * sizes.hidden], scalars: projectionGradient),
          Tensor(shape: [sizes.hidden, 4 * sizes.hidden], scalars: weightGradient),
        ]
      }
    }
    return (outputs, finalCell)
  }
}

struct LSTMSizes {
  let batch: Int
  let time: Int
  let hidden: Int
  var gates: Int { 4 * hidden }
}

/// What the forward pass keeps for the backward pass, all laid out
/// [batch, time, …] so that one step's rows are a strided matrix.
struct LSTMForwardRecord {
  let sizes: LSTMSizes
  /// The gate activations i, f, g, o after their nonlinearities: [batch, time, 4·hidden].
  var gates: [Float]
  /// c_t: [batch, time, hidden].
  var cells: [Float]
  /// tanh(c_t): [batch, time, hidden].
  var cellTanh: [Float]
  /// h_{t-1}, the state each step starts from: [batch, time, hidden].
  var previousHidden: [Float]
  /// h_t: [batch, time, hidden].
  var outputs: [Float]

  init(sizes: LSTMSizes) {
    self.sizes = sizes
    let stateCount = sizes.batch * sizes.time * sizes.hidden
    gates = [Float](repeating: 0, count: stateCount * 4)
    cells = [Float](repeating: 0, count: stateCount)
    cellTanh = cells
    previousHidden = cells
    outputs = cells
  }

  func finalCell(_ initialCell: [Float]) -> [Float] {
    guard sizes.time > 0 else { return initialCell }
    return (0..<sizes.batch).flatMap { row in
      let start = (row * sizes.time + sizes.time - 1) * sizes.hidden
      return cells[start..<(start + sizes.hidden)]
    }
  }

  mutating func run(_ projection: [Float], _ weight: [Float], _ hidden0: [Float], _ cell0: [Float]) {
    let (batch, time, hidden, gateCount) = (sizes.batch, sizes.time, sizes.hidden, sizes.gates)
    var preactivation = [Float](repeating: 0, count: batch * gateCount)
    for step in 0..<time {
      // h_{t-1}: the initial state, or the previous step's output.
      for row in 0..<batch {
        let destination = (row * time + step) * hidden
        for unit in 0..<hidden {
          previousHidden[destination + unit] =
            step == 0 ? hidden0[row * hidden + unit] : outputs[destination - hidden + unit]
        }
      }
      // z = h_{t-1}·U, reading h_{t-1} as a strided [batch, hidden] matrix.
      previousHidden.withUnsafeBufferPointer { h in
        multiplyMatrices(
          rows: batch, columns: gateCount, inner: hidden, h.baseAddress! + step * hidden, leftStride: time * hidden,
          weight, rightStride: gateCount, into: &preactivation, outputStride: gateCount)
      }
      for row in 0..<batch {
        let z = row * gateCount
        let gateBase = (row * time + step) * gateCount
        let stateBase = (row * time + step) * hidden
        for unit in 0..<hidden {
          let input = logistic(preactivation[z + unit] + projection[gateBase + unit])
          let forget = logistic(preactivation[z + hidden + unit] + projection[gateBase + hidden + unit])
          let candidate = tanhf(preactivation[z + 2 * hidden + unit] + projection[gateBase + 2 * hidden + unit])
          let output = logistic(preactivation[z + 3 * hidden + unit] + projection[gateBase + 3 * hidden + unit])
          let previousCell = step == 0 ? cell0[row * hidden + unit] : cells[stateBase - hidden + unit]
          let cell = forget * previousCell + input * candidate
          let squashed = tanhf(cell)
          gates[gateBase + unit] = input
          gates[gateBase + hidden + unit] = forget
          gates[gateBase + 2 * hidden + unit] = candidate
          gates[gateBase + 3 * hidden + unit] = output
          cells[stateBase + unit] = cell
          cellTanh[stateBase + unit] = squashed
          outputs[stateBase + unit] = output * squashed
        }
      }
    }
  }

  /// Backpropagation through time: the gradients of the input projection and
  /// of the recurrent weight, given the gradient of every output.
  func backward(_ outputGradient: [Float], _ weight: [Float], _ cell0: [Float]) -> ([Float], [Float]) {
    let (batch, time, hidden, gateCount) = (sizes.batch, sizes.time, sizes.hidden, sizes.gates)
    // The gradient of each step's pre-activations z_t, which is also the input projection's.
    var gateGradient = [Float](repeating: 0, count: batch * time * gateCount)
    var hiddenFromLater = [Float](repeating: 0, count: batch * hidden)  // ∂L/∂h_t via step t+1
    var cellFromLater = [Float](repeating: 0, count: batch * hidden)  // ∂L/∂c_t via step t+1
    for step in stride(from: time - 1, through: 0, by: -1) {
      for row in 0..<batch {
        let gateBase = (row * time + step) * gateCount
        let stateBase = (row * time + step) * hidden
        for unit in 0..<hidden {
          let carried = row * hidden + unit
          let dHidden = outputGradient[stateBase + unit] + hiddenFromLater[carried]
          let input = gates[gateBase + unit]
          let forget = gates[gateBase + hidden + unit]
          let candidate = gates[gateBase + 2 * hidden + unit]
          let output = gates[gateBase + 3 * hidden + unit]
          let squashed = cellTanh[stateBase + unit]
          let previousCell = step == 0 ? cell0[carried] : cells[stateBase - hidden + unit]
          let dCell = cellFromLater[carried] + dHidden * output * (1 - squashed * squashed)
          cellFromLater[carried] = dCell * forget
          gateGradient[gateBase + unit] = dCell * candidate * input * (1 - input)
          gateGradient[gateBase + hidden + unit] = dCell * previousCell * forget * (1 - forget)
          gateGradient[gateBase + 2 * hidden + unit] = dCell * input * (1 - candidate * candidate)
          gateGradient[gateBase + 3 * hidden + unit] = dHidden * squashed * output * (1 - output)
        }
      }
      // ∂L/∂h_{t-1} = dz_t·Uᵀ, reading this step's rows of dz as a strided matrix.
      gateGradient.withUnsafeBufferPointer { dz in
        multiplyMatrices(
          transposeRight: true, rows: batch, columns: hidden, inner: gateCount,
          dz.baseAddress! + step * gateCount, leftStride: time * gateCount,
          weight, rightStride: gateCount, into: &hiddenFromLater, outputStride: hidden)
      }
    }
    // ∂L/∂U = Σ_t h_{t-1}ᵀ·dz_t, one product over all batch rows and steps.
    var weightGradient = [Float](repeating: 0, count: hidden * gateCount)
    multiplyMatrices(
      transposeLeft: true, rows: hidden, columns: gateCount, inner: batch * time,
      previousHidden, leftStride: hidden, gateGradient, rightStride: gateCount,
      into: &weightGradient, outputStride: gateCount)
    return (gateGradient, weightGradient)
  }
}

/// The logistic sigmoid, written so that exp never overflows.
func logistic(_ x: Float) -> Float {
  if x >= 0 { return 1 / (1 + expf(-x)) }
  let e = expf(x)
  return e / (1 + e)
}
