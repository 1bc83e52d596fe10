
// The inner loops of the fused LSTM: the gate arithmetic of one step for one
// row of the batch, forward and backward, over contiguous runs of `hidden`
// floats.
//
// Why kernels of their own? The gates are most of an LSTM's elementwise work
// (five sigmoid or tanh per unit and step), and the C library's `expf` and
// `tanhf` are one function call per element. glibc has vector versions
// (libmvec), which C compilers call only under flags such as GCC's
// -ffast-math or Clang's -fveclib=libmvec; by default the Swift compiler
// leaves a loop of such calls scalar. Written with ``fastExponential(_:)``
// and without branches (a select instead of an `if`), the loops below are
// vectorized eight floats at a time.

// region: vector-activations
/// The logistic sigmoid 1 / (1 + e⁻ˣ), branch-free and vectorizable.
///
/// e^(−|x|) never overflows; for x < 0 the sigmoid is e^x / (1 + e^x), the
/// same formula read the other way round.
@inline(__always)
func vectorSigmoid(_ x: Float) -> Float {
  let e = fastExponential(-Swift.abs(x))
  let positive = 1 / (1 + e)
  return x >= 0 ? positive : e * positive
}

/// tanh(x) = (1 − e^(−2|x|)) / (1 + e^(−2|x|)) with the sign of x,
/// branch-free and vectorizable; within about 1e-7 of `tanhf`.
@inline(__always)
func vectorTanh(_ x: Float) -> Float {
  let e = fastExponential(-2 * Swift.abs(x))
  let magnitude = (1 - e) / (1 + e)
  return x >= 0 ? magnitude : -magnitude
}
// endregion

/// Pointers to one row of one step in the buffers of the fused LSTM.
struct LSTMRowPointers {
  /// h_{t-1}·U for this row: [4·hidden].
  var recurrent: UnsafePointer<Float>
  /// x_t·W + b for this row: [4·hidden].
  var projection: UnsafePointer<Float>
  /// c_{t-1}: [hidden].
  var previousCell: UnsafePointer<Float>
  /// i, f, g, o after their nonlinearities: [4·hidden].
  var gates: UnsafeMutablePointer<Float>
  /// c_t, tanh(c_t), h_t: [hidden] each.
  var cell: UnsafeMutablePointer<Float>
  var cellTanh: UnsafeMutablePointer<Float>
  var output: UnsafeMutablePointer<Float>
}

enum LSTMKernel {
  /// One step of one row, forward:
  ///
  ///     i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
  ///     c = f ⊙ c_{t-1} + i ⊙ g,   h = o ⊙ tanh(c)
  ///
  /// with z = recurrent + projection.
  ///
  /// Each gate gets a pointer of its own, so that the loop indexes with `unit`
  /// alone: an index like `2 * hidden + unit` would be checked for overflow
  /// at every element, and the checks stop the loop from vectorizing.
  // region: forward-row
  @inline(never)
  static func forwardRow(_ p: LSTMRowPointers, hidden: Int) {
    let (recurrentI, recurrentF) = (p.recurrent, p.recurrent + hidden)
    let (recurrentG, recurrentO) = (p.recurrent + 2 * hidden, p.recurrent + 3 * hidden)
    let (projectionI, projectionF) = (p.projection, p.projection + hidden)
    let (projectionG, projectionO) = (p.projection + 2 * hidden, p.projection + 3 * hidden)
    let (gateI, gateF, gateG, gateO) = (p.gates, p.gates + hidden, p.gates + 2 * hidden, p.gates + 3 * hidden)
    let (previousCell, cell, cellTanh, output) = (p.previousCell, p.cell, p.cellTanh, p.output)
    for unit in 0..<hidden {
      let input = vectorSigmoid(recurrentI[unit] + projectionI[unit])
      let forget = vectorSigmoid(recurrentF[unit] + projectionF[unit])
      let candidate = vectorTanh(recurrentG[unit] + projectionG[unit])
      let out = vectorSigmoid(recurrentO[unit] + projectionO[unit])
      let newCell = forget * previousCell[unit] + input * candidate
      let squashed = vectorTanh(newCell)
      gateI[unit] = input
      gateF[unit] = forget
      gateG[unit] = candidate
      gateO[unit] = out
      cell[unit] = newCell
      cellTanh[unit] = squashed
      output[unit] = out * squashed
    }
  }
  // endregion

  // region: backward-row
  /// One step of one row, backward: backpropagation through time for one
  /// unit after another, with δv = ∂L/∂v,
  ///
  ///     δh_t = δh_t^out + δz_{t+1}·Uᵀ                    outputGradient + hiddenFromLater
  ///     δc_t = δh_t ⊙ o_t ⊙ (1 − tanh² c_t) + δc_{t+1} ⊙ f_{t+1}
  ///     δz_t = [δc_t ⊙ g_t ⊙ i_t(1 − i_t),  δc_t ⊙ c_{t−1} ⊙ f_t(1 − f_t),
  ///             δc_t ⊙ i_t ⊙ (1 − g_t²),    δh_t ⊙ tanh c_t ⊙ o_t(1 − o_t)]
  ///
  /// `cellFromLater` arrives holding δc_{t+1} ⊙ f_{t+1} (zeros after the last
  /// step) and leaves holding δc_t ⊙ f_t, the direct path's share of δc_{t−1};
  /// δz_t is written into `gateGradient`, gates in the order i, f, g, o.
  @inline(never)
  static func backwardRow(
    outputGradient: UnsafePointer<Float>, hiddenFromLater: UnsafePointer<Float>,
    cellFromLater: UnsafeMutablePointer<Float>, gates: UnsafePointer<Float>, cellTanh: UnsafePointer<Float>,
    previousCell: UnsafePointer<Float>, gateGradient: UnsafeMutablePointer<Float>, hidden: Int
  ) {
    let (gateI, gateF, gateG, gateO) = (gates, gates + hidden, gates + 2 * hidden, gates + 3 * hidden)
    let (gradientI, gradientF) = (gateGradient, gateGradient + hidden)
    let (gradientG, gradientO) = (gateGradient + 2 * hidden, gateGradient + 3 * hidden)
    for unit in 0..<hidden {
      let dHidden = outputGradient[unit] + hiddenFromLater[unit]
      let (input, forget, candidate, output) = (gateI[unit], gateF[unit], gateG[unit], gateO[unit])
      let squashed = cellTanh[unit]
      let dCell = cellFromLater[unit] + dHidden * output * (1 - squashed * squashed)
      cellFromLater[unit] = dCell * forget
      gradientI[unit] = dCell * candidate * input * (1 - input)
      gradientF[unit] = dCell * previousCell[unit] * forget * (1 - forget)
      gradientG[unit] = dCell * input * (1 - candidate * candidate)
      gradientO[unit] = dHidden * squashed * output * (1 - output)
    }
  }
  // endregion

  /// Runs `body` on the rows `0..<count`, split in two halves run at once
  /// (one on the core's ``HelperThread``) when matrix products may use two
  /// threads and there are at least `ExecutionPolicy.Thresholds.lstmHalvesRows` rows.
  ///
  /// The rows of an LSTM batch are independent sequences, so each half runs
  /// the whole recurrence on its own core, with two hand-offs per batch
  /// instead of one per product. Inside, the small products h·U find the
  /// helper taken and stay on their own thread. Under load, if the helper has
  /// not started its half by the time the caller is done with its own, the
  /// caller runs it too: never much slower than one thread.
  static func forEachHalf(of count: Int, _ body: (Range<Int>) -> Void) {
    HelperThread.forEachHalf(of: count, minimumCount: ExecutionPolicy.Thresholds.lstmHalvesRows, body)
  }
}
