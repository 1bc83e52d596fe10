import Autograd

extension TransformerBlock: ProductCounting {
  /// Attention on the normalized stream, then the MLP (d → m → d) at every
  /// position; LayerNorm, GELU and the residual sums are not products. Each
  /// sub-layer reads a LayerNorm's output, whose gain and shift are trained,
  /// so every product's input needs a gradient.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    let attended = attention.productCount(inputShape: inputShape, inputNeedsGradient: true)
    let expanded = expand.productCount(inputShape: attended.outputShape, inputNeedsGradient: true)
    let contracted = contract.productCount(inputShape: expanded.outputShape, inputNeedsGradient: true)
    return (attended.count + expanded.count + contracted.count, contracted.outputShape)
  }
}

extension CharacterTransformer: ProductCounting {
  /// Ids [windows, length] → token and position embeddings (trained: every
  /// block's input needs a gradient) → the blocks → readout at every position.
  public func productCount(inputShape: [Int], inputNeedsGradient: Bool) -> (count: ProductCount, outputShape: [Int]) {
    var (total, shape) = (ProductCount(), tokens.productCount(inputShape: inputShape, inputNeedsGradient: false).outputShape)
    for block in blocks {
      let (count, outputShape) = block.productCount(inputShape: shape, inputNeedsGradient: true)
      (total, shape) = (total + count, outputShape)
    }
    let rows = shape.dropLast().reduce(1, *)
    let logits = readout.productCount(inputShape: [rows, features], inputNeedsGradient: true)
    return (total + logits.count, logits.outputShape)
  }
}
