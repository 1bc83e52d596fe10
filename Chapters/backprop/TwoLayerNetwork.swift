import Autograd
import Foundation

/// The two losses the chapter derives backpropagation for.
enum Loss: String, CaseIterable {
  /// J = 1/(2m) Σ (a − y)², summed over outputs and averaged over the m examples.
  case squaredError = "squared error"
  /// J = −1/m Σ [y log a + (1 − y) log(1 − a)], for a sigmoid output a.
  case crossEntropy = "cross-entropy"

  /// The key this loss's numbers are recorded under.
  var key: String { self == .squaredError ? "squared_error" : "cross_entropy" }
}

/// A network of two layers, written out by hand: a tanh hidden layer and a
/// sigmoid output, in the row convention of the core (a batch is a matrix
/// with one example per row).
///
///     z₁ = x W₁ + b₁,   a₁ = tanh(z₁),   z₂ = a₁ W₂ + b₂,   a₂ = σ(z₂)
struct TwoLayerNetwork {
  /// [inputs, hidden].
  var w1: Matrix
  /// [1, hidden].
  var b1: Matrix
  /// [hidden, outputs].
  var w2: Matrix
  /// [1, outputs].
  var b2: Matrix

  /// Weights and biases drawn uniformly from [−scale, scale).
  init(inputs: Int, hidden: Int, outputs: Int, scale: Double, random: RandomGenerator) {
    w1 = .uniform(rows: inputs, columns: hidden, scale: scale, using: random)
    b1 = .uniform(rows: 1, columns: hidden, scale: scale, using: random)
    w2 = .uniform(rows: hidden, columns: outputs, scale: scale, using: random)
    b2 = .uniform(rows: 1, columns: outputs, scale: scale, using: random)
  }

  /// Every parameter in one list: W₁ row by row, then b₁, W₂, b₂.
  var parameters: [Double] {
    get { w1.scalars + b1.scalars + w2.scalars + b2.scalars }
    set {
      var rest = newValue[...]
      func take(_ count: Int) -> [Double] {
        defer { rest = rest.dropFirst(count) }
        return Array(rest.prefix(count))
      }
      w1.scalars = take(w1.scalars.count)
      b1.scalars = take(b1.scalars.count)
      w2.scalars = take(w2.scalars.count)
      b2.scalars = take(b2.scalars.count)
    }
  }

  /// Names for the entries of ``parameters``, such as `W1[0,1]` and `b2[0]`.
  var parameterNames: [String] {
    func names(_ symbol: String, _ matrix: Matrix) -> [String] {
      matrix.rows == 1
        ? (0..<matrix.columns).map { "\(symbol)[\($0)]" }
        : (0..<matrix.rows).flatMap { i in (0..<matrix.columns).map { j in "\(symbol)[\(i),\(j)]" } }
    }
    return names("W1", w1) + names("b1", b1) + names("W2", w2) + names("b2", b2)
  }
}

/// Everything the forward pass computed that the backward pass needs.
struct ForwardPass {
  let x: Matrix
  let z1: Matrix
  let a1: Matrix
  let z2: Matrix
  let a2: Matrix
}

/// The gradient of the loss with respect to each parameter, shaped like it.
struct Gradients {
  var w1: Matrix
  var b1: Matrix
  var w2: Matrix
  var b2: Matrix

  /// In the order of ``TwoLayerNetwork/parameters``.
  var flattened: [Double] { w1.scalars + b1.scalars + w2.scalars + b2.scalars }
}

extension TwoLayerNetwork {
  /// The forward pass, keeping every intermediate result.
  func forward(_ x: Matrix) -> ForwardPass {
    // region: forward
    let z1 = x.matmul(w1).addingToEachRow(b1)  // [m, hidden]
    let a1 = z1.map(tanh)
    let z2 = a1.matmul(w2).addingToEachRow(b2)  // [m, outputs]
    let a2 = z2.map(sigmoid)
    // endregion
    return ForwardPass(x: x, z1: z1, a1: a1, z2: z2, a2: a2)
  }

  /// The mean loss of a forward pass against the targets `y`.
  func loss(_ pass: ForwardPass, targets y: Matrix, _ loss: Loss) -> Double {
    let m = Double(pass.x.rows)
    switch loss {
    case .squaredError:
      return (pass.a2 - y).scalars.reduce(0) { $0 + $1 * $1 } / (2 * m)
    case .crossEntropy:
      // −[y log σ(z) + (1 − y) log(1 − σ(z))] = log(1 + e^z) − y·z, which never takes log 0.
      let terms = zip(pass.z2.scalars, y.scalars).map { z, y in max(z, 0) + log1p(exp(-abs(z))) - y * z }
      return terms.reduce(0, +) / m
    }
  }

  /// The mean loss at `x`: a forward pass and the loss in one call.
  func loss(at x: Matrix, targets y: Matrix, _ loss: Loss) -> Double {
    self.loss(forward(x), targets: y, loss)
  }

  /// δ₂ = ∂J/∂z₂, the error signal at the output layer's pre-activations.
  func outputDelta(_ pass: ForwardPass, targets y: Matrix, _ loss: Loss) -> Matrix {
    let m = Double(pass.x.rows)
    switch loss {
    case .squaredError:
      // region: output-delta-squared-error
      // ∂J/∂a₂ = (a₂ − y)/m, and ∂a₂/∂z₂ = σ′(z₂) = a₂(1 − a₂), entry by entry.
      let sigmoidDerivative = pass.a2.map { $0 * (1 - $0) }
      return (1 / m) * (pass.a2 - y) * sigmoidDerivative
      // endregion
    case .crossEntropy:
      // region: output-delta-cross-entropy
      // ∂J/∂a₂ = (a₂ − y) / (m·a₂(1 − a₂)): the sigmoid's derivative cancels.
      return (1 / m) * (pass.a2 - y)
      // endregion
    }
  }

  /// Backpropagation by hand: the deltas layer by layer, and from them the
  /// gradient of every weight and bias.
  func gradients(_ pass: ForwardPass, targets y: Matrix, _ loss: Loss) -> Gradients {
    // region: backward
    let delta2 = outputDelta(pass, targets: y, loss)  // ∂J/∂z₂, [m, outputs]
    let gradientW2 = pass.a1.transposed.matmul(delta2)  // ∂J/∂W₂ = a₁ᵀ δ₂
    let gradientB2 = delta2.columnSums  // ∂J/∂b₂ = Σ over examples of δ₂
    let tanhDerivative = pass.a1.map { 1 - $0 * $0 }  // f′(z₁) = 1 − tanh²(z₁)
    let delta1 = delta2.matmul(w2.transposed) * tanhDerivative  // δ₁ = (δ₂ W₂ᵀ) ⊙ f′(z₁)
    let gradientW1 = pass.x.transposed.matmul(delta1)  // ∂J/∂W₁ = xᵀ δ₁
    let gradientB1 = delta1.columnSums  // ∂J/∂b₁ = Σ over examples of δ₁
    // endregion
    return Gradients(w1: gradientW1, b1: gradientB1, w2: gradientW2, b2: gradientB2)
  }

  /// One step of gradient descent: every parameter moves against its gradient.
  mutating func descend(along gradients: Gradients, learningRate: Double) {
    // region: update
    w1 = w1 - learningRate * gradients.w1
    b1 = b1 - learningRate * gradients.b1
    w2 = w2 - learningRate * gradients.w2
    b2 = b2 - learningRate * gradients.b2
    // endregion
  }
}
