import Testing

@testable import Autograd

@Suite("Layers")
struct LayerTests {
  @Test func embeddingLooksUpAndAccumulatesRows() {
    let embedding = Embedding(vocabularySize: 5, dimension: 3, random: RandomGenerator(seed: 1))
    let looked = embedding(ids: [4, 1, 4], shape: [1, 3])
    #expect(looked.shape == [1, 3, 3])
    #expect(Array(looked.scalars[0..<3]) == Array(embedding.table.value.scalars[12..<15]))
    looked.sum().backward()
    let gradient = embedding.table.gradient!
    expectTensor(gradient, shape: [5, 3], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2])
    #expect(embedding.table.value.scalars.allSatisfy { abs($0) <= 0.05 })
  }

  @Test func convolutionNetworkShapesAndParameterCount() {
    // The article's network, as in Keras's summary(): 93,322 parameters.
    let random = RandomGenerator(seed: 1)
    let model = Sequential([
      Conv2D(inChannels: 1, filters: 32, kernelSize: 3, random: random), ReLU(), MaxPool2D(),
      Conv2D(inChannels: 32, filters: 64, kernelSize: 3, random: random), ReLU(), MaxPool2D(),
      Conv2D(inChannels: 64, filters: 64, kernelSize: 3, random: random), ReLU(), Flatten(),
      Linear(inputSize: 576, outputSize: 64, random: random), ReLU(),
      Linear(inputSize: 64, outputSize: 10, random: random),
    ])
    #expect(model.parameterCount == 93_322)
    let logits = model(Tensor.zeros([2, 28, 28, 1]))
    #expect(logits.shape == [2, 10])
  }

  @Test func layerNormAndDropoutLayers() {
    let random = RandomGenerator(seed: 1)
    let norm = LayerNorm(features: 4)
    let normalized = norm(Tensor(shape: [1, 4], scalars: [1, 2, 3, 4]))
    #expect(abs(normalized.mean().scalar) < 1e-6)
    let dropout = Dropout(rate: 0.5, random: random)
    let input = Tensor.ones([1000])
    #expect(dropout(input).scalars.contains(0))
    dropout.setTraining(false)
    #expect(dropout(input).scalars == input.scalars)
  }
}
