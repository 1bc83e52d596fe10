import Foundation
import _Differentiation

/// The chapter's network once more, differentiated by the Swift compiler
/// itself (`import _Differentiation`, an experimental part of the toolchain):
/// the compiler reads the function's code and generates its reverse-mode
/// derivative at build time, in a fixed order; at run time the forward pass
/// keeps intermediate values and small pullback closures, but no graph is sorted.
// region: swift-differentiation
struct DifferentiableNetwork: Differentiable {
  var w1: [Double]  // [inputs × hidden], row by row
  var b1: [Double]
  var w2: [Double]  // [hidden × 1]
  var b2: Double
  @noDerivative let inputs: Int
  @noDerivative let hidden: Int
}

@differentiable(reverse, wrt: network)
func meanLoss(_ network: DifferentiableNetwork, _ x: [Double], _ y: [Double], crossEntropy: Bool) -> Double {
  var total = 0.0
  for example in withoutDerivative(at: 0..<y.count) {
    var z2 = network.b2
    for j in withoutDerivative(at: 0..<network.hidden) {
      var z1 = network.b1[j]
      for i in withoutDerivative(at: 0..<network.inputs) {
        z1 += x[example * network.inputs + i] * network.w1[i * network.hidden + j]
      }
      z2 += tanh(z1) * network.w2[j]
    }
    let a2 = 1 / (1 + exp(-z2))
    let target = y[example]
    if crossEntropy {
      total -= target * log(a2) + (1 - target) * log(1 - a2)
    } else {
      total += (a2 - target) * (a2 - target) / 2
    }
  }
  return total / Double(y.count)
}
// endregion

/// The gradient of every parameter by the compiler's derivative, in the order
/// of ``TwoLayerNetwork/parameters`` (the network must have one output).
func swiftDifferentiationGradients(of network: TwoLayerNetwork, x: Matrix, targets: Matrix, _ loss: Loss) -> [Double] {
  precondition(network.w2.columns == 1, "the compiler-differentiated network has one output")
  let parameters = DifferentiableNetwork(
    w1: network.w1.scalars, b1: network.b1.scalars, w2: network.w2.scalars, b2: network.b2.scalars[0],
    inputs: network.w1.rows, hidden: network.w1.columns)
  // region: swift-gradient
  let g = gradient(at: parameters) { p in meanLoss(p, x.scalars, targets.scalars, crossEntropy: loss == .crossEntropy) }
  // endregion
  return g.w1.base + g.b1.base + g.w2.base + [g.b2]
}
