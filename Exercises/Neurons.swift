// Chapter 1 — Neurons. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check neurons
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Use plain Swift arithmetic (`exp`, `log` from Foundation);
// no tensors needed here.

import Foundation

/// Exercise 1 — The logistic sigmoid: σ(z) = 1 / (1 + e^(−z)).
///
/// It must stay finite and correct for every z: σ(1000) is 1 and σ(−1000) is 0,
/// with no NaN on the way.
///
/// Hint: Foundation's `exp(-z)` is e^(−z). For z = −1000 it overflows to +∞, and 1 / (1 + ∞) is
/// exactly 0, so the formula as written holds; make sure whatever form you choose keeps that.
public func sigmoid(_ z: Double) -> Double {
  fatalError("not attempted")
}

/// Exercise 2 — The derivative of the sigmoid, dσ/dz, at z.
///
/// Hint: differentiate 1 / (1 + e^(−z)) and write the result in terms of σ(z) itself.
public func sigmoidDerivative(_ z: Double) -> Double {
  fatalError("not attempted")
}

/// Exercise 3 — One neuron's output: σ(w · x + b), with w · x = Σᵢ wᵢ xᵢ.
///
/// - Parameters:
///   - inputs: x, one value per input.
///   - weights: w, one weight per input (same count as `inputs`).
///   - bias: b.
///
/// Hint: compute the weighted sum z first (zip the two arrays), then squash it with your `sigmoid`.
public func neuronOutput(inputs: [Double], weights: [Double], bias: Double) -> Double {
  fatalError("not attempted")
}

/// Exercise 4 — The binary cross-entropy of predicted probabilities p against
/// labels y (each 0 or 1): L = −(1/m) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)].
///
/// Hint: both terms sit inside the sum and the minus sign covers both; article 000 misplaces the brackets.
public func binaryCrossEntropy(probabilities: [Double], labels: [Double]) -> Double {
  fatalError("not attempted")
}

/// Exercise 5 — One step of gradient descent for a single sigmoid neuron
/// trained with binary cross-entropy on a batch of examples.
///
/// For p = σ(w · x + b), the gradients of the mean loss are
/// ∂L/∂w = (1/m) Σᵢ (pᵢ − yᵢ) xᵢ and ∂L/∂b = (1/m) Σᵢ (pᵢ − yᵢ).
/// Return the new weights and bias after w ← w − η ∂L/∂w, b ← b − η ∂L/∂b.
///
/// Hint: compute every pᵢ with the *current* weights before changing any of them.
public func gradientDescentStep(
  inputs: [[Double]], labels: [Double], weights: [Double], bias: Double, learningRate: Double
) -> (weights: [Double], bias: Double) {
  fatalError("not attempted")
}
