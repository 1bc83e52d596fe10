import Foundation

/// A learning rate that rises linearly from 0 to a peak, then follows half a
/// cosine down to a minimum: the usual schedule for training Transformers.
///
/// With peak η, minimum η_min, warmup length W and total length T, the rate
/// at step s (counting from 0) is
///
///     η · s / W                                        for s < W
///     η_min + (η − η_min) · ½ · (1 + cos(π · p))       for W ≤ s < T, with p = (s − W) / (T − W)
///     η_min                                            for s ≥ T
///
/// so it is 0 at step 0, η at step W, (η + η_min) / 2 halfway through the
/// decay, and reaches η_min at step T.
///
///     let schedule = WarmupCosineSchedule(peak: 1e-3, minimum: 1e-5, warmupSteps: 100, totalSteps: 5_000)
///     optimizer.learningRate = schedule.learningRate(atStep: optimizer.stepCount)
///     optimizer.step()
///
/// Driven by ``Optimizer/stepCount`` as above, the very first update uses a
/// rate of 0, as with PyTorch's `LambdaLR` or Hugging Face's
/// `get_cosine_schedule_with_warmup`.
public struct WarmupCosineSchedule: Sendable, Equatable {
  /// The rate at the end of the warmup, the highest of the schedule.
  public var peak: Float
  /// The rate at and after `totalSteps`.
  public var minimum: Float
  /// The number of steps of the linear warmup (0 for none).
  public var warmupSteps: Int
  /// The step at which the decay reaches `minimum`.
  public var totalSteps: Int

  /// Creates the schedule.
  ///
  /// - Parameters:
  ///   - peak: the rate reached after the warmup.
  ///   - minimum: the final rate, ≤ peak (0 by default).
  ///   - warmupSteps: the length of the warmup, ≥ 0.
  ///   - totalSteps: the length of warmup and decay together, ≥ warmupSteps.
  public init(peak: Float, minimum: Float = 0, warmupSteps: Int, totalSteps: Int) {
    check(peak >= 0 && peak.isFinite, "WarmupCosineSchedule: peak \(peak) must be finite and ≥ 0")
    check(
      minimum >= 0 && minimum <= peak,
      "WarmupCosineSchedule: minimum \(minimum) must be between 0 and the peak \(peak)")
    check(warmupSteps >= 0, "WarmupCosineSchedule: warmupSteps \(warmupSteps) must be ≥ 0")
    check(
      totalSteps >= warmupSteps,
      "WarmupCosineSchedule: totalSteps \(totalSteps) must be ≥ warmupSteps \(warmupSteps)")
    self.peak = peak
    self.minimum = minimum
    self.warmupSteps = warmupSteps
    self.totalSteps = totalSteps
  }

  /// The learning rate at `step`, counting from 0.
  public func learningRate(atStep step: Int) -> Float {
    check(step >= 0, "WarmupCosineSchedule: step \(step) must be ≥ 0")
    if step < warmupSteps {
      return Float(Double(peak) * Double(step) / Double(warmupSteps))
    }
    if step >= totalSteps { return minimum }
    // Here warmupSteps ≤ step < totalSteps, so the denominator is positive.
    let progress = Double(step - warmupSteps) / Double(totalSteps - warmupSteps)
    let cosineFactor = 0.5 * (1 + cos(Double.pi * progress))
    return Float(Double(minimum) + (Double(peak) - Double(minimum)) * cosineFactor)
  }
}
