// Chapter 5 — Generalization. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check generalization
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Plain Swift arrays and Foundation's `sqrt` and `pow` are all you need.

import Foundation

/// Exercise 1 — A validation split that keeps every class's share: from each
/// class, hold out its first round(fraction × that class's count) images, in
/// the order they appear (`.rounded()`, which rounds halves away from zero).
///
/// Labels [0, 0, 1, 0, 1, 1, 1, 0] with fraction 0.5: class 0 sits at 0, 1,
/// 3, 7 and gives 0, 1; class 1 sits at 2, 4, 5, 6 and gives 2, 4; the result
/// is [0, 1, 2, 4].
///
/// Hint: group the positions by label first; then take a prefix of each
/// group, and return all of them sorted in increasing order.
public func stratifiedHeldOut(labels: [Int], fraction: Double) -> [Int] {
  fatalError("not attempted")
}

/// Exercise 2 — Inverted dropout of one layer's activations with a given
/// mask (`keep[i]` false: element i is dropped). While training, a dropped
/// element becomes 0 and a kept one is divided by 1 − rate, so every
/// element keeps its expected value; in evaluation the layer is the identity.
///
/// [2, 4, 6] with keep [true, false, true], rate 0.5, training: [4, 0, 12];
/// the same in evaluation: [2, 4, 6].
///
/// Hint: the scaling happens at training time only, which is what "inverted"
/// means: the network at test time needs no change at all.
public func invertedDropout(_ values: [Double], keep: [Bool], rate: Double, training: Bool) -> [Double] {
  fatalError("not attempted")
}

/// Exercise 3 — One AdamW step for one weight p with gradient g at step t
/// (counting from 1), β₁ = 0.9, β₂ = 0.999, ε = 1e-8:
///
///     p ← p − lr · wd · p                      (decoupled weight decay, first)
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// Returns [p, m, v] after the step. The decay never enters m or v: that is
/// the difference from Adam with an L2 penalty, which adds wd·p to g.
///
/// Hint: shrink p first, then update the moments from g alone, then take the Adam step from the shrunk p.
public func adamWStep(
  parameter: Double, gradient: Double, firstMoment: Double, secondMoment: Double, step: Int,
  learningRate: Double, weightDecay: Double
) -> [Double] {
  fatalError("not attempted")
}

/// Exercise 4 — Early stopping with patience: given the validation loss
/// after each epoch (epoch 1 first), training stops after the first epoch
/// that is `patience` epochs past the best loss so far (an equal loss is no
/// improvement), and keeps the best epoch's weights. Returns
/// [kept epoch, last epoch trained], both counted from 1; with no stop, the
/// last epoch trained is the last one given.
///
/// Losses [1.0, 0.8, 0.9, 0.85, 0.95, 0.7] with patience 3: the best is
/// epoch 2, and epoch 5 is 3 past it: [2, 5].
///
/// Hint: keep the index of the best loss so far; at each epoch, first update it
/// (strictly smaller only), then stop if the distance to it has reached patience.
public func earlyStoppingEpochs(validationLosses: [Double], patience: Int) -> [Int] {
  fatalError("not attempted")
}

/// Exercise 5 — The area under the ROC curve of `scores` for a yes/no
/// question (`isPositive`), computed as what it means: the share of
/// (positive, negative) pairs in which the positive scores higher, a tie
/// counting one half.
///
/// Scores [0.9, 0.4, 0.4, 0.1] for [true, true, false, false]: of the four
/// pairs, three are ranked right and one is a tie, so 3.5 / 4 = 0.875.
///
/// Hint: two nested loops, over the positives and over the negatives; the
/// number of pairs is (number of positives) × (number of negatives).
public func areaUnderROC(scores: [Double], isPositive: [Bool]) -> Double {
  fatalError("not attempted")
}
