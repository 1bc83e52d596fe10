import CourseKit
import Foundation

/// How one network's speed stands against another's in one run: from the
/// median of their paired ratios (the other network's time over this one's)
/// and the medians check of their timings (``PairedTimings/passesMediansCheck``).
enum SpeedBand: Equatable {
  /// At least ``margin`` times as fast.
  case faster
  /// Within a factor of ``margin`` either way.
  case aboutAsFast
  /// At most 1/``margin`` times as fast.
  case slower
  /// The timings failed the medians check, or were not checked: they measure no per-pass cost to judge.
  case unsteady

  /// The factor either way within which two networks count as about as fast. One run's paired ratios move with
  /// the machine's load by several percent (the same float32 pass takes a different time in each section of the
  /// chapter), so a smaller change is called neither faster nor slower. A factor rather than a difference, so
  /// that swapping the two networks swaps "faster" and "slower" and leaves "about as fast" as it is.
  static let margin = 1.1

  /// The band of `speedup` (how many times as fast, pass for pass), judged only where `passesMediansCheck`.
  init(speedup: Double, passesMediansCheck: Bool) {
    guard passesMediansCheck, speedup.isFinite, speedup > 0 else {
      self = .unsteady
      return
    }
    self = speedup >= Self.margin ? .faster : speedup <= 1 / Self.margin ? .slower : .aboutAsFast
  }

  /// The band of a speedup recorded under `speedupKey`, its timings' check under `checkKey` (absent: unchecked).
  init(_ metrics: Metrics, speedup speedupKey: String, check checkKey: String) {
    self.init(speedup: metrics.number(speedupKey), passesMediansCheck: metrics[checkKey] == .flag(true))
  }

  /// Our int8 network against float32 at a batch of 256 (`suffix` "") or of one image ("_batch_1").
  static func int8(_ metrics: Metrics, suffix: String = "") -> SpeedBand {
    SpeedBand(metrics, speedup: "int8_speedup\(suffix)", check: "int8_medians_check\(suffix)")
  }

  /// The best int8 kernel against the scalar reference, on one image.
  static func integerInstructions(_ metrics: Metrics) -> SpeedBand {
    SpeedBand(metrics, speedup: "int8_scalar_slowdown_batch_1", check: "int8_scalar_medians_check_batch_1")
  }

  /// The 90 % sparse network against the dense one (its ratio is recorded the other way up: sparse over dense).
  static func sparse(_ metrics: Metrics) -> SpeedBand {
    SpeedBand(speedup: 1 / metrics.number("sparse_90_time_ratio"), passesMediansCheck: metrics["sparse_90_medians_check"] == .flag(true))
  }

  /// The network with half its filters against the full one.
  static func structured(_ metrics: Metrics) -> SpeedBand {
    SpeedBand(metrics, speedup: "structured_speedup", check: "structured_medians_check")
  }
}
