import Autograd

extension Workload {
  /// The distinct bytes of Debian 12's fortunes text (COURSE.md, "Data"): the
  /// vocabulary of W3 and W4 where the text itself is not at hand.
  public static let fortunesVocabularySize = 114

  // region: w1
  /// W1: article 002's 784-64-64-10 MLP on Fashion-MNIST, as chapter 3 trains
  /// it: PyTorch's initialization and ε, batches of 32 images.
  public static let w1 = Workload(
    name: "w1", title: "MLP 784-64-64-10", input: .pixels(shape: [28, 28], classCount: 10), batchSize: 32,
    optimizer: OptimizerRecipe(.adam, learningRate: 1e-3, epsilon: FrameworkDefaults.pytorch.adamEpsilon),
    build: { random in makeArticleNetwork(random: random) })
  // endregion

  // region: w2
  /// W2: article 004's CNN on Fashion-MNIST (NHWC images), as chapter 4 trains
  /// it: Keras's initialization, Adam with PyTorch's ε, batches of 32 images.
  public static let w2 = Workload(
    name: "w2", title: "CNN conv32-conv64-conv64", input: .pixels(shape: [28, 28, 1], classCount: 10),
    batchSize: 32, optimizer: OptimizerRecipe(.adam, learningRate: 1e-3),
    build: { random in makeConvolutionalNetwork(random: random) })
  // endregion

  // region: w3
  /// W3: article 001's character model (embedding 64, LSTM 128, readout) on
  /// windows of 64 bytes, as chapter 6 trains it: batches of 64 windows,
  /// Adam 2e-3, gradients clipped to a global norm of 5.
  public static func w3(vocabularySize: Int = fortunesVocabularySize) -> Workload {
    Workload(
      name: "w3", title: "char-LSTM 64-128", input: .tokens(length: 64, vocabularySize: vocabularySize),
      batchSize: 64, optimizer: OptimizerRecipe(.adam, learningRate: 2e-3), clipNorm: 5,
      build: { random in CharacterLSTM(vocabularySize: vocabularySize, random: random) })
  }
  // endregion

  // region: w4
  /// W4: the character Transformer (2 pre-LayerNorm blocks of 4 heads × 32 and
  /// an MLP of 512) on windows of 64 bytes, as chapter 7 trains it: batches of
  /// 64 windows, AdamW 1e-3 with weight decay 0.01 and Keras's ε 1e-7,
  /// gradients clipped to a global norm of 5.
  public static func w4(vocabularySize: Int = fortunesVocabularySize) -> Workload {
    Workload(
      name: "w4", title: "Transformer 2x128, 4 heads", input: .tokens(length: 64, vocabularySize: vocabularySize),
      batchSize: 64, optimizer: OptimizerRecipe(.adamW(weightDecay: 0.01), learningRate: 1e-3, epsilon: 1e-7),
      clipNorm: 5,
      build: { random in CharacterTransformer(vocabularySize: vocabularySize, random: random) })
  }
  // endregion

  /// Every workload, W1 first, with `vocabularySize` bytes for the text models.
  public static func all(vocabularySize: Int = fortunesVocabularySize) -> [Workload] {
    [w1, w2, w3(vocabularySize: vocabularySize), w4(vocabularySize: vocabularySize)]
  }
}
