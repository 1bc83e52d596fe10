import Autograd
import Datasets
import Foundation

// What the two text chapters (the LSTM and the Transformer) share, so that
// they are measured and sampled the same way and can be compared fairly.

/// Bits per character from a mean cross-entropy in nats.
///
/// A model that spreads its bet evenly over `v` symbols scores `log2(v)`
/// bits; one that always knows the next byte scores 0.
///
///     bitsPerCharacter(fromNats: log(2))  // 1.0
public func bitsPerCharacter(fromNats loss: Double) -> Double {
  loss / log(2)
}

/// The mean bits per character of `model` over every position of every
/// window, computed `chunkSize` windows at a time without recording gradients.
///
/// The sum is kept in `Double`, as the peers do, so that 257,664 positions
/// add up without losing the last digits.
///
/// - Parameter logits: The model's logits, shaped `[windows × length, vocabulary]`,
///   for a batch of windows given as input ids and the batch shape `[windows, length]`.
/// - Complexity: One forward pass over the windows.
public func bitsPerCharacter(
  over windows: TextWindows, chunkSize: Int = 256,
  logits: (_ inputs: [Int], _ shape: [Int]) -> Tensor
) -> Double {
  withoutGradient {
    var totalNats = 0.0
    for start in stride(from: 0, to: windows.count, by: chunkSize) {
      let indices = Array(start..<min(start + chunkSize, windows.count))
      let batch = windows.batch(at: indices)
      let chunkLogits = logits(batch.inputs, [indices.count, windows.length])
      let meanLoss = chunkLogits.crossEntropy(targets: batch.targets).scalars[0]
      totalNats += Double(meanLoss) * Double(batch.targets.count)
    }
    return bitsPerCharacter(fromNats: totalNats / Double(windows.count * windows.length))
  }
}

// region: sample-token
/// A token drawn from the distribution `softmax(logits / temperature)`.
///
/// A temperature below 1 sharpens the distribution toward the likeliest
/// token (safe, repetitive text); above 1 it flattens it (inventive text with
/// more spelling errors); 0 means always the likeliest token.
///
///     let next = sampleToken(fromLogits: logits, temperature: 0.5, using: random)
///
/// - Complexity: O(vocabulary size).
public func sampleToken(fromLogits logits: [Float], temperature: Double, using random: RandomGenerator) -> Int {
  precondition(!logits.isEmpty, "sampleToken: the logits are empty")
  precondition(temperature >= 0, "sampleToken: the temperature must be at least 0, not \(temperature)")
  let largest = logits.max()!
  if temperature == 0 { return logits.firstIndex(of: largest)! }
  // Subtracting the largest logit keeps exp from overflowing; it cancels in the normalisation.
  let weights = logits.map { exp(Double($0 - largest) / temperature) }
  var threshold = Double(random.nextUniform()) * weights.reduce(0, +)
  for (token, weight) in weights.enumerated() {
    threshold -= weight
    if threshold < 0 { return token }
  }
  return weights.lastIndex(where: { $0 > 0 })!
}
// endregion
