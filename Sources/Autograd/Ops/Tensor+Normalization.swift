// Layer normalization and dropout.

extension Tensor {
  /// Normalizes each vector along the last axis to mean 0 and variance 1,
  /// then scales it by `gamma` and shifts it by `beta` (as PyTorch's
  /// `LayerNorm`, with the biased variance):
  ///
  ///     y = (x − mean) / √(variance + ε) · gamma + beta
  ///
  /// - Parameters:
  ///   - gamma: The scale, of shape [lastDimension].
  ///   - beta: The shift, of shape [lastDimension].
  ///   - epsilon: Added to the variance so a constant vector does not divide by 0.
  /// - Returns: A tensor of the same shape.
  /// - Complexity: O(n) in each direction: the backward pass computes the
  ///   gradients of the input, gamma and beta together, in one pass over the
  ///   rows, from the mean and 1/√(variance + ε) saved by the forward pass.
  public func layerNorm(gamma: Tensor, beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
    check(rank >= 1, "layerNorm: needs at least one axis, got shape \(shape)")
    let features = shape[rank - 1]
    check(
      gamma.shape == [features] && beta.shape == [features],
      "layerNorm: gamma \(gamma.shape) and beta \(beta.shape) must both have shape [\(features)] for input \(shape)")
    let rows = features == 0 ? 0 : scalarCount / features
    var means = [Float](repeating: 0, count: rows)
    var inverseDeviations = [Float](repeating: 0, count: rows)
    var result = Tensor(shape: shape) { output in
      withUnsafeScalars { input in
        gamma.withUnsafeScalars { gamma in
          beta.withUnsafeScalars { beta in
            for row in 0..<rows {
              let x = input.baseAddress! + row * features
              let y = output.baseAddress! + row * features
              let mean = RowKernel.sum(x, count: features) / Float(features)
              // Two passes (center, then square) keep the variance accurate
              // when the mean is large compared with the spread.
              for index in 0..<features { y[index] = x[index] - mean }
              let variance = RowKernel.sumOfProducts(y, y, count: features) / Float(features)
              let inverseDeviation = 1 / (variance + epsilon).squareRoot()
              for index in 0..<features { y[index] = y[index] * inverseDeviation * gamma[index] + beta[index] }
              means[row] = mean
              inverseDeviations[row] = inverseDeviation
            }
          }
        }
      }
    }
    if Tensor.shouldRecord([self, gamma, beta]) {
      let (input, scale) = (self.detached(), gamma.detached())
      let needs = (input: requiresGradient, gamma: gamma.requiresGradient, beta: beta.requiresGradient)
      let (means, inverseDeviations) = (means, inverseDeviations)
      result.record("layerNorm", inputs: [self, gamma, beta]) { gradient in
        let (inputGradient, gammaGradient, betaGradient) = Tensor.layerNormBackward(
          gradient, input, scale, means, inverseDeviations, needsInput: needs.input)
        return [inputGradient, needs.gamma ? gammaGradient : nil, needs.beta ? betaGradient : nil]
      }
    }
    return result
  }

  /// The gradients of layer normalization, with x̂ = (x − mean)·s the
  /// normalized input (s = 1/√(variance + ε)) and ĝ = g ⊙ gamma:
  ///
  ///     dbeta  = Σ_rows g
  ///     dgamma = Σ_rows g ⊙ x̂
  ///     dx     = s · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂))   (means along the row)
  static func layerNormBackward(
    _ gradient: Tensor, _ input: Tensor, _ gamma: Tensor, _ means: [Float], _ inverseDeviations: [Float],
    needsInput: Bool
  ) -> (input: Tensor?, gamma: Tensor, beta: Tensor) {
    let features = gamma.scalarCount
    let rows = means.count
    var gammaGradient = Tensor.zeros([features])
    var betaGradient = Tensor.zeros([features])
    var inputGradient = Tensor(shape: needsInput ? input.shape : [0], repeating: 0)
    gradient.withUnsafeScalars { gradient in
      input.withUnsafeScalars { input in
        gamma.withUnsafeScalars { gamma in
          gammaGradient.withUnsafeMutableScalars { dGamma in
            betaGradient.withUnsafeMutableScalars { dBeta in
              inputGradient.withUnsafeMutableScalars { dInput in
                // Scratch rows for x̂ and ĝ.
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * features) { scratch in
                  let normalized = scratch.baseAddress!
                  let scaledGradient = normalized + features
                  for row in 0..<rows {
                    let g = gradient.baseAddress! + row * features
                    let x = input.baseAddress! + row * features
                    let (mean, inverseDeviation) = (means[row], inverseDeviations[row])
                    for index in 0..<features {
                      let xHat = (x[index] - mean) * inverseDeviation
                      normalized[index] = xHat
                      scaledGradient[index] = g[index] * gamma[index]
                      dGamma[index] += g[index] * xHat
                      dBeta[index] += g[index]
                    }
                    guard needsInput else { continue }
                    let meanGradient = RowKernel.sum(scaledGradient, count: features) / Float(features)
                    let meanProduct = RowKernel.sumOfProducts(scaledGradient, normalized, count: features) / Float(features)
                    let dx = dInput.baseAddress! + row * features
                    for index in 0..<features {
                      dx[index] = inverseDeviation * (scaledGradient[index] - meanGradient - normalized[index] * meanProduct)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return (needsInput ? inputGradient : nil, gammaGradient, betaGradient)
  }
}

// MARK: - Dropout

extension Tensor {
  /// Inverted dropout: while training, sets each element to 0 with
  /// probability `rate` and scales the others by 1 / (1 − rate), so the
  /// expected value of every element is unchanged and evaluation needs no
  /// rescaling. When not training, or when `rate` is 0, returns this tensor.
  ///
  ///     let y = x.dropout(rate: 0.1, training: true, using: random)
  ///
  /// - Parameters:
  ///   - rate: The probability of dropping an element, in [0, 1].
  ///   - training: Whether to drop; evaluation passes `false`.
  ///   - random: The source of the mask; the same seed drops the same elements.
  /// - Returns: A tensor of the same shape. The gradient flows through the
  ///   kept elements, scaled the same way.
  public func dropout(rate: Float, training: Bool, using random: RandomGenerator) -> Tensor {
    check((0...1).contains(rate), "dropout: rate \(rate) must be between 0 and 1 (input \(shape))")
    guard training && rate > 0 else { return self }
    // rate == 1 drops everything (as in PyTorch) instead of scaling by ∞.
    let scale = rate < 1 ? 1 / (1 - rate) : 0
    // region: dropout-mask
    // Each element's factor: 0 if dropped, `scale` if kept.
    let mask = [Float](unsafeUninitializedCapacity: scalarCount) { buffer, count in
      for index in 0..<scalarCount { buffer[index] = random.nextUniform() < rate ? 0 : scale }
      count = scalarCount
    }
    // endregion
    var result = Tensor(shape: shape) { output in
      withUnsafeScalars { input in
        mask.withUnsafeBufferPointer { mask in
          for index in 0..<output.count { output[index] = input[index] * mask[index] }
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      result.record("dropout", inputs: [self]) { gradient in
        [Tensor(shape: inputShape) { inputGradient in
          gradient.withUnsafeScalars { gradient in
            mask.withUnsafeBufferPointer { mask in
              for index in 0..<inputGradient.count { inputGradient[index] = gradient[index] * mask[index] }
            }
          }
        }]
      }
    }
    return result
  }
}
