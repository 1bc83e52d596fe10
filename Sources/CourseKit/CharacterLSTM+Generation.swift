import Autograd
import Workloads

/// Sampling text from chapter 6's model, a byte at a time; the model itself
/// is workload W3's, in the Workloads library.
extension CharacterLSTM {
  // region: generation
  /// `count` token ids sampled one at a time, each fed back as the next
  /// input, starting from `first`, with the LSTM's state carried from step to
  /// step: autoregressive generation.
  ///
  /// The embedding and input projection of a byte never change while
  /// sampling, so x·W + b is computed once for every symbol of the
  /// vocabulary; a step is then one lookup, one product h·U, the gates, and
  /// the readout.
  public func generate(count: Int, after first: Int, temperature: Double, random: RandomGenerator) -> [Int] {
    let (weight, bias) = (readout.weight.value, readout.bias?.value ?? .zeros([readout.weight.shape[1]]))
    return withoutGradient {
      let projectedSymbols = embedding.table.value.matmul(lstm.cell.inputWeight.value, addingBias: lstm.cell.bias.value)
      let stepper = LSTMStepper(lstm.cell)
      let gates = 4 * lstm.cell.hiddenSize
      var token = first
      var tokens: [Int] = []
      for _ in 0..<count {
        projectedSymbols.scalars.withUnsafeBufferPointer { table in
          stepper.step(projection: UnsafeBufferPointer(rebasing: table[(token * gates)..<((token + 1) * gates)]))
        }
        let logits = Tensor(shape: [1, stepper.hiddenSize], scalars: stepper.hidden).matmul(weight, addingBias: bias)
        token = sampleToken(fromLogits: logits.scalars, temperature: temperature, using: random)
        tokens.append(token)
      }
      return tokens
    }
  }
  // endregion
}
