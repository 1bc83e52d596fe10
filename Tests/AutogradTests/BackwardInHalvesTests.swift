import Testing

@testable import Autograd

@Suite("Backward in halves: a batch's gradient from its two halves at once")
struct BackwardInHalvesTests {
  /// A small CNN (every kind of layer of W2) and a batch of 8 images with their labels.
  private func smallNetworkAndBatch() -> (Sequential, Tensor, [Int]) {
    let random = RandomGenerator(seed: 7)
    let model = Sequential([
      Conv2D(inChannels: 1, filters: 4, kernelSize: 3, random: random), ReLU(), MaxPool2D(), Flatten(),
      Linear(inputSize: 3 * 3 * 4, outputSize: 5, random: random), ReLU(),
      Linear(inputSize: 5, outputSize: 3, random: random),
    ])
    let images = Tensor.uniform(shape: [8, 8, 8, 1], using: random)
    return (model, images, [0, 1, 2, 0, 1, 2, 2, 1])
  }

  /// The gradients of the mean loss of images `rows` of the batch, split at `split`.
  private func gradientsInHalves(
    _ model: Sequential, _ images: Tensor, _ labels: [Int], split: Int
  ) -> (loss: Float, gradients: [Tensor]) {
    model.clearGradients()
    let count = labels.count
    let weights = (Float(split) / Float(count), Float(count - split) / Float(count))
    let values = backwardInHalves(0..<split, split..<count, weights: weights) { rows in
      model(images.sliced(alongAxis: 0, rows)).crossEntropy(targets: Array(labels[rows]))
    }
    return (weights.0 * values.0 + weights.1 * values.1, model.parameters.map { $0.gradient! })
  }

  @Test(arguments: [ExecutionPolicy.Threading.halves, .single], [4, 3])
  func equalsOnePassOverTheBatch(threading: ExecutionPolicy.Threading, split: Int) {
    let (model, images, labels) = smallNetworkAndBatch()
    model.clearGradients()
    let wholeLoss = model(images).crossEntropy(targets: labels)
    wholeLoss.backward()
    let wholeGradients = model.parameters.map { $0.gradient! }

    let (loss, gradients) = withThreading(threading) {
      gradientsInHalves(model, images, labels, split: split)
    }
    #expect(abs(loss - wholeLoss.scalar) < 1e-6)
    for (halves, whole) in zip(gradients, wholeGradients) {
      expectTensor(halves, shape: whole.shape, whole.scalars, tolerance: 1e-5)
    }
  }

  @Test func givesTheSameBitsEveryTimeWhicheverThreadRunsTheSecondHalf() {
    let (model, images, labels) = smallNetworkAndBatch()
    let first = withThreading(.halves) { gradientsInHalves(model, images, labels, split: 4) }
    for _ in 0..<50 {
      let again = withThreading(.halves) { gradientsInHalves(model, images, labels, split: 4) }
      #expect(again.loss == first.loss)
      #expect(again.gradients.map(\.scalars) == first.gradients.map(\.scalars))
    }
  }

  @Test func addsToGradientsAlreadyAccumulated() {
    let (model, images, labels) = smallNetworkAndBatch()
    let (_, once) = gradientsInHalves(model, images, labels, split: 4)
    // A second call without clearing adds the same gradient again, as backward() does.
    _ = backwardInHalves(0..<4, 4..<8, weights: (0.5, 0.5)) { rows in
      model(images.sliced(alongAxis: 0, rows)).crossEntropy(targets: Array(labels[rows]))
    }
    for (parameter, single) in zip(model.parameters, once) {
      expectTensor(parameter.gradient!, shape: single.shape, single.scalars.map { 2 * $0 }, tolerance: 1e-5)
    }
  }

  /// Two halves at once must not both write the attention weights kept for heatmaps.
  @Test func attentionKeepsTheWeightsOfItsLastCallOutsideHalves() {
    let random = RandomGenerator(seed: 3)
    let attention = MultiHeadAttention(features: 8, headCount: 2, causal: true, random: random)
    let input = Tensor.uniform(shape: [4, 3, 8], in: -1...1, using: random)
    _ = withoutGradient { attention(input.sliced(alongAxis: 0, 0..<1)) }
    let kept = attention.lastAttentionWeights!
    _ = withThreading(.halves) {
      backwardInHalves(0..<2, 2..<4, weights: (0.5, 0.5)) { rows in attention(input.sliced(alongAxis: 0, rows)).sum() }
    }
    #expect(attention.lastAttentionWeights!.shape == [1, 2, 3, 3])
    #expect(attention.lastAttentionWeights!.scalars == kept.scalars)
  }

  @Test func aSinkKeepsLeafGradientsApartUntilFlushed() {
    let weight = Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
    let sink = LeafGradientSink()
    (weight * weight).sum().backward(seed: nil) { sink.add($1, to: $0) }
    #expect(weight.gradient == nil)
    sink.flushIntoLeaves()
    expectTensor(weight.gradient!, shape: [2], [2, 4])
  }

  @Test func rejectsALossWithMoreThanOneElement() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let weight = Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
      _ = backwardInHalves(1, 2, weights: (0.5, 0.5)) { (_: Int) in weight * weight }
    }
    #expect(standardError(of: result).contains("backwardInHalves: the loss of a half must have one element, got shape [2]"))
  }
}
