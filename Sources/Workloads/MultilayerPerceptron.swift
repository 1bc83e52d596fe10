import Autograd

// region: model
/// Article 002's network: 784 → 64 → 64 → 10, ReLU between the layers, and
/// logits out (the softmax lives inside the loss).
public func makeArticleNetwork(random: RandomGenerator, defaults: FrameworkDefaults = .pytorch) -> Sequential {
  func dense(_ inputs: Int, _ outputs: Int) -> Linear {
    Linear(
      inputSize: inputs, outputSize: outputs,
      weightInitializer: defaults.weightInitializer(fanIn: inputs), biasInitializer: defaults.biasInitializer(fanIn: inputs),
      random: random)
  }
  return Sequential([
    Flatten(),  // [batch, 28, 28] → [batch, 784]: the reshape the article's code leaves out
    dense(784, 64), ReLU(),
    dense(64, 64), ReLU(),
    dense(64, 10),
  ])
}
// endregion

/// What the article's code leaves to its framework: how the weights start, and Adam's ε.
public enum FrameworkDefaults {
  /// PyTorch's `nn.Linear` and `torch.optim.Adam`: weights and biases uniform in ±1/√fan-in, ε 1e-8.
  case pytorch
  /// Keras's `Dense` and `'adam'`: Glorot-uniform weights, zero biases, ε 1e-7.
  case keras

  public func weightInitializer(fanIn: Int) -> Initializer {
    switch self {
    case .pytorch: .pytorchLinear(fanIn: fanIn)
    case .keras: .glorotUniform
    }
  }

  public func biasInitializer(fanIn: Int) -> Initializer {
    switch self {
    case .pytorch: .pytorchLinear(fanIn: fanIn)
    case .keras: .zeros
    }
  }

  public var adamEpsilon: Float {
    switch self {
    case .pytorch: 1e-8
    case .keras: 1e-7
    }
  }
}

// region: sized-network
/// Article 002's kind of network with any hidden widths (its own is [64, 64]):
/// Flatten, then for each width a Dense layer and ReLU, each followed by
/// inverted dropout at `dropoutRate` when it is above 0, and a Dense layer to
/// `classes` logits. With `[64, 64]` and no dropout it draws the very weights
/// of ``makeArticleNetwork(random:defaults:)`` from the same generator.
///
/// - Parameter dropoutRandom: The generator of the dropout masks, separate
///   from the weights' so that dropout does not change the initial weights.
public func makeMultilayerPerceptron(
  inputSize: Int = 784, hiddenSizes: [Int], classes: Int = 10, dropoutRate: Float = 0,
  random: RandomGenerator, dropoutRandom: RandomGenerator? = nil
) -> Sequential {
  var layers: [any Layer] = [Flatten()]
  var width = inputSize
  for hidden in hiddenSizes {
    layers += [pytorchDense(width, hidden, random: random), ReLU()]
    if dropoutRate > 0 {
      layers.append(Dropout(rate: dropoutRate, random: dropoutRandom ?? random))
    }
    width = hidden
  }
  return Sequential(layers + [pytorchDense(width, classes, random: random)])
}
// endregion

/// A Dense layer with PyTorch's `nn.Linear` initialization.
private func pytorchDense(_ inputs: Int, _ outputs: Int, random: RandomGenerator) -> Linear {
  let defaults = FrameworkDefaults.pytorch
  return Linear(
    inputSize: inputs, outputSize: outputs,
    weightInitializer: defaults.weightInitializer(fanIn: inputs), biasInitializer: defaults.biasInitializer(fanIn: inputs),
    random: random)
}
