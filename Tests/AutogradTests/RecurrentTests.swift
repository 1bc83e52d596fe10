import Testing

@testable import Autograd

@Suite("LSTM")
struct RecurrentTests {
  @Test func fusedSequenceMatchesTheCellStepByStep() {
    let random = RandomGenerator(seed: 11)
    let lstm = LSTM(inputSize: 3, hiddenSize: 4, random: random)
    let input = Tensor.uniform(shape: [2, 5, 3], in: -1...1, using: random)
    let start = LSTMState(
      hidden: .uniform(shape: [2, 4], in: -0.5...0.5, using: random),
      cell: .uniform(shape: [2, 4], in: -0.5...0.5, using: random))

    let (fused, fusedState) = lstm(input, state: start)
    (fused * fused).sum().backward()
    let fusedGradients = lstm.parameters.map { $0.gradient! }
    lstm.clearGradients()

    var state = start
    var steps: [Tensor] = []
    for time in 0..<5 {
      state = lstm.cell(input.sliced(alongAxis: 1, time..<(time + 1)).reshaped(to: [2, 3]), state: state)
      steps.append(state.hidden.reshaped(to: [2, 1, 4]))
    }
    let unrolled = Tensor.concatenated(steps, alongAxis: 1)
    (unrolled * unrolled).sum().backward()

    expectTensor(fused, shape: [2, 5, 4], unrolled.scalars)
    expectTensor(fusedState.hidden, shape: [2, 4], state.hidden.scalars)
    expectTensor(fusedState.cell, shape: [2, 4], state.cell.scalars)
    for (parameter, fusedGradient) in zip(lstm.parameters, fusedGradients) {
      expectTensor(fusedGradient, shape: parameter.shape, parameter.gradient!.scalars, tolerance: 1e-4)
    }
  }

  @Test func fusedSequenceGradients() {
    let inputs = randomTensors([2, 3, 8], [2, 8], seed: 5)
    expectGradients(at: inputs) { Tensor.lstmSequence(inputProjection: $0[0], recurrentWeight: $0[1]).outputs }
  }

  @Test func cellGradients() {
    let random = RandomGenerator(seed: 3)
    let cell = LSTMCell(inputSize: 3, hiddenSize: 2, random: random)
    let inputs = [Tensor.uniform(shape: [2, 3], in: -1...1, using: random), cell.inputWeight.value, cell.recurrentWeight.value]
    let start = LSTMState(hidden: .uniform(shape: [2, 2], in: -1...1, using: random), cell: .zeros([2, 2]))
    expectGradients(at: inputs) { variables in
      cell.inputWeight.value = variables[1]
      cell.recurrentWeight.value = variables[2]
      let next = cell(variables[0], state: start)
      return cell(variables[0], state: next).hidden
    }
  }

  @Test func keepsKerasDefaults() {
    let lstm = LSTM(inputSize: 3, hiddenSize: 2, random: RandomGenerator(seed: 1))
    #expect(lstm.cell.bias.value.scalars == [0, 0, 1, 1, 0, 0, 0, 0])
    #expect(lstm.namedParameters.map(\.name) == ["inputWeight", "recurrentWeight", "bias"])
    #expect(lstm.parameterCount == 3 * 8 + 2 * 8 + 8)
  }
}
