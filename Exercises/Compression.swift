// Chapter 8 — Compression: pruning, int8 quantization and distillation. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check compression
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Plain Swift arrays and integers; no tensors needed here.

import Foundation

/// Exercise 1 — The magnitude-pruning mask: 0 for each of the round(fraction ·
/// count) weights of smallest magnitude |w|, 1 for the others. Two weights of
/// the same magnitude are removed in order of position (the earlier first).
///
/// [0.5, −0.1, 0.3, 0.05] removing 0.5 gives [1, 0, 1, 0].
///
/// Hint: sort the positions by (|w|, position) and zero the first ones.
public func magnitudeMask(_ weights: [Double], removing fraction: Double) -> [Int] {
  fatalError("not attempted")
}

/// Exercise 2 — Symmetric per-channel weight scales: the weight matrix is
/// given as rows `weights[k][j]` (k an input, j an output channel); channel
/// j's scale is its largest |w| over 127, so that its largest weight becomes
/// level ±127. A channel of zeros gets scale 1.
///
/// [[0.5, −0.01], [−1.27, 0.02]] gives [0.01, 0.02 / 127].
///
/// Hint: one maximum per column, not per row, and not one for the whole matrix.
public func perChannelScales(_ weights: [[Double]]) -> [Double] {
  fatalError("not attempted")
}

/// Exercise 3 — Quantize: each value's level q = round(x / scale), rounded to
/// the nearest integer with ties to the even one (2.5 → 2, 3.5 → 4, as the
/// processor rounds), then clamped to lowest…highest.
///
/// [0.26, −1, 5] with scale 0.01 and levels 0…127 gives [26, 0, 127].
///
/// Hint: Swift's `(x / scale).rounded(.toNearestOrEven)`; clamp after rounding.
public func quantizeLevels(_ values: [Double], scale: Double, lowest: Int, highest: Int) -> [Int] {
  fatalError("not attempted")
}

/// Exercise 4 — The int8 dot product: Σ activations[k] · weights[k] with the
/// activations unsigned bytes (0…255) and the weights signed (−128…127), added
/// exactly as a 32-bit integer would hold it.
///
/// [255, 255] · [127, 127] is 64,770, more than a 16-bit sum can hold.
///
/// Hint: widen each byte to Int32 (or Int) before multiplying; `Int32(a) * Int32(w)`.
public func int8DotProduct(_ activations: [UInt8], _ weights: [Int8]) -> Int {
  fatalError("not attempted")
}

/// Exercise 5 — Requantize one output of a quantized layer: the int32 sum
/// of level products stands for s_x · s_w · sum; add the bias, and express
/// the result in levels of the output scale, rounded (ties to even) and
/// clamped to 0…127 (the clamp at 0 is the ReLU):
///
///     q = clamp(round((s_x · s_w · sum + bias) / s_y), 0, 127)
///
/// sum 1000 with s_x = 0.01, s_w = 0.02, bias 0.1 and s_y = 0.005 gives 60.
///
/// Hint: compute in Double, round once at the end, then clamp.
public func requantizedLevel(
  sum: Int, inputScale: Double, weightScale: Double, bias: Double, outputScale: Double
) -> Int {
  fatalError("not attempted")
}

/// Exercise 6 — The distillation loss of a batch (rows are images):
///
///     α · T² · mean_i CE(softmax(teacher_i / T), softmax(student_i / T))
///       + (1 − α) · mean_i CE(labels_i, softmax(student_i))
///
/// where CE(p, q) = −Σ_c p_c log q_c, and CE(label, q) = −log q_label.
///
/// With one image, student = teacher = [0, 0], label 0, T = 2 and α = 0.5:
/// 0.5 · 4 · log 2 + 0.5 · log 2 = 2.5 · log 2 ≈ 1.733.
///
/// Hint: divide the logits by T before both softmaxes of the soft term, but
/// not in the label term; subtract each row's largest logit before exponentiating.
public func distillationLoss(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  fatalError("not attempted")
}
