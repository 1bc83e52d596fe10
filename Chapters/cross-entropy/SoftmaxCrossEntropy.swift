import Autograd
import CourseKit
import Foundation

/// Rows of one-hot vectors: row i is 1 at `classes[i]` and 0 elsewhere.
func oneHot(_ classes: [Int], classCount: Int) -> Tensor {
  var scalars = [Float](repeating: 0, count: classes.count * classCount)
  for (row, target) in classes.enumerated() { scalars[row * classCount + target] = 1 }
  return Tensor(shape: [classes.count, classCount], scalars: scalars)
}

/// Section 3: softmax turns logits into probabilities; cross-entropy with it
/// has the gradient p − y, checked three ways.
func softmaxCrossEntropyGradient(_ chapter: ChapterRun) {
  chapter.section("Softmax, categorical cross-entropy and the gradient p − y")
  // region: softmax-gradient
  let targets = [3, 0, 9, 6]  // the true class of each of 4 examples
  let logits = Tensor.normal(shape: [4, 10], using: chapter.random).requiringGradient()
  let loss = logits.crossEntropy(targets: targets)  // the core's fused softmax + cross-entropy
  loss.backward()
  let p = logits.detached().softmax()
  let y = oneHot(targets, classCount: 10)
  let derived = (p - y) / Tensor(4)  // ∂L/∂z = (p − y)/m for the mean over m = 4 rows
  // endregion
  let formulaError = zip(logits.gradient!.scalars, derived.scalars).map { abs($0 - $1) }.max()!

  // region: unfused-cross-entropy
  // The loss spelled out, −(1/m) Σᵢ Σₖ yᵢₖ log pᵢₖ, one operation at a time.
  let spelledOut = logits.detached().requiringGradient()
  let unfusedLoss = -(y * spelledOut.logSoftmax()).sum() / Tensor(4)
  unfusedLoss.backward()
  // endregion
  let unfusedError = zip(spelledOut.gradient!.scalars, derived.scalars).map { abs($0 - $1) }.max()!
  let numeric = checkGradients(at: [logits.detached()]) { $0[0].crossEntropy(targets: targets) }
  // Each row of p − y sums to 1 − 1 = 0: raising every logit of a row by the same amount changes nothing.
  let error = p - y
  let rowSums = (0..<4).map { row in (0..<10).map { error[row, $0] }.reduce(0, +) }

  chapter.say(String(format: "loss: fused %.6f, spelled out %.6f", loss.scalar, unfusedLoss.scalar))
  chapter.say("largest |backward − (p − y)/m|: fused \(formulaError), spelled out \(unfusedError)")
  chapter.say("against finite differences: \(numeric)")
  chapter.say("row 1 (true class 3): p = \(format(p, row: 0)), gradient × m = \(format(derived * Tensor(4), row: 0))")
  chapter.metrics.record("softmax_loss_fused", loss.scalar)
  chapter.metrics.record("softmax_loss_unfused", unfusedLoss.scalar)
  chapter.metrics.record("softmax_gradient_formula_error", formulaError)
  chapter.metrics.record("softmax_gradient_unfused_error", unfusedError)
  chapter.metrics.record("softmax_gradient_numeric_error", numeric.maxAbsoluteError)
  chapter.metrics.record("softmax_gradient_check_passed", numeric.passed)
  chapter.metrics.record("softmax_gradient_row_sum_max", rowSums.map(abs).max()!)
  chapter.metrics.record("softmax_example_probabilities", (0..<10).map { p[0, $0] })
  chapter.metrics.record("softmax_example_true_class_gradient", derived[0, 3] * 4)
  // The wrong class the first example's logits favour most: the one its gradient lowers most.
  let favouredWrongClass = (0..<10).filter { $0 != targets[0] }.max { p[0, $0] < p[0, $1] }!
  chapter.metrics.record("softmax_example_favoured_wrong_class", favouredWrongClass)
  chapter.metrics.record("softmax_example_favoured_wrong_probability", p[0, favouredWrongClass])
}

private func format(_ tensor: Tensor, row: Int) -> String {
  "[" + (0..<tensor.shape[1]).map { String(format: "%.3f", tensor[row, $0]) }.joined(separator: ", ") + "]"
}

// region: naive-softmax
/// Softmax as the formula reads: pₖ = e^zₖ / Σⱼ e^zⱼ.
func naiveSoftmax(_ logits: [Float]) -> [Float] {
  let exponentials = logits.map { exp($0) }
  let total = exponentials.reduce(0, +)
  return exponentials.map { $0 / total }
}
// endregion

// region: stable-softmax
/// The same function with the largest logit subtracted first: the factor
/// e^−max cancels between numerator and denominator, and the largest
/// exponential is now e⁰ = 1, so the total lies in [1, n]: never 0, never ∞.
func stableSoftmax(_ logits: [Float]) -> [Float] {
  let largest = logits.max()!
  let exponentials = logits.map { exp($0 - largest) }
  let total = exponentials.reduce(0, +)
  return exponentials.map { $0 / total }
}

/// log Σⱼ e^zⱼ = c + log Σⱼ e^(zⱼ − c) with c = max z: the log-sum-exp trick.
func logSumExp(_ logits: [Float]) -> Float {
  let largest = logits.max()!
  return largest + log(logits.reduce(0) { $0 + exp($1 - largest) })
}

/// The cross-entropy of class k, −log pₖ = log Σⱼ e^zⱼ − zₖ, computed as
/// log Σⱼ e^(zⱼ − c) − (zₖ − c). The c cancels; subtracting it from zₖ before
/// the small logarithm joins in keeps that logarithm from being rounded away
/// next to a large c (which `logSumExp(z) − zₖ` does not).
func stableCrossEntropy(_ logits: [Float], target: Int) -> Float {
  let largest = logits.max()!
  let logTotal = log(logits.reduce(0) { $0 + exp($1 - largest) })
  return logTotal - (logits[target] - largest)
}
// endregion

/// Section 4: the log-sum-exp trick, computed both ways in Float.
func logSumExpTrick(_ chapter: ChapterRun) {
  chapter.section("The log-sum-exp trick")
  let largestExponent = log(Float.greatestFiniteMagnitude)
  // Below log(least normal) e^z is subnormal (fewer significant bits); it reaches 0 a little
  // below log(least nonzero), where rounding takes over: found by bisection on exp itself.
  let subnormalBelow = log(Float.leastNormalMagnitude)
  let zeroBelow = largestArgument(below: log(Float.leastNonzeroMagnitude)) { exp($0) == 0 }
  chapter.say("exp overflows Float beyond z = \(largestExponent), is subnormal below z = \(subnormalBelow) "
    + "and rounds to 0 at z = \(zeroBelow) and below")
  chapter.metrics.record("float_exp_overflow", largestExponent)
  chapter.metrics.record("float_exp_subnormal", subnormalBelow)
  chapter.metrics.record("float_exp_zero", zeroBelow)

  // One case that overflows e^z and one that underflows it, each with a target class.
  let cases: [(key: String, logits: [Float], target: Int)] = [
    ("large", [1000, 0], 1), ("negative", [-1000, -1001], 0), ("ordinary", [2, 1, 0.1], 0),
  ]
  for example in cases {
    // region: log-sum-exp-cases
    let naive = naiveSoftmax(example.logits)
    let naiveLoss = -log(naive[example.target])  // −log pₖ of the naive softmax
    let stable = stableSoftmax(example.logits)
    let stableLoss = stableCrossEntropy(example.logits, target: example.target)
    let coreLoss = Tensor(shape: [1, example.logits.count], scalars: example.logits)
      .crossEntropy(targets: [example.target]).scalar
    // endregion
    chapter.say("z = \(example.logits), class \(example.target): naive softmax \(naive.map(describe)), loss \(describe(naiveLoss)); "
      + "stable softmax \(stable), loss \(stableLoss); crossEntropy(targets:) \(coreLoss)")
    // JSON has no NaN or ∞, so the naive results are kept as text.
    // NaN and inf read the same on the Chinese pages.
    chapter.metrics.record("\(example.key)_naive_softmax", english: naive.map(describe), chinese: naive.map(describe))
    chapter.metrics.record("\(example.key)_naive_loss", english: describe(naiveLoss), chinese: describe(naiveLoss))
    chapter.metrics.record("\(example.key)_stable_softmax", stable)
    chapter.metrics.record("\(example.key)_stable_loss", stableLoss)
    chapter.metrics.record("\(example.key)_core_loss", coreLoss)
    // log Σ e^z first, then − zₖ: the same formula, rounded where c is large.
    chapter.metrics.record("\(example.key)_log_sum_exp_minus_logit", logSumExp(example.logits) - example.logits[example.target])
  }
}

/// The largest Float at or below `start` for which `holds` is true, by bisection,
/// given that `holds` is false at `start` and true for every Float far enough below it.
private func largestArgument(below start: Float, where holds: (Float) -> Bool) -> Float {
  var (low, high) = (start - 1, start)
  while !holds(low) { low -= 1 }
  // Invariant: holds(low), !holds(high). Stops when no Float lies between them.
  while low.nextUp < high {
    let middle = low + (high - low) / 2
    if holds(middle) { low = middle } else { high = middle }
  }
  return low
}

/// A Float as the text shows it: NaN and ±∞ by name (JSON has no such numbers).
private func describe(_ value: Float) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "∞" : "−∞" }
  return String(describing: value)
}
