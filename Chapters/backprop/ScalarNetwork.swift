import Foundation

/// The chapter's two-layer network built from scalar ``Value``s: the same
/// arithmetic as ``TwoLayerNetwork/forward(_:)``, one number at a time, so
/// that `backward()` can differentiate it without knowing any formula.
///
/// - Returns: The loss, and one value per parameter in the order of
///   ``TwoLayerNetwork/parameters``, whose `grad` `backward()` fills in.
func scalarEngineLoss(of network: TwoLayerNetwork, x: Matrix, targets y: Matrix, _ loss: Loss)
  -> (loss: Value, parameters: [Value])
{
  // region: scalar-network
  func values(_ matrix: Matrix, _ name: String) -> [[Value]] {
    (0..<matrix.rows).map { i in
      (0..<matrix.columns).map { j in
        let value = Value(matrix[i, j])
        value.label = "\(name)[\(i),\(j)]"
        return value
      }
    }
  }
  let (w1, b1, w2, b2) = (values(network.w1, "W1"), values(network.b1, "b1"), values(network.w2, "W2"), values(network.b2, "b2"))
  var total = Value(0)
  for example in 0..<x.rows {
    // Hidden layer: a₁ⱼ = tanh(Σᵢ xᵢ W1ᵢⱼ + b1ⱼ).
    let hidden = (0..<network.w1.columns).map { j in
      (0..<x.columns).reduce(b1[0][j]) { sum, i in sum + x[example, i] * w1[i][j] }.tanh()
    }
    for k in 0..<network.w2.columns {
      // Output layer: a₂ₖ = σ(Σⱼ a₁ⱼ W2ⱼₖ + b2ₖ).
      let output = hidden.indices.reduce(b2[0][k]) { sum, j in sum + hidden[j] * w2[j][k] }.sigmoid()
      let target = y[example, k]
      switch loss {
      case .squaredError:
        total = total + (output - target).pow(2)
      case .crossEntropy:
        total = total - (target * output.log() + (1 - target) * (1 - output).log())
      }
    }
  }
  let mean = total * Value((loss == .squaredError ? 0.5 : 1) / Double(x.rows))
  // endregion
  return (mean, (w1 + b1 + w2 + b2).flatMap { $0 })
}
