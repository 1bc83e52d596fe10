/// What a gradient check found: the largest disagreement between the
/// gradients from ``Tensor/backward(seed:)`` and from finite differences.
public struct GradientCheckResult: CustomStringConvertible {
  /// The largest |analytic − numeric| over every element of every input.
  public let maxAbsoluteError: Double
  /// Where the worst disagreement (relative to the tolerance) is.
  public let worstInput: Int
  public let worstIndex: Int
  public let worstAnalytic: Double
  public let worstNumeric: Double
  /// Whether every element satisfied |analytic − numeric| ≤ absoluteTolerance + relativeTolerance·|numeric|.
  public let passed: Bool

  public var description: String {
    let verdict = passed ? "passed" : "FAILED"
    return "gradient check \(verdict): max |analytic - numeric| = \(maxAbsoluteError); worst at input \(worstInput), "
      + "element \(worstIndex): analytic \(worstAnalytic), numeric \(worstNumeric)"
  }
}

/// Compares the gradients that backward computes for `function` with central
/// finite differences, (f(x + h) − f(x − h)) / 2h, element by element.
///
///     let result = checkGradients(at: [Tensor.normal(shape: [3, 4], using: random)]) { inputs in
///       inputs[0].tanh()
///     }
///     #expect(result.passed, "\(result)")
///
/// A scalar result (a loss) is checked as it is. A function with a
/// non-scalar result is checked through the scalar
/// Σ result ⊙ R, with R a fixed random tensor, so every output element
/// takes part with its own weight. That sum is accumulated in Float64, which
/// leaves the Float32 rounding of `function` itself as the main source of
/// error: about 1e-7·|f| / h. With the default h = 1e-2 that is far below
/// the default tolerances (1e-3 absolute plus 1e-2 relative), while the
/// truncation error, about h²·f‴/6, stays small for smooth functions of
/// inputs of moderate size. Keep inputs away from kinks (relu at 0, max
/// with ties), where no finite difference is meaningful.
///
/// - Parameters:
///   - inputs: The points at which to check; all of them are differentiated.
///   - step: The finite-difference step h.
///   - absoluteTolerance: Allowed error on top of the relative part.
///   - relativeTolerance: Allowed error as a fraction of |numeric|.
///   - function: The function to check; it must be deterministic.
/// - Returns: The comparison; ``GradientCheckResult/passed`` tells the verdict.
/// - Complexity: 2·(total input elements) + 1 evaluations of `function`.
public func checkGradients(
  at inputs: [Tensor], step: Float = 1e-2,
  absoluteTolerance: Double = 1e-3, relativeTolerance: Double = 1e-2,
  of function: ([Tensor]) -> Tensor
) -> GradientCheckResult {
  let variables = inputs.map { $0.detached().requiringGradient() }
  let output = function(variables)
  // A scalar result is compared as it is, so the reported errors are those of its own gradient.
  let projection = output.scalarCount == 1
    ? Tensor.ones(output.shape)
    : Tensor.uniform(shape: output.shape, in: -1...1, using: RandomGenerator(seed: 7))
  (output * projection).sum().backward()

  func projectedValue(_ point: [Tensor]) -> Double {
    let value = withoutGradient { function(point) }
    return zip(value.scalars, projection.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }

  var maxAbsoluteError = 0.0
  var worst = (input: 0, index: 0, analytic: 0.0, numeric: 0.0, ratio: -1.0)
  for (inputIndex, variable) in variables.enumerated() {
    let analytic = variable.gradient ?? Tensor.zeros(variable.shape)
    for elementIndex in 0..<variable.scalarCount {
      var point = inputs.map { $0.detached() }
      let original = point[inputIndex].scalars[elementIndex]
      point[inputIndex].scalars[elementIndex] = original + step
      let plus = projectedValue(point)
      point[inputIndex].scalars[elementIndex] = original - step
      let minus = projectedValue(point)
      // The step actually taken, after Float32 rounding of x ± h.
      let width = Double(original + step) - Double(original - step)
      let numeric = (plus - minus) / width
      let exact = Double(analytic.scalars[elementIndex])
      let error = abs(exact - numeric)
      maxAbsoluteError = max(maxAbsoluteError, error)
      let ratio = error / (absoluteTolerance + relativeTolerance * abs(numeric))
      if ratio > worst.ratio { worst = (inputIndex, elementIndex, exact, numeric, ratio) }
    }
  }
  return GradientCheckResult(
    maxAbsoluteError: maxAbsoluteError, worstInput: worst.input, worstIndex: worst.index,
    worstAnalytic: worst.analytic, worstNumeric: worst.numeric, passed: worst.ratio <= 1)
}
