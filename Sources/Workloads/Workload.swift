import Autograd

/// One of the course's performance workloads (W1–W4 of COURSE.md): a model,
/// what it is fed, and the recipe it is trained with. The chapters build their
/// networks and optimizers from these, and `course bench workloads` times them.
///
///     let workload = Workload.w2
///     let model = workload.makeModel(random: RandomGenerator(seed: 1))
///     let optimizer = workload.makeOptimizer(for: model)
///     workload.productCount.trainingFLOPs  // floating-point operations of one step's products
public struct Workload: Sendable {
  /// What one example is: an image's pixels, or a window of token ids.
  public enum Input: Sendable, Equatable {
    /// Pixels in [0, 1], one example shaped `shape`; one class label (of `classCount`) per example.
    case pixels(shape: [Int], classCount: Int)
    /// `length` token ids below `vocabularySize`; a next-token target at every position.
    case tokens(length: Int, vocabularySize: Int)
  }

  /// `w1` … `w4`, as COURSE.md and the benchmark's keys name it.
  public let name: String
  /// What it is, in a few words, for tables.
  public let title: String
  public let input: Input
  /// Examples (images or windows) per training step.
  public let batchSize: Int
  public let optimizer: OptimizerRecipe
  /// The largest global norm of the gradients before each update, if they are clipped.
  public let clipNorm: Float?
  private let build: @Sendable (RandomGenerator) -> any Layer

  init(
    name: String, title: String, input: Input, batchSize: Int, optimizer: OptimizerRecipe, clipNorm: Float? = nil,
    build: @escaping @Sendable (RandomGenerator) -> any Layer
  ) {
    (self.name, self.title, self.input, self.batchSize) = (name, title, input, batchSize)
    (self.optimizer, self.clipNorm, self.build) = (optimizer, clipNorm, build)
  }

  /// A freshly initialized model, with the initialization its chapter uses.
  public func makeModel(random: RandomGenerator) -> any Layer { build(random) }

  /// The recipe's optimizer over `model`'s parameters.
  public func makeOptimizer(for model: some Layer) -> Adam {
    optimizer.makeOptimizer(parameters: model.namedParameters)
  }

  /// One batch's input shape: `batchSize` examples.
  public var batchShape: [Int] {
    switch input {
    case .pixels(let shape, _): [batchSize] + shape
    case .tokens(let length, _): [batchSize, length]
    }
  }

  /// Targets per batch: a label per image, or a next token per position.
  public var targetsPerBatch: Int {
    switch input {
    case .pixels: batchSize
    case .tokens(let length, _): batchSize * length
    }
  }

  /// The multiply-adds of one training step (batch of `batchSize`), counted
  /// from the model's layer shapes (see ``ProductCount``). The step's input is
  /// data: no gradient is computed for it.
  public var productCount: ProductCount {
    let model = makeModel(random: RandomGenerator(seed: 0))
    guard let counting = model as? ProductCounting else {
      preconditionFailure("Workload \(name): \(type(of: model)) does not count its products")
    }
    return counting.productCount(inputShape: batchShape, inputNeedsGradient: false).count
  }
}

/// Adam or AdamW with its hyperparameters (β₁ 0.9 and β₂ 0.999 everywhere).
public struct OptimizerRecipe: Sendable, Equatable, CustomStringConvertible {
  public enum Method: Sendable, Equatable {
    /// Adam without weight decay.
    case adam
    /// AdamW: each step also shrinks every parameter by lr · `weightDecay` · p.
    case adamW(weightDecay: Float)
  }

  public let method: Method
  public let learningRate: Float
  /// ε, added to √v̂: PyTorch's 1e-8 or Keras's 1e-7, as the chapter chose.
  public let epsilon: Float

  public init(_ method: Method, learningRate: Float, epsilon: Float = 1e-8) {
    (self.method, self.learningRate, self.epsilon) = (method, learningRate, epsilon)
  }

  public func makeOptimizer(parameters: [(name: String, parameter: Parameter)]) -> Adam {
    switch method {
    case .adam: Adam(parameters: parameters, learningRate: learningRate, epsilon: epsilon)
    case .adamW(let weightDecay):
      AdamW(parameters: parameters, learningRate: learningRate, epsilon: epsilon, weightDecay: weightDecay)
    }
  }

  public var description: String {
    switch method {
    case .adam: "Adam lr \(learningRate) ε \(epsilon)"
    case .adamW(let weightDecay): "AdamW lr \(learningRate) ε \(epsilon) weight decay \(weightDecay)"
    }
  }
}
