import Autograd
import Testing
@testable import Workloads

/// W1–W4 against the peers' parameter counts (shared/peers/RESULTS.md) and
/// against product counts worked out by hand from COURSE.md's architectures.
@Suite struct WorkloadTests {
  let random = RandomGenerator(seed: 1)

  @Test func parameterCountsMatchThePeers() {
    // W1: 784·64 + 64, 64·64 + 64, 64·10 + 10 (the peers' table gives no count).
    #expect(Workload.w1.makeModel(random: random).parameterCount == 50_240 + 4_160 + 650)
    // RESULTS.md: "Both models have 93,322 parameters."
    #expect(Workload.w2.makeModel(random: random).parameterCount == 93_322)
    // RESULTS.md: 120,818 for Keras, 121,330 for PyTorch with its second bias vector of 4·128;
    // ours holds their sum as one vector.
    #expect(Workload.w3().makeModel(random: random).parameterCount == 121_330 - 512)
    // RESULTS.md: "Both models have 434,290 parameters."
    #expect(Workload.w4().makeModel(random: random).parameterCount == 434_290)
  }

  @Test func w1CountsSixFlopsPerWeightAndFourInTheFirstLayer() {
    let count = Workload.w1.productCount
    #expect(count.forward == 32 * (784 * 64 + 64 * 64 + 64 * 10))
    #expect(count.backward == 32 * (784 * 64 + 2 * 64 * 64 + 2 * 64 * 10))
    #expect(count.trainingFLOPs == 32 * (4 * 784 * 64 + 6 * (64 * 64 + 64 * 10)))
  }

  @Test func w2CountsThreeForwardPassesLessTheImagesGradient() {
    // Per image: conv1 26·26 pixels × 32 filters × 3·3·1, conv2 11·11 × 64 × 3·3·32,
    // conv3 3·3 × 64 × 3·3·64, dense 576·64 and 64·10.
    let conv1 = 26 * 26 * 32 * 9
    let perImage = conv1 + 11 * 11 * 64 * 288 + 3 * 3 * 64 * 576 + 576 * 64 + 64 * 10
    #expect(perImage == 2_794_240)
    let count = Workload.w2.productCount
    #expect(count.forward == 32 * perImage)
    #expect(count.backward == 32 * (2 * perImage - conv1))
  }

  @Test func w3CountsTheProjectedTableOnceAndEveryStepButTheFirstStatesGradient() {
    // Per position: h·U (128 → 512), readout (128 → 114); 64 windows of 64. The input
    // projection is the table E·W (114 bytes, 64 → 512), computed once per batch.
    let perToken = 128 * 512 + 128 * 114
    let table = 114 * 64 * 512
    let count = Workload.w3().productCount
    #expect(count.forward == 64 * 64 * perToken + table)
    // Backward: the table's two products (for E and W), every product of a position twice,
    // less the first step's dz·Uᵀ (h_0 is a constant).
    #expect(count.backward == 2 * (64 * 64 * perToken) - 64 * 128 * 512 + 2 * table)
  }

  @Test func w3CountsOneProjectionRowPerPositionWhenThereAreFewerPositionsThanBytes() {
    let model = CharacterLSTM(vocabularySize: 114, random: random)
    let count = model.productCount(inputShape: [1, 10], inputNeedsGradient: false).count
    #expect(count.forward == 10 * (64 * 512 + 128 * 512 + 128 * 114))
  }

  @Test func w4CountsBlocksScoresAndReadoutTwiceBackward() {
    // Per position and block: x·[W_q|W_k|W_v] 128 → 384, W_o 128 → 128, the MLP 128 → 512 → 128;
    // per window and block, Q·Kᵀ and P·V over all 64×64 scores, 128 features in all: 2·64²·128,
    // i.e. 2·64·128 per position. Then the readout 128 → 114; 64 windows of 64.
    let perPositionAndBlock = 128 * 384 + 128 * 128 + 2 * 128 * 512 + 2 * 64 * 128
    let perPosition = 2 * perPositionAndBlock + 128 * 114
    let count = Workload.w4().productCount
    #expect(count.forward == 64 * 64 * perPosition)
    // Every product's input descends from trained embeddings or LayerNorms: backward is twice forward.
    #expect(count.backward == 2 * count.forward)
  }

  @Test func recipesAreTheChaptersOnes() {
    #expect(Workload.w1.optimizer == OptimizerRecipe(.adam, learningRate: 1e-3, epsilon: 1e-8))
    #expect(Workload.w1.batchShape == [32, 28, 28] && Workload.w1.clipNorm == nil)
    #expect(Workload.w2.batchShape == [32, 28, 28, 1])
    let w3 = Workload.w3(vocabularySize: 100)
    #expect(w3.optimizer == OptimizerRecipe(.adam, learningRate: 2e-3) && w3.clipNorm == 5)
    #expect(w3.batchShape == [64, 64] && w3.targetsPerBatch == 4096)
    let w4 = Workload.w4()
    #expect(w4.optimizer == OptimizerRecipe(.adamW(weightDecay: 0.01), learningRate: 1e-3, epsilon: 1e-7))
    #expect(w4.clipNorm == 5 && w4.batchShape == [64, 64])
    #expect(Workload.all().map(\.name) == ["w1", "w2", "w3", "w4"])
  }

  @Test func theOptimizerFollowsTheRecipe() {
    let model = Workload.w3().makeModel(random: random)
    let optimizer = OptimizerRecipe(.adamW(weightDecay: 0.01), learningRate: 1e-3, epsilon: 1e-7)
      .makeOptimizer(parameters: model.namedParameters)
    #expect(optimizer is AdamW && optimizer.weightDecay == 0.01 && optimizer.epsilon == 1e-7)
    #expect(!(Workload.w1.makeOptimizer(for: model) is AdamW))
  }
}

@Suite struct SizedNetworkTests {
  @Test func withTheArticleWidthsItIsTheArticleNetwork() {
    let article = makeArticleNetwork(random: RandomGenerator(seed: 5))
    let sized = makeMultilayerPerceptron(hiddenSizes: [64, 64], random: RandomGenerator(seed: 5))
    #expect(sized.namedParameters.map(\.name) == article.namedParameters.map(\.name))
    #expect(zip(sized.parameters, article.parameters).allSatisfy { $0.value.scalars == $1.value.scalars })
  }

  @Test func dropoutSitsAfterEachHiddenLayerAndIsOffInEvaluation() {
    let model = makeMultilayerPerceptron(
      hiddenSizes: [32, 16], dropoutRate: 0.5, random: RandomGenerator(seed: 2), dropoutRandom: RandomGenerator(seed: 3))
    #expect(model.parameterCount == 784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10)
    #expect(model.layers.count { $0 is Dropout } == 2)
    let images = Tensor.ones([4, 28, 28])
    model.setTraining(true)
    let (first, second) = (model(images).scalars, model(images).scalars)
    #expect(first != second)  // a new mask each call
    model.setTraining(false)
    #expect(model(images).scalars == model(images).scalars)
  }
}
