import Autograd
import Testing
@testable import Workloads

/// The product counts against counts worked out by hand from the
/// architectures, not from the code that computes them.
@Suite struct ProductCountTests {
  let random = RandomGenerator(seed: 1)

  @Test func linearLayersCountTheImagesGradientOnlyWhereNeeded() {
    // [5, 2, 2] → flatten 4 → 3 → relu → 2.
    let model = Sequential([
      Flatten(), Linear(inputSize: 4, outputSize: 3, random: random), ReLU(),
      Linear(inputSize: 3, outputSize: 2, random: random),
    ])
    let (count, shape) = model.productCount(inputShape: [5, 2, 2], inputNeedsGradient: false)
    // Forward: 5·4·3 + 5·3·2 = 60 + 30. Backward: the first layer's weight gradient only (60),
    // the second's weight and input gradients (30 + 30).
    #expect(count == ProductCount(forward: 90, backward: 120))
    #expect(count.trainingFLOPs == 420)
    #expect(shape == [5, 2])
    // An input that needs a gradient costs the first layer's dy·Wᵀ as well.
    #expect(model.productCount(inputShape: [5, 2, 2], inputNeedsGradient: true).count.backward == 180)
  }

  @Test func convolutionCountsEveryOutputPixelsWindow() {
    // [2, 5, 4, 2] images, 3 filters of 3×3×2, valid: output [2, 3, 2, 3], each reading 18 inputs.
    let convolution = Conv2D(inChannels: 2, filters: 3, kernelSize: 3, random: random)
    let (count, shape) = convolution.productCount(inputShape: [2, 5, 4, 2], inputNeedsGradient: true)
    #expect(shape == [2, 3, 2, 3])
    #expect(count == ProductCount(forward: 2 * 3 * 2 * 3 * 18, backward: 2 * 2 * 3 * 2 * 3 * 18))
    // Padding 1, stride 2: output sides (5 + 2 − 3) / 2 + 1 = 3 and (4 + 2 − 3) / 2 + 1 = 2.
    let strided = Conv2D(inChannels: 2, filters: 3, kernelSize: 3, stride: 2, padding: 1, random: random)
    #expect(strided.productCount(inputShape: [2, 5, 4, 2], inputNeedsGradient: false).outputShape == [2, 3, 2, 3])
  }

  @Test func lstmSkipsTheFirstStepsStateGradient() {
    // Batch 2, 3 steps, input 5, hidden 4 (16 gates).
    let lstm = LSTM(inputSize: 5, hiddenSize: 4, random: random)
    let (count, shape) = lstm.productCount(inputShape: [2, 3, 5], inputNeedsGradient: true)
    #expect(shape == [2, 3, 4])
    let projection = 2 * 3 * 5 * 16  // x·W on every step: 480
    let recurrence = 2 * 4 * 16  // h·U for one step: 128
    #expect(count.forward == projection + 3 * recurrence)
    // dW and dx (480 each), dU over 3 steps, dh over 2.
    #expect(count.backward == 2 * projection + 3 * recurrence + 2 * recurrence)
  }

  @Test func attentionCountsProjectionsAndEveryScore() {
    // Batch 2, 5 positions, 8 features in 2 heads of 4.
    let attention = MultiHeadAttention(features: 8, headCount: 2, causal: true, random: random)
    let (count, shape) = attention.productCount(inputShape: [2, 5, 8], inputNeedsGradient: true)
    #expect(shape == [2, 5, 8])
    let qkv = 10 * 8 * 24  // 10 rows, 8 → 24
    let out = 10 * 8 * 8
    let perHeadProduct = 5 * 5 * 4  // Q·Kᵀ or P·V for one sequence and head
    let heads = 2 * 2 * perHeadProduct  // 2 sequences × 2 heads
    #expect(count.forward == qkv + out + 2 * heads)
    #expect(count.backward == 2 * qkv + 2 * out + 4 * heads)
  }

  @Test func characterLSTMChainsEmbeddingRecurrenceAndReadout() {
    let model = CharacterLSTM(vocabularySize: 7, embeddingSize: 3, hiddenSize: 2, random: random)
    let count = model.productCount(inputShape: [4, 6], inputNeedsGradient: false).count
    let tokens = 4 * 6
    // 24 positions, 7 bytes: the input projection is the table E·W, 7 rows of 3 → 8.
    let forward = 7 * 3 * 8 + tokens * 2 * 8 + tokens * 2 * 7
    // The embedding is trained, so the table's product has both gradients; h_0's is not computed.
    let backward = 2 * 7 * 3 * 8 + (tokens + 4 * 5) * 2 * 8 + 2 * tokens * 2 * 7
    #expect(count == ProductCount(forward: forward, backward: backward))
  }

  @Test func aLayerWithUncountedProductsIsRefusedNotCountedAsFree() async {
    await #expect(processExitsWith: .failure) {
      final class Mystery: Layer {
        func callAsFunction(_ input: Tensor) -> Tensor { input }
      }
      _ = Sequential([Mystery()]).productCount(inputShape: [1, 2], inputNeedsGradient: false)
    }
  }
}
