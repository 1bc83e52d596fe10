// The LSTM recurrence for inputs that are ids: each position's input
// projection read straight from a table of one row per id.
//
// When x_t is an embedding row E[id], its projection x_t·W + b is row `id` of
// the table E·W + b. Gathering those rows first would write a
// [batch, time, 4·hidden] tensor (8 MB for a batch of W3) only for the
// recurrence to read it once; this form reads the table's rows in place, and
// its backward adds each position's δz_t into the row of its id.

extension Tensor {
  // region: lstm-table
  /// Runs the LSTM recurrence over a sequence of ids, each position's input
  /// projection `x_t·W + b` being the row of `inputTable` at its id.
  ///
  /// Computes what `lstmSequence(inputProjection: inputTable.gatherRows(ids, shape: shape), …)`
  /// computes, without the gathered tensor. The table's gradient adds each
  /// position's δz_t into the row of its id, positions in row-major order,
  /// so that the sums are the same on one thread or two.
  ///
  ///     let table = embedding.matmul(inputWeight, addingBias: bias)  // [vocabulary, 4·hidden]
  ///     let (outputs, _) = Tensor.lstmSequence(
  ///       inputTable: table, ids: [3, 1, 3, 0], shape: [2, 2], recurrentWeight: u)  // outputs [2, 2, hidden]
  ///
  /// - Parameters:
  ///   - inputTable: [vocabulary, 4·hidden], one projected row per id.
  ///   - ids: Row numbers in `0..<vocabulary`, in row-major order of `shape`.
  ///   - shape: [batch, time].
  ///   - recurrentWeight: U, [hidden, 4·hidden].
  ///   - initialHidden: h_0, [batch, hidden]; zeros if `nil`. Treated as a constant.
  ///   - initialCell: c_0, [batch, hidden]; zeros if `nil`. Treated as a constant.
  /// - Returns: Every hidden state h_1…h_T as [batch, time, hidden], and the
  ///   final cell state c_T (no gradient flows through it).
  public static func lstmSequence(
    inputTable: Tensor, ids: [Int], shape: [Int], recurrentWeight: Tensor,
    initialHidden: Tensor? = nil, initialCell: Tensor? = nil
  ) -> (outputs: Tensor, finalCell: Tensor) {
    check(
      inputTable.rank == 2 && recurrentWeight.rank == 2
        && recurrentWeight.shape[1] == 4 * recurrentWeight.shape[0]
        && inputTable.shape[1] == recurrentWeight.shape[1],
      "lstm: input table of shape \(inputTable.shape) and recurrent weight of shape "
        + "\(recurrentWeight.shape) must be [vocabulary, 4·hidden] and [hidden, 4·hidden]")
    check(
      shape.count == 2 && ids.count == shape.elementCount,
      "lstm: \(ids.count) ids for index shape \(shape), which should be [batch, time] with batch·time ids")
    let vocabulary = inputTable.shape[0]
    if let wrong = ids.first(where: { !(0..<vocabulary).contains($0) }) {
      check(false, "lstm: id \(wrong) is out of range for an input table of shape \(inputTable.shape)")
    }
    return lstmSequence(
      rows: inputTable, ids: ids, batch: shape[0], time: shape[1], recurrentWeight: recurrentWeight,
      initialHidden: initialHidden, initialCell: initialCell, rowsGradientShape: inputTable.shape)
  }
  // endregion
}
