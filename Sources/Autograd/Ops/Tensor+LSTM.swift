import Foundation

// A whole LSTM sequence as one operation, with backpropagation through time
// written out by hand.
//
// An LSTM built from the core's small operations works (see `LSTMCell`) but
// records about fifteen nodes per time step, and slicing each step out of the
// input costs a full-size gradient buffer per step in the backward pass. This
// operation does the same arithmetic with one node for the whole sequence:
// one matrix product per step forward (h·U) and one per step backward (dz·Uᵀ), plus
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
  public static func lstmSequence(
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
    let record = LSTMForwardRecord(sizes: sizes)
    let zeros = [Float](repeating: 0, count: sizes.batch * sizes.hidden)
    let cell0 = initialCell?.scalars ?? zeros
    let outputScalars = [Float](unsafeUninitializedCapacity: sizes.batch * sizes.time * sizes.hidden) { buffer, count in
      inputProjection.withUnsafeScalars { projection in
        recurrentWeight.withUnsafeScalars { weight in
          (initialHidden?.scalars ?? zeros).withUnsafeBufferPointer { hidden0 in
            cell0.withUnsafeBufferPointer { cell0 in
              record.run(
                projection: projection.baseAddress!, weight: weight.baseAddress!, hidden0: hidden0.baseAddress!,
                cell0: cell0.baseAddress!, outputs: buffer.baseAddress!)
            }
          }
        }
      }
      count = buffer.count
    }
    var outputs = Tensor(shape: [sizes.batch, sizes.time, sizes.hidden], scalars: outputScalars)
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
///
/// The buffers are raw memory owned by this object (freed with it, when the
/// graph that captured it goes away): the kernels on both cores write
/// disjoint rows of them, and nothing is zero-filled that is written anyway.
final class LSTMForwardRecord {
  let sizes: LSTMSizes
  /// The gate activations i, f, g, o after their nonlinearities: [batch, time, 4·hidden].
  let gates: UnsafeMutablePointer<Float>
  /// c_t: [batch, time, hidden].
  let cells: UnsafeMutablePointer<Float>
  /// tanh(c_t): [batch, time, hidden].
  let cellTanh: UnsafeMutablePointer<Float>
  /// h_{t-1}, the state each step starts from: [batch, time, hidden].
  let previousHidden: UnsafeMutablePointer<Float>

  init(sizes: LSTMSizes) {
    self.sizes = sizes
    let stateCount = sizes.batch * sizes.time * sizes.hidden
    gates = .allocate(capacity: stateCount * 4)
    cells = .allocate(capacity: stateCount)
    cellTanh = .allocate(capacity: stateCount)
    previousHidden = .allocate(capacity: stateCount)
  }

  deinit {
    for buffer in [gates, cells, cellTanh, previousHidden] { buffer.deallocate() }
  }

  func finalCell(_ initialCell: [Float]) -> [Float] {
    guard sizes.time > 0 else { return initialCell }
    return (0..<sizes.batch).flatMap { row in
      let start = (row * sizes.time + sizes.time - 1) * sizes.hidden
      return UnsafeBufferPointer(start: cells + start, count: sizes.hidden)
    }
  }

  // region: lstm-forward
  /// The forward pass. Each core takes half of the batch's rows (independent
  /// sequences) through all the steps: per step one small product h_{t-1}·U
  /// for its rows, then the gates row by row.
  func run(
    projection: UnsafePointer<Float>, weight: UnsafePointer<Float>, hidden0: UnsafePointer<Float>,
    cell0: UnsafePointer<Float>, outputs: UnsafeMutablePointer<Float>
  ) {
    let (time, hidden, gateCount) = (sizes.time, sizes.hidden, sizes.gates)
    LSTMKernel.forEachHalf(of: sizes.batch) { rows in
      let recurrent = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * gateCount)
      defer { recurrent.deallocate() }
      for step in 0..<time {
        // h_{t-1}: the initial state, or the previous step's output.
        for row in rows {
          let source = step == 0 ? hidden0 + row * hidden : UnsafePointer(outputs + (row * time + step - 1) * hidden)
          (previousHidden + (row * time + step) * hidden).update(from: source, count: hidden)
        }
        // h_{t-1}·U for these rows, reading h_{t-1} as a strided matrix.
        multiplyMatrices(
          rows: rows.count, columns: gateCount, inner: hidden,
          previousHidden + (rows.lowerBound * time + step) * hidden, leftStride: time * hidden,
          weight, rightStride: gateCount, into: recurrent, outputStride: gateCount)
        for row in rows {
          let (gateBase, stateBase) = ((row * time + step) * gateCount, (row * time + step) * hidden)
          let previousCell = step == 0 ? cell0 + row * hidden : UnsafePointer(cells + stateBase - hidden)
          LSTMKernel.forwardRow(
            LSTMRowPointers(
              recurrent: recurrent + (row - rows.lowerBound) * gateCount, projection: projection + gateBase,
              previousCell: previousCell, gates: gates + gateBase, cell: cells + stateBase, cellTanh: cellTanh + stateBase,
              output: outputs + stateBase),
            hidden: hidden)
        }
      }
    }
  }
  // endregion

  // region: lstm-backward
  /// Backpropagation through time: the gradients of the input projection and
  /// of the recurrent weight, given the gradient of every output. Each core
  /// walks its rows back from the last step to the first; the recurrent
  /// weight's gradient is then one large product over all rows and steps.
  func backward(_ outputGradient: [Float], _ weight: [Float], _ cell0: [Float]) -> ([Float], [Float]) {
    let (batch, time, hidden, gateCount) = (sizes.batch, sizes.time, sizes.hidden, sizes.gates)
    // The gradient of each step's pre-activations z_t, which is also the input projection's.
    let gateGradient = [Float](unsafeUninitializedCapacity: batch * time * gateCount) { buffer, count in
      let dz = buffer.baseAddress!
      outputGradient.withUnsafeBufferPointer { outputGradient in
        weight.withUnsafeBufferPointer { weight in
          cell0.withUnsafeBufferPointer { cell0 in
            LSTMKernel.forEachHalf(of: batch) { rows in
              // ∂L/∂h_t and ∂L/∂c_t arriving from step t+1, for these rows.
              let hiddenFromLater = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * hidden)
              let cellFromLater = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * hidden)
              hiddenFromLater.initialize(repeating: 0, count: rows.count * hidden)
              cellFromLater.initialize(repeating: 0, count: rows.count * hidden)
              defer {
                hiddenFromLater.deallocate()
                cellFromLater.deallocate()
              }
              for step in stride(from: time - 1, through: 0, by: -1) {
                for row in rows {
                  let (gateBase, stateBase) = ((row * time + step) * gateCount, (row * time + step) * hidden)
                  let local = (row - rows.lowerBound) * hidden
                  let previousCell = step == 0 ? cell0.baseAddress! + row * hidden : UnsafePointer(cells + stateBase - hidden)
                  LSTMKernel.backwardRow(
                    outputGradient: outputGradient.baseAddress! + stateBase, hiddenFromLater: hiddenFromLater + local,
                    cellFromLater: cellFromLater + local, gates: gates + gateBase, cellTanh: cellTanh + stateBase,
                    previousCell: previousCell,
                    gateGradient: dz + gateBase, hidden: hidden)
                }
                // ∂L/∂h_{t-1} = dz_t·Uᵀ (not needed before the first step: h_0 is a constant).
                guard step > 0 else { continue }
                multiplyMatrices(
                  transposeRight: true, rows: rows.count, columns: hidden, inner: gateCount,
                  dz + (rows.lowerBound * time + step) * gateCount, leftStride: time * gateCount,
                  weight.baseAddress!, rightStride: gateCount, into: hiddenFromLater, outputStride: hidden)
              }
            }
          }
        }
      }
      count = buffer.count
    }
    // ∂L/∂U = Σ_t h_{t-1}ᵀ·dz_t, one product over all batch rows and steps.
    var weightGradient = [Float](repeating: 0, count: hidden * gateCount)
    multiplyMatrices(
      transposeLeft: true, rows: hidden, columns: gateCount, inner: batch * time,
      previousHidden, leftStride: hidden, gateGradient, rightStride: gateCount,
      into: &weightGradient, outputStride: gateCount)
    return (gateGradient, weightGradient)
  }
  // endregion
}

/// The logistic sigmoid, written so that exp never overflows.
func logistic(_ x: Float) -> Float {
  if x >= 0 { return 1 / (1 + expf(-x)) }
  let e = expf(x)
  return e / (1 + e)
}
