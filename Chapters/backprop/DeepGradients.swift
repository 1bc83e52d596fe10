import Autograd
import CourseKit
import Foundation
import Plotting

/// A hidden layer's activation function f and its derivative f′.
enum Activation: String, CaseIterable {
  case sigmoid, tanh, relu

  func callAsFunction(_ z: Double) -> Double {
    switch self {
    case .sigmoid: backprop.sigmoid(z)
    case .tanh: Foundation.tanh(z)
    case .relu: max(z, 0)
    }
  }

  func derivative(_ z: Double) -> Double {
    switch self {
    case .sigmoid: let s = backprop.sigmoid(z); return s * (1 - s)
    case .tanh: let t = Foundation.tanh(z); return 1 - t * t
    case .relu: return z > 0 ? 1 : 0
    }
  }
}

/// A network of any depth, backpropagated by hand with the delta recursion:
/// the two-layer derivation, applied layer after layer.
struct DeepNetwork {
  var weights: [Matrix]
  var biases: [Matrix]
  let activation: Activation

  /// Layers of the given widths (inputs first); weights drawn from
  /// N(0, 1/fan-in), biases zero: one scale for every activation, so that
  /// only the activation differs.
  init(widths: [Int], activation: Activation, random: RandomGenerator) {
    weights = zip(widths, widths.dropFirst()).map { fanIn, fanOut in
      .normal(rows: fanIn, columns: fanOut, standardDeviation: 1 / Double(fanIn).squareRoot(), using: random)
    }
    biases = widths.dropFirst().map { Matrix(rows: 1, columns: $0) }
    self.activation = activation
  }

  /// What one backward pass gives, layer by layer, first layer first.
  struct Backward {
    /// ∂J/∂W of each layer.
    var weightGradients: [Matrix]
    /// δ of each layer, ∂J/∂z: the error signal as it arrives at that layer.
    var deltas: [Matrix]
    /// The input of each layer, a of the layer below (x for the first).
    var inputs: [Matrix]
    /// The mean of f′(z) over each hidden layer's units and examples: how much
    /// the activation lets through on the way down.
    var meanDerivatives: [Double]
  }

  /// Backpropagates a batch through the network, for a sigmoid output and cross-entropy.
  func backward(x: Matrix, targets y: Matrix) -> Backward {
    let last = weights.count - 1
    var activations = [x]  // a₀ = x, then each layer's output
    var preActivations: [Matrix] = []  // z₁, z₂, …
    for l in 0...last {
      let z = activations[l].matmul(weights[l]).addingToEachRow(biases[l])
      preActivations.append(z)
      activations.append(l == last ? z.map(sigmoid) : z.map(activation.callAsFunction))
    }
    var deltas = weights.map { _ in Matrix(rows: 0, columns: 0) }
    // region: delta-recursion
    var delta = (1 / Double(x.rows)) * (activations[last + 1] - y)  // δ at the output: (a − y)/m
    var gradients = weights.map { Matrix(rows: $0.rows, columns: $0.columns) }
    for l in stride(from: last, through: 0, by: -1) {
      deltas[l] = delta
      gradients[l] = activations[l].transposed.matmul(delta)  // ∂J/∂W = (input of the layer)ᵀ δ
      if l > 0 {  // one layer down: δ ← (δ Wᵀ) ⊙ f′(z of the layer below)
        delta = delta.matmul(weights[l].transposed) * preActivations[l - 1].map(activation.derivative)
      }
    }
    // endregion
    let meanDerivatives = preActivations.dropLast().map { z in
      z.map(activation.derivative).scalars.reduce(0, +) / Double(z.scalars.count)
    }
    return Backward(
      weightGradients: gradients, deltas: deltas, inputs: Array(activations.dropLast()), meanDerivatives: meanDerivatives)
  }
}

/// How large each layer's weight gradient is at initialization, in a deep
/// network of sigmoid, tanh or ReLU units; and in the small trained network.
func gradientMagnitudes(_ chapter: ChapterRun, training norms: LayerGradientNorms) throws {
  chapter.section("Gradient magnitudes per layer")
  let depth = 10
  let width = 32
  let data = XORClouds(count: 256, noise: 0.5, random: chapter.random)
  chapter.say("\(depth) hidden layers of \(width) units, weights from N(0, 1/fan-in), \(data.count) points; ‖∂J/∂W‖ per layer at initialization:")
  var series: [Series] = []
  var recorded: [(String, MetricValue)] = []
  for activation in Activation.allCases {
    let network = DeepNetwork(
      widths: [2] + Array(repeating: width, count: depth) + [1], activation: activation, random: chapter.random)
    let backward = network.backward(x: data.x, targets: data.y)
    let norms = backward.weightGradients.map(\.norm)
    chapter.say("  " + activation.rawValue.padded(8) + norms.map { String(format: "%.1e", $0) }.joined(separator: " "))
    // The delta recursion multiplies δ by Wᵀ and then by f′ once per layer: how
    // much each does, on average over the hidden layers.
    let deltaNorms = backward.deltas.map(\.norm)
    let hiddenLayers = 1..<deltaNorms.count  // δ of layer l+1 → δ of layer l, for the layers below the output
    let overStack = deltaNorms[0] / deltaNorms[deltaNorms.count - 1]
    let perLayerFactor = pow(overStack, 1 / Double(hiddenLayers.count))  // the steps' geometric mean
    let meanDerivative = backward.meanDerivatives.reduce(0, +) / Double(backward.meanDerivatives.count)
    let inputFactor = norms[0] / deltaNorms[0] / (norms[norms.count - 1] / deltaNorms[deltaNorms.count - 1])
    // Why the inputs' factor: the part of aᵀδ = Σᵢ aᵢδᵢ that is common to every
    // example is (mean of a)·Σᵢδᵢ, small where the δᵢ cancel.
    func meanShare(_ matrix: Matrix) -> Double {
      Double(matrix.rows).squareRoot() * ((1 / Double(matrix.rows)) * matrix.columnSums).norm / matrix.norm
    }
    series.append(.line(x: norms.indices.map { Double($0 + 1) }, y: norms, title: activation.rawValue))
    recorded.append((activation.rawValue, .object([
      ("norms", norms.metricValue), ("first", .number(norms[0])), ("last", .number(norms[norms.count - 1])),
      ("first_over_last", .number(norms[0] / norms[norms.count - 1])),
      ("delta_norms", deltaNorms.metricValue), ("delta_factor_per_layer", .number(perLayerFactor)),
      ("delta_factor_over_stack", .number(overStack)),
      ("layer_steps", .integer(hiddenLayers.count)),
      ("mean_derivative", .number(meanDerivative)),
      ("input_factor", .number(inputFactor)),
      ("first_input_mean_share", .number(meanShare(backward.inputs[0]))),
      ("last_input_mean_share", .number(meanShare(backward.inputs[backward.inputs.count - 1]))),
      ("output_delta_mean_share", .number(meanShare(backward.deltas[backward.deltas.count - 1]))),
    ])))
  }
  chapter.metrics.record("deep_gradient_norms", MetricValue.object(recorded))
  chapter.metrics.record("deep_depth", depth)
  chapter.metrics.record("deep_width", width)
  chapter.metrics.record("deep_points", data.count)

  let trained = Panel(
    title: "2-8-1 network while it learns", xLabel: "epoch", yLabel: "‖∂J/∂W‖", yScale: .logarithmic,
    series: [
      .line(y: norms.w1, title: "layer 1 (W1)"), .line(y: norms.w2, title: "layer 2 (W2)"),
      .line(y: norms.fullBatchW1, title: "layer 1, whole training set"),
      .line(y: norms.fullBatchW2, title: "layer 2, whole training set"),
    ])
  let deep = Panel(
    title: "\(depth + 1)-layer network at initialization", xLabel: "layer (1 = next to the input)", yLabel: "‖∂J/∂W‖",
    yScale: .logarithmic, legend: .bottomRight, series: series)
  try chapter.save(Figure(title: "Gradient magnitudes per layer", panels: [trained, deep]), as: "gradient-norms")
}
