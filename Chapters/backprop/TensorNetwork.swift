import Autograd

/// The chapter's two-layer network on the tensor core: whole matrices per
/// operation, Float32, gradients by `backward()`.
///
/// - Returns: The gradient of every parameter, in the order of ``TwoLayerNetwork/parameters``.
func tensorCoreGradients(of network: TwoLayerNetwork, x: Matrix, targets: Matrix, _ loss: Loss) -> [Double] {
  let (x, y) = (x.tensor, targets.tensor)
  // region: tensor-core
  let w1 = network.w1.tensor.requiringGradient()  // [inputs, hidden]
  let b1 = Tensor(shape: [network.b1.columns], scalars: network.b1.scalars.map(Float.init)).requiringGradient()
  let w2 = network.w2.tensor.requiringGradient()  // [hidden, outputs]
  let b2 = Tensor(shape: [network.b2.columns], scalars: network.b2.scalars.map(Float.init)).requiringGradient()

  let a1 = x.matmul(w1, addingBias: b1).tanh()  // each operation records one node in the graph
  let a2 = a1.matmul(w2, addingBias: b2).sigmoid()
  let j: Tensor
  switch loss {
  case .squaredError: j = (a2 - y).squared().sum() / Float(2 * x.shape[0])
  case .crossEntropy: j = -(y * a2.log() + (1 - y) * (1 - a2).log()).sum() / Float(x.shape[0])
  }
  j.backward()  // walks the recorded nodes from j back to w1, b1, w2, b2
  // endregion
  return [w1, b1, w2, b2].flatMap { $0.gradient!.scalars.map(Double.init) }
}
