import Testing

@testable import Autograd

@Suite("The graph and the backward pass")
struct GraphTests {
  @Test func noGradientScopeRecordsNothing() {
    let x = Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
    let y = withoutGradient { x * 3 }
    #expect(!y.requiresGradient)
    #expect((x * 3).requiresGradient)
  }

  @Test func detachedStopsTheGradient() {
    let x = Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
    (x * x.detached()).sum().backward()
    expectTensor(x.gradient!, shape: [2], [1, 2])
  }

  @Test func gradientsAccumulateUntilCleared() {
    let x = Tensor(shape: [1], scalars: [2]).requiringGradient()
    (x * 3).sum().backward()
    (x * 3).sum().backward()
    expectTensor(x.gradient!, shape: [1], [6])
    x.clearGradient()
    #expect(x.gradient == nil)
  }

  @Test func deepChainDoesNotOverflowTheStack() {
    let x = Tensor(shape: [1], scalars: [1]).requiringGradient()
    var y = x
    for _ in 0..<20_000 { y = y * 1 }
    y.sum().backward()
    expectTensor(x.gradient!, shape: [1], [1])
  }

  @Test func linearLayerMatchesItsFormula() {
    let random = RandomGenerator(seed: 5)
    let layer = Linear(inputSize: 3, outputSize: 2, random: random)
    let input = Tensor.uniform(shape: [4, 3], using: random)
    let expected = input.matmul(layer.weight.value) + layer.bias!.value
    expectTensor(layer(input), shape: [4, 2], expected.scalars)
    #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
    expectGradients(at: [input, layer.weight.value, layer.bias!.value]) { $0[0].matmul($0[1]) + $0[2] }
  }

  @Test func sequentialNamesParametersByPosition() {
    let random = RandomGenerator(seed: 5)
    let model = Sequential([
      Linear(inputSize: 3, outputSize: 4, random: random), ReLU(),
      Linear(inputSize: 4, outputSize: 2, useBias: false, random: random),
    ])
    #expect(model.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.2.weight"])
    #expect(model.parameterCount == 3 * 4 + 4 + 4 * 2)
  }

  @Test func sameSeedSameNumbers() {
    let first = Tensor.normal(shape: [100], using: RandomGenerator(seed: 9))
    let second = Tensor.normal(shape: [100], using: RandomGenerator(seed: 9))
    let other = Tensor.normal(shape: [100], using: RandomGenerator(seed: 10))
    #expect(first.scalars == second.scalars)
    #expect(first.scalars != other.scalars)
    let mean = first.mean().scalar
    #expect(abs(mean) < 0.3)
  }

  @Test func orthogonalInitializerIsOrthogonal() {
    let q = Initializer.orthogonal.makeTensor(shape: [4, 6], fanIn: 4, fanOut: 6, using: RandomGenerator(seed: 2))
    let gram = q.matmul(q, transposeOther: true)
    var identity = [Float](repeating: 0, count: 16)
    for index in 0..<4 { identity[index * 5] = 1 }
    expectTensor(gram, shape: [4, 4], identity, tolerance: 1e-5)
  }

  @Test func backwardTwiceIsAnError() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let x = Tensor(shape: [1], scalars: [2]).requiringGradient()
      let loss = (x * 3).sum()
      loss.backward()
      loss.backward()
    }
    #expect(standardError(of: result).contains("already freed"))
  }
}
