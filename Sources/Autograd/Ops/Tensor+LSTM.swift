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
    let (batch, time) = (inputProjection.shape[0], inputProjection.shape[1])
    // Position p's projection is row p of the projection seen as a [batch·time, 4·hidden] table.
    return lstmSequence(
      rows: inputProjection, ids: Array(0..<(batch * time)), batch: batch, time: time,
      recurrentWeight: recurrentWeight, initialHidden: initialHidden, initialCell: initialCell,
      rowsGradientShape: inputProjection.shape)
  }

  /// The recurrence reading position p = row·time + step's input projection
  /// from row `ids[p]` of `rows` (read as [count, 4·hidden]): the shared body of the
  /// two public forms. The gradient of `rows` adds each position's δz_t into
  /// its row, position after position, and is shaped `rowsGradientShape`.
  static func lstmSequence(
    rows: Tensor, ids: [Int], batch: Int, time: Int, recurrentWeight: Tensor,
    initialHidden: Tensor?, initialCell: Tensor?, rowsGradientShape: [Int]
  ) -> (outputs: Tensor, finalCell: Tensor) {
    let sizes = LSTMSizes(batch: batch, time: time, hidden: recurrentWeight.shape[0])
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
      rows.withUnsafeScalars { rows in
        ids.withUnsafeBufferPointer { ids in
          recurrentWeight.withUnsafeScalars { weight in
            (initialHidden?.scalars ?? zeros).withUnsafeBufferPointer { hidden0 in
              cell0.withUnsafeBufferPointer { cell0 in
                record.run(
                  LSTMInputRows(rows: rows.baseAddress!, ids: ids.baseAddress!), weight: weight.baseAddress!,
                  hidden0: hidden0.baseAddress!, cell0: cell0.baseAddress!, outputs: buffer.baseAddress!)
              }
            }
          }
        }
      }
      count = buffer.count
    }
    var outputs = Tensor(shape: [sizes.batch, sizes.time, sizes.hidden], scalars: outputScalars)
    let finalCell = Tensor(shape: [sizes.batch, sizes.hidden], scalars: record.finalCell(cell0))
    if shouldRecord(rows, recurrentWeight) {
      // Uᵀ, [4·hidden, hidden], once per backward pass: dz_t·Uᵀ as a plain product runs on OpenBLAS's
      // small-matrix kernels, where reading U transposed at every step went through its packing path.
      let transposedWeight = recurrentWeight.detached().transposed()
      let rowCount = rows.scalarCount / sizes.gates
      outputs.record("lstm", inputs: [rows, recurrentWeight]) { gradient in
        let (gateGradient, weightGradient) = record.backward(gradient.scalars, transposedWeight.scalars, cell0)
        return [
          Tensor(shape: rowsGradientShape, scalars: record.addingRows(of: gateGradient, at: ids, rowCount: rowCount)),
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

/// Where the forward pass reads each position's input projection x_t·W + b:
/// position p = row·time + step reads row `ids[p]` of `rows` (4·hidden floats).
struct LSTMInputRows {
  let rows: UnsafePointer<Float>
  let ids: UnsafePointer<Int>
}

/// What the forward pass keeps for the backward pass, all laid out
/// [time, batch, …] so that one step's rows are one contiguous matrix.
///
/// The buffers are raw memory owned by this object (freed with it, when the
/// graph that captured it goes away): the kernels on both cores write
/// disjoint rows of them, and nothing is zero-filled that is written anyway.
final class LSTMForwardRecord {
  let sizes: LSTMSizes
  /// The gate activations i, f, g, o after their nonlinearities: [time, batch, 4·hidden].
  let gates: UnsafeMutablePointer<Float>
  /// c_t: [time, batch, hidden].
  let cells: UnsafeMutablePointer<Float>
  /// tanh(c_t): [time, batch, hidden].
  let cellTanh: UnsafeMutablePointer<Float>
  /// h_{t-1}, the state each step starts from: [time, batch, hidden].
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

  /// The index of `row` at `step` in the record's [time, batch] order.
  @inline(__always)
  func slot(_ row: Int, _ step: Int) -> Int { step * sizes.batch + row }

  func finalCell(_ initialCell: [Float]) -> [Float] {
    guard sizes.time > 0 else { return initialCell }
    let last = cells + slot(0, sizes.time - 1) * sizes.hidden
    return Array(UnsafeBufferPointer(start: last, count: sizes.batch * sizes.hidden))
  }

  // region: lstm-forward
  /// The forward pass. Each core takes half of the batch's rows (independent
  /// sequences) through all the steps: per step one small product h_{t-1}·U
  /// for its rows, then the gates row by row.
  func run(
    _ input: LSTMInputRows, weight: UnsafePointer<Float>, hidden0: UnsafePointer<Float>,
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
          (previousHidden + slot(row, step) * hidden).update(from: source, count: hidden)
        }
        // h_{t-1}·U for these rows, one contiguous block of the record.
        multiplyMatrices(
          rows: rows.count, columns: gateCount, inner: hidden,
          previousHidden + slot(rows.lowerBound, step) * hidden, leftStride: hidden,
          weight, rightStride: gateCount, into: recurrent, outputStride: gateCount)
        for row in rows {
          let (gateBase, stateBase) = (slot(row, step) * gateCount, slot(row, step) * hidden)
          let previousCell = step == 0 ? cell0 + row * hidden : UnsafePointer(cells + stateBase - sizes.batch * hidden)
          LSTMKernel.forwardRow(
            LSTMRowPointers(
              recurrent: recurrent + (row - rows.lowerBound) * gateCount,
              projection: input.rows + input.ids[row * time + step] * gateCount,
              previousCell: previousCell, gates: gates + gateBase, cell: cells + stateBase, cellTanh: cellTanh + stateBase,
              output: outputs + (row * time + step) * hidden),
            hidden: hidden)
        }
      }
    }
  }
  // endregion

  // region: lstm-backward
  /// Backpropagation through time: the gradients of every position's
  /// pre-activations z_t ([time, batch, 4·hidden]) and of the recurrent
  /// weight, given the gradient of every output and Uᵀ. Each core walks its rows
  /// back from the last step to the first; the recurrent weight's gradient is
  /// then one large product over all rows and steps.
  func backward(_ outputGradient: [Float], _ transposedWeight: [Float], _ cell0: [Float]) -> ([Float], [Float]) {
    let (batch, time, hidden, gateCount) = (sizes.batch, sizes.time, sizes.hidden, sizes.gates)
    let gateGradient = [Float](unsafeUninitializedCapacity: batch * time * gateCount) { buffer, count in
      let dz = buffer.baseAddress!
      outputGradient.withUnsafeBufferPointer { outputGradient in
        transposedWeight.withUnsafeBufferPointer { transposedWeight in
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
                  let (gateBase, stateBase) = (slot(row, step) * gateCount, slot(row, step) * hidden)
                  let local = (row - rows.lowerBound) * hidden
                  let previousCell =
                    step == 0 ? cell0.baseAddress! + row * hidden : UnsafePointer(cells + stateBase - batch * hidden)
                  LSTMKernel.backwardRow(
                    outputGradient: outputGradient.baseAddress! + (row * time + step) * hidden,
                    hiddenFromLater: hiddenFromLater + local, cellFromLater: cellFromLater + local,
                    gates: gates + gateBase, cellTanh: cellTanh + stateBase, previousCell: previousCell,
                    gateGradient: dz + gateBase, hidden: hidden)
                }
                // ∂L/∂h_{t-1} = dz_t·Uᵀ (not needed before the first step: h_0 is a constant).
                guard step > 0 else { continue }
                multiplyMatrices(
                  rows: rows.count, columns: hidden, inner: gateCount,
                  dz + slot(rows.lowerBound, step) * gateCount, leftStride: gateCount,
                  transposedWeight.baseAddress!, rightStride: hidden, into: hiddenFromLater, outputStride: hidden)
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

  /// The gradient of the rows the forward pass read: position p = row·time +
  /// step's δz_t (from `gateGradient`, [time, batch, 4·hidden]) added into row
  /// `ids[p]` of `rowCount` zero rows, in the order of p, so a row read by
  /// several positions collects their sum the same way on any number of threads.
  func addingRows(of gateGradient: [Float], at ids: [Int], rowCount: Int) -> [Float] {
    let (time, gateCount) = (sizes.time, sizes.gates)
    var rowsGradient = [Float](repeating: 0, count: rowCount * gateCount)
    rowsGradient.withUnsafeMutableBufferPointer { rowsGradient in
      gateGradient.withUnsafeBufferPointer { gateGradient in
        for row in 0..<sizes.batch {
          for step in 0..<time {
            let source = gateGradient.baseAddress! + slot(row, step) * gateCount
            let target = rowsGradient.baseAddress! + ids[row * time + step] * gateCount
            for column in 0..<gateCount { target[column] += source[column] }
          }
        }
      }
    }
    return rowsGradient
  }
}

/// The logistic sigmoid, written so that exp never overflows.
func logistic(_ x: Float) -> Float {
  if x >= 0 { return 1 / (1 + expf(-x)) }
  let e = expf(x)
  return e / (1 + e)
}
