// Chapter 3 — Cross-entropy and the MLP. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check cross-entropy
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Plain Swift arrays of Double and Foundation's `exp` and
// `log` are all you need.

import Foundation

/// Exercise 1 — The log-softmax of a vector of logits z, computed stably:
/// log pₖ = zₖ − log Σⱼ e^(zⱼ) for every k.
///
/// It must stay finite and correct for logits of any size: [1000, 0] gives
/// [0, −1000], and [−1000, −1001] gives about [−0.3133, −1.3133], with no NaN
/// or infinity on the way (e^1000 overflows a Double, e^(−1000) underflows to 0).
///
/// Hint: subtract the largest logit m first: log Σⱼ e^(zⱼ) = m + log Σⱼ e^(zⱼ − m),
/// and the largest term of that sum is e⁰ = 1.
public func stableLogSoftmax(_ logits: [Double]) -> [Double] {
  fatalError("not attempted")
}

/// Exercise 2 — The cross-entropy of one example and its gradient with respect
/// to the logits: loss = −log softmax(z)[target], and
/// ∂loss/∂zₖ = pₖ − yₖ, where p = softmax(z) and y is 1 at `target`, 0 elsewhere.
///
/// Both must be right for extreme logits too: z = [1000, 0] with target 1 has
/// loss 1000 and gradient [1, −1].
///
/// Hint: start from your `stableLogSoftmax`; the loss is minus one of its
/// entries, and exp of a log-probability is the probability pₖ.
public func softmaxCrossEntropy(logits: [Double], target: Int) -> (loss: Double, gradient: [Double]) {
  fatalError("not attempted")
}

/// Exercise 3 — The confusion matrix of a classifier: `counts[t][p]` is the
/// number of examples of true class t that were predicted as class p.
///
/// - Parameters:
///   - predictions: the predicted class of each example, in `0..<classCount`.
///   - labels: the true class of each example (as many as `predictions`).
///   - classCount: the number of classes; the matrix is classCount × classCount.
///
/// Hint: start from a matrix of zeros and add 1 to one cell per example; rows are true classes.
public func confusionMatrix(predictions: [Int], labels: [Int], classCount: Int) -> [[Int]] {
  fatalError("not attempted")
}

/// Exercise 4 — Accuracy, and per-class precision, recall and F1, from a
/// confusion matrix C (rows: true class, columns: predicted class).
///
/// - accuracy = Σₖ C[k][k] / Σ C (all cells)
/// - precisionₖ = C[k][k] / Σₜ C[t][k] (of the examples predicted k, the share that are k)
/// - recallₖ = C[k][k] / Σₚ C[k][p] (of the examples of class k, the share predicted k)
/// - F1ₖ = 2·precisionₖ·recallₖ / (precisionₖ + recallₖ)
///
/// A ratio whose denominator is 0 (a class never predicted, or never present)
/// counts as 0, and so does F1 when precision + recall is 0: no NaN.
///
/// Hint: precision reads a column, recall a row; guard each division.
public func classificationScores(
  confusion: [[Int]]
) -> (accuracy: Double, precision: [Double], recall: [Double], f1: [Double]) {
  fatalError("not attempted")
}

/// Exercise 5 — One step of Adam (Kingma & Ba 2015) with β₁ = 0.9,
/// β₂ = 0.999 and ε = 1e-8, for parameters w with gradients g, at step s
/// (the chapter's symbols):
///
///     mₛ = β₁·mₛ₋₁ + (1 − β₁)·g
///     vₛ = β₂·vₛ₋₁ + (1 − β₂)·g²
///     m̂ₛ = mₛ / (1 − β₁ˢ),  v̂ₛ = vₛ / (1 − β₂ˢ)
///     w ← w − lr · m̂ₛ / (√v̂ₛ + ε)
///
/// - Parameters:
///   - parameters: w before the step.
///   - gradients: g, one per parameter.
///   - firstMoment: mₛ₋₁, the m before the step (zeros before the first step).
///   - secondMoment: vₛ₋₁, the v before the step (zeros before the first step).
///   - step: s, counting from 1 for the first step.
///   - learningRate: lr.
/// - Returns: w, mₛ and vₛ after the step.
///
/// Hint: update m and v first, then correct their bias with the step number s;
/// on the first step every parameter moves by almost exactly lr, whatever the size of its gradient.
public func adamStep(
  parameters: [Double], gradients: [Double], firstMoment: [Double], secondMoment: [Double],
  step: Int, learningRate: Double
) -> (parameters: [Double], firstMoment: [Double], secondMoment: [Double]) {
  fatalError("not attempted")
}
