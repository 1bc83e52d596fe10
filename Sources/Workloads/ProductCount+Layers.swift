import Autograd

// What each kind of layer multiplies, forward and backward, read from its
// parameters' shapes. Biases, activations and sums are not products.

extension Linear: ProductCounting {
  /// x·W on every row of the input (all axes but the last are rows):
  /// forward, xᵀ·dy for W, and dy·Wᵀ for x when x needs a gradient.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    let (inputs, outputs) = (weight.shape[0], weight.shape[1])
    let rows = inputShape.dropLast().reduce(1, *)
    let count = trainedProduct(rows: rows, inner: inputs, columns: outputs, inputNeedsGradient: inputNeedsGradient)
    return (count, inputShape.dropLast() + [outputs])
  }
}

extension Conv2D: ProductCounting {
  /// Each output pixel of each filter reads k·k·C inputs: N·H'·W'·F·k²·C
  /// multiply-adds forward. The filter's gradient is the same sum with dy in
  /// place of the filter, and the input's (when needed) spreads each dy back
  /// over the k·k·C inputs it read: as many again.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    let (kernel, channels, filters) = (filter.shape[0], filter.shape[2], filter.shape[3])
    precondition(inputShape.count == 4 && inputShape[3] == channels, "Conv2D.productCount: input \(inputShape) is not NHWC with \(channels) channels")
    let (padding, stride) = (self.padding, self.stride)
    let side = { (size: Int) in (size + 2 * padding - kernel) / stride + 1 }
    let outputShape = [inputShape[0], side(inputShape[1]), side(inputShape[2]), filters]
    let pixels = outputShape[0] * outputShape[1] * outputShape[2]
    let count = trainedProduct(
      rows: pixels, inner: kernel * kernel * channels, columns: filters, inputNeedsGradient: inputNeedsGradient)
    return (count, outputShape)
  }
}

extension Embedding: ProductCounting {
  /// A lookup forward and a scatter-add backward: no products. The ids in
  /// `inputShape` gain an axis of `dimension` numbers.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    (ProductCount(), inputShape + [table.shape[1]])
  }
}

extension LSTM: ProductCounting {
  /// Over [batch, time, input] with hidden size h and G = 4h gates: forward,
  /// the input projection x·W on every step and h_{t-1}·U on every step
  /// (h_0 included). Backward: W's gradient xᵀ·dz, U's gradient Σ h_{t-1}ᵀ·dz_t
  /// over every step, dz_t·Uᵀ for h_{t-1} on every step but the first (h_0 is
  /// a constant), and dz·Wᵀ for x when x needs a gradient.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    let (inputs, hidden) = (cell.inputWeight.shape[0], cell.hiddenSize)
    precondition(inputShape.count == 3 && inputShape[2] == inputs, "LSTM.productCount: input \(inputShape) is not [batch, time, \(inputs)]")
    let (batch, time, gates) = (inputShape[0], inputShape[1], 4 * hidden)
    let projection = trainedProduct(
      rows: batch * time, inner: inputs, columns: gates, inputNeedsGradient: inputNeedsGradient)
    return (projection + recurrenceProductCount(batch: batch, time: time), [batch, time, hidden])
  }

  /// The recurrence alone, on inputs already projected: h_{t-1}·U forward on
  /// every step, and backward U's gradient on every step and dz_t·Uᵀ on every
  /// step but the first.
  public func recurrenceProductCount(batch: Int, time: Int) -> ProductCount {
    let recurrentStep = batch * cell.hiddenSize * 4 * cell.hiddenSize
    return ProductCount(
      forward: time * recurrentStep, backward: time * recurrentStep + max(time - 1, 0) * recurrentStep)
  }
}

extension MultiHeadAttention: ProductCounting {
  /// Over [batch, time, d] with H heads of d/H: the joined projection
  /// x·[W_q | W_k | W_v] (d → 3d) and the output projection (d → d), each a
  /// trained product, and per sequence and head Q·Kᵀ and P·V, time²·d/H
  /// each. Every score is computed, the masked future included (the mask
  /// zeroes weights, it skips no work). Backward, each of those two gives two
  /// products of its size: dP = G·Vᵀ and dV = Pᵀ·G, dQ = dS·K and dK = dSᵀ·Q.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    let features = query.weight.shape[0]
    precondition(inputShape.count == 3 && inputShape[2] == features, "MultiHeadAttention.productCount: input \(inputShape) is not [batch, time, \(features)]")
    let (batch, time) = (inputShape[0], inputShape[1])
    let projections = trainedProduct(
      rows: batch * time, inner: features, columns: 3 * features, inputNeedsGradient: inputNeedsGradient)
    let heads = ProductCount(forward: 2 * batch * time * time * features, backward: 4 * batch * time * time * features)
    let output = trainedProduct(rows: batch * time, inner: features, columns: features, inputNeedsGradient: true)
    return (projections + heads + output, inputShape)
  }
}

extension CharacterLSTM: ProductCounting {
  /// Ids [windows, length] → input projection → LSTM recurrence → readout at
  /// every position. The projection is the table E·W + b (``inputTable()``),
  /// read by the recurrence per position, when there are more positions than
  /// bytes in the vocabulary, else one product row per position; the
  /// embedding's table is trained, so either product's input needs a gradient.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    precondition(inputShape.count == 2, "CharacterLSTM.productCount: input \(inputShape) is not [windows, length]")
    let (windows, length) = (inputShape[0], inputShape[1])
    let (vocabulary, dimension) = (embedding.table.shape[0], embedding.table.shape[1])
    let projectionRows = windows * length > vocabulary ? vocabulary : windows * length
    let projection = trainedProduct(
      rows: projectionRows, inner: dimension, columns: 4 * lstm.cell.hiddenSize, inputNeedsGradient: true)
    let recurrence = lstm.recurrenceProductCount(batch: windows, time: length)
    let logits = readout.productCount(inputShape: [windows * length, lstm.cell.hiddenSize], inputNeedsGradient: true)
    return (projection + recurrence + logits.count, logits.outputShape)
  }
}
