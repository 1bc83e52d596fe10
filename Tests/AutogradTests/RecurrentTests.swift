import Foundation
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

  /// The final state is the last step's: a sequence of no steps has none, and is refused by name.
  @Test func emptySequenceIsRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let lstm = LSTM(inputSize: 3, hiddenSize: 2, random: RandomGenerator(seed: 1))
      _ = lstm(Tensor.zeros([2, 0, 3]))
    }
    #expect(standardError(of: result).contains("LSTM: input of shape [2, 0, 3] should be [batch, time, 3] with time ≥ 1"))
  }

  @Test func keepsKerasDefaults() {
    let lstm = LSTM(inputSize: 3, hiddenSize: 2, random: RandomGenerator(seed: 1))
    #expect(lstm.cell.bias.value.scalars == [0, 0, 1, 1, 0, 0, 0, 0])
    #expect(lstm.namedParameters.map(\.name) == ["inputWeight", "recurrentWeight", "bias"])
    #expect(lstm.parameterCount == 3 * 8 + 2 * 8 + 8)
  }

  /// A batch large enough to be split between threads gives what the
  /// step-by-step cell gives, forward and backward.
  @Test func splitBatchMatchesTheCell() {
    let random = RandomGenerator(seed: 21)
    let lstm = LSTM(inputSize: 3, hiddenSize: 5, random: random)
    let input = Tensor.uniform(shape: [19, 4, 3], in: -2...2, using: random)
    let upstream = Tensor.uniform(shape: [19, 4, 5], in: -1...1, using: random)
    (lstm(input) * upstream).sum().backward()
    let fusedGradients = lstm.parameters.map { $0.gradient! }
    let fused = withoutGradient { lstm(input) }
    lstm.clearGradients()

    var state = LSTMState.zeros(batch: 19, hiddenSize: 5)
    var steps: [Tensor] = []
    for time in 0..<4 {
      state = lstm.cell(input.sliced(alongAxis: 1, time..<(time + 1)).reshaped(to: [19, 3]), state: state)
      steps.append(state.hidden.reshaped(to: [19, 1, 5]))
    }
    let unrolled = Tensor.concatenated(steps, alongAxis: 1)
    (unrolled * upstream).sum().backward()
    expectTensor(fused, shape: [19, 4, 5], unrolled.scalars, tolerance: 1e-5)
    for (parameter, fusedGradient) in zip(lstm.parameters, fusedGradients) {
      expectTensor(fusedGradient, shape: parameter.shape, parameter.gradient!.scalars, tolerance: 1e-4)
    }
  }

  /// The stepper used for sampling follows the cell step by step.
  @Test func stepperMatchesTheCell() {
    let random = RandomGenerator(seed: 8)
    let cell = LSTMCell(inputSize: 2, hiddenSize: 3, random: random)
    let stepper = LSTMStepper(cell)
    var state = LSTMState.zeros(batch: 1, hiddenSize: 3)
    for _ in 0..<5 {
      let x = Tensor.uniform(shape: [1, 2], in: -2...2, using: random)
      state = withoutGradient { cell(x, state: state) }
      let projection = withoutGradient { x.matmul(cell.inputWeight.value, addingBias: cell.bias.value) }
      projection.scalars.withUnsafeBufferPointer { stepper.step(projection: $0) }
      expectTensor(Tensor(shape: [1, 3], scalars: stepper.hidden), shape: [1, 3], state.hidden.scalars, tolerance: 1e-5)
      expectTensor(Tensor(shape: [1, 3], scalars: stepper.cell), shape: [1, 3], state.cell.scalars, tolerance: 1e-5)
    }
    stepper.reset()
    #expect(stepper.hidden == [0, 0, 0] && stepper.cell == [0, 0, 0])
  }

  @Test func vectorizedActivationsMatchTheLibrary() {
    for x in stride(from: -20 as Float, through: 20, by: 0.037) {
      #expect(abs(vectorSigmoid(x) - logistic(x)) < 2e-7)
      #expect(abs(vectorTanh(x) - tanhf(x)) < 3e-7)
    }
    #expect(vectorSigmoid(-200) == 0 && vectorSigmoid(200) == 1)
    #expect(vectorTanh(-200) == -1 && vectorTanh(200) == 1)
  }
}
