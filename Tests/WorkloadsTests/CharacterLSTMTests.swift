import Autograd
import Testing
@testable import Workloads

/// The character model's input projection, looked up in the table E·W + b,
/// against the layers it stands for: an embedding followed by the LSTM.
@Suite struct CharacterLSTMTests {
  /// Logits and every parameter's gradient of one batch, from `logits`.
  private func lossAndGradients(
    _ model: CharacterLSTM, ids: [Int], shape: [Int], logits: (CharacterLSTM) -> Tensor
  ) -> (logits: [Float], gradients: [String: [Float]]) {
    model.clearGradients()
    let output = logits(model)
    let targets = ids.map { ($0 + 1) % model.embedding.table.shape[0] }
    output.crossEntropy(targets: targets).backward()
    let gradients = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.parameter.gradient?.scalars ?? []) })
    return (output.scalars, gradients)
  }

  /// A vocabulary of 7: more positions than that (15 positions, one window of 9, nine windows of 1)
  /// take the table the LSTM reads by id, fewer (2 positions) the per-position product. Ids repeat,
  /// and byte 6 is never read, so its embedding row's gradient is zero on both paths.
  @Test(arguments: [[3, 5], [1, 9], [9, 1], [1, 2]])
  func theTableLookupComputesWhatTheEmbeddingAndTheLSTMCompute(shape: [Int]) {
    let model = CharacterLSTM(vocabularySize: 7, embeddingSize: 4, hiddenSize: 6, random: RandomGenerator(seed: 3))
    let ids = (0..<shape.reduce(1, *)).map { ($0 * 5 + 2) % 6 }
    let viaTable = lossAndGradients(model, ids: ids, shape: shape) { $0(ids: ids, shape: shape) }
    let viaLayers = lossAndGradients(model, ids: ids, shape: shape) { model in
      let hidden = model.lstm(model.embedding(ids: ids, shape: shape))
      return model.readout(hidden.reshaped(to: [-1, model.lstm.cell.hiddenSize]))
    }
    #expect(viaTable.logits.count == shape.reduce(1, *) * 7)
    expectClose(viaTable.logits, viaLayers.logits)
    #expect(Set(viaTable.gradients.keys) == Set(viaLayers.gradients.keys))
    for (name, gradient) in viaLayers.gradients {
      // One step from h_0 = 0 gives U no gradient (δU = h_0ᵀ·δz_1); every other parameter has one.
      let hasGradient = gradient.contains { $0 != 0 } || (name == "lstm.recurrentWeight" && shape[1] == 1)
      #expect(!gradient.isEmpty && hasGradient, "\(name) has no gradient")
      expectClose(viaTable.gradients[name] ?? [], gradient, name)
    }
  }

  private func expectClose(
    _ actual: [Float], _ expected: [Float], _ name: String = "logits", sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, "\(name): \(actual.count) values against \(expected.count)", sourceLocation: sourceLocation)
    let worst = zip(actual, expected).map { abs($0 - $1) / max(1e-3, abs($1)) }.max() ?? 0
    #expect(worst < 1e-4, "\(name): relative difference \(worst)", sourceLocation: sourceLocation)
  }
}
