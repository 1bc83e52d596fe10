import Foundation

// MARK: - Binary cross-entropy

extension Tensor {
  /// The mean binary cross-entropy between the sigmoid of these logits and
  /// labels in [0, 1]: the mean of −y·log σ(z) − (1 − y)·log(1 − σ(z)).
  ///
  ///     let logits = Tensor(shape: [2], scalars: [0, 2])
  ///     logits.binaryCrossEntropy(labels: [1, 0])  // (0.6931 + 2.1269) / 2
  ///
  /// Computed from the logit, never from the probability: the loss is
  /// softplus(z) − y·z with softplus(z) = max(z, 0) + log(1 + e^(−|z|)), so
  /// a logit of ±100, whose sigmoid rounds to exactly 0 or 1 in floats,
  /// still gives a finite loss and a gradient. The backward is
  /// (σ(z) − y) / n, the logistic gradient.
  ///
  /// - Parameter labels: One label per logit, in order (any shape of logits).
  /// - Returns: A rank-0 tensor, the mean loss.
  /// - Complexity: O(n), one exponential per logit in each direction.
  public func binaryCrossEntropy(labels: [Float]) -> Tensor {
    check(
      labels.count == scalarCount && scalarCount > 0,
      "binaryCrossEntropy: logits of shape \(shape) hold \(scalarCount) values, but \(labels.count) labels were given")
    check(
      labels.allSatisfy { (0...1).contains($0) },
      "binaryCrossEntropy: labels should lie in [0, 1] (logits of shape \(shape))")
    let count = scalarCount
    var total: Double = 0
    withUnsafeScalars { logits in
      for (z, y) in zip(logits, labels) {
        let softplus = Swift.max(z, 0) + log1pf(expf(-abs(z)))
        total += Double(softplus - y * z)
      }
    }
    var result = Tensor(Float(total / Double(count)))
    if Tensor.shouldRecord(self) {
      let logits = self.detached()
      result.record("binaryCrossEntropy", inputs: [self]) { gradient in
        let scale = gradient.scalar / Float(count)
        let logitsGradient = Tensor(shape: logits.shape) { slot in
          logits.withUnsafeScalars { z in
            for index in slot.indices {
              slot[index] = (1 / (1 + expf(-z[index])) - labels[index]) * scale
            }
          }
        }
        return [logitsGradient]
      }
    }
    return result
  }
}
