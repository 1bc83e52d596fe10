import CourseKit
import Foundation

/// How one network's speed stands against another's in one run: from the
/// median of their paired ratios (the other network's time over this one's),
/// the ratio of their medians, and the medians check of their timings
/// (``PairedTimings/passesMediansCheck``).
enum SpeedBand: Equatable {
  /// Both figures at least ``margin``.
  case faster
  /// Neither: the two figures are not both beyond ``margin`` on the same side.
  case aboutAsFast
  /// Both figures at most 1/``margin``.
  case slower
  /// The timings failed the medians check, or were not checked: they measure no per-pass cost to judge.
  case unsteady

  /// The factor either way within which two networks count as about as fast. Single paired ratios scatter (their
  /// middle half shows how much); the median of dozens of them moves far less (one unusual pair moves it only to the
  /// next ratio in sorted order), but still from run to run, so a smaller change is called neither faster nor slower.
  /// The factor is the chapter's choice, not a measured bound. A factor rather than a difference, so that swapping the
  /// two networks swaps "faster" and "slower" and leaves "about as fast" as it is.
  static let margin = 1.1

  /// The band of `speedup` (how many times as fast, pass for pass) and `ratioOfMedians`, judged only where
  /// `passesMediansCheck`. The check lets the two figures differ by up to ``PairedTimings/mediansCheckFactor``,
  /// more than the margin, so one of them alone could say "faster" beside medians that say "slower": a band
  /// beyond the margin needs both figures beyond it on the same side.
  init(speedup: Double, ratioOfMedians: Double, passesMediansCheck: Bool) {
    let figures = [speedup, ratioOfMedians]
    guard passesMediansCheck, figures.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      self = .unsteady
      return
    }
    self = figures.min()! >= Self.margin ? .faster : figures.max()! <= 1 / Self.margin ? .slower : .aboutAsFast
  }

  /// The band of one ratio that is not a comparison of timings (one speedup against another).
  init(ratio: Double) { self.init(speedup: ratio, ratioOfMedians: ratio, passesMediansCheck: true) }

  /// The band of a comparison recorded under `keys` (a check that was not recorded counts as failed).
  init(_ metrics: Metrics, _ keys: SpeedKeys) {
    self.init(speedup: metrics.number(keys.speedup), ratioOfMedians: metrics.number(keys.ratioOfMedians),
      passesMediansCheck: metrics[keys.check] == .flag(true))
  }

  /// Our int8 network against float32 at a batch of 256 (`suffix` "") or of one image ("_batch_1").
  static func int8(_ metrics: Metrics, suffix: String = "") -> SpeedBand { SpeedBand(metrics, .int8(suffix: suffix)) }

  /// The best int8 kernel against the scalar reference, on one image.
  static func integerInstructions(_ metrics: Metrics) -> SpeedBand { SpeedBand(metrics, .integerInstructions) }

  /// The 90 % sparse network against the unpruned one.
  static func sparse(_ metrics: Metrics) -> SpeedBand { SpeedBand(metrics, .sparse) }

  /// The network with half its filters against the unpruned one.
  static func structured(_ metrics: Metrics) -> SpeedBand { SpeedBand(metrics, .structured) }
}

/// The names of the metrics one comparison of paired timings is recorded under, shared by the section that times it
/// (``Metrics/record(_:under:)``) and the verdicts that read it (``SpeedBand``): a name spelt two ways would leave
/// every run's verdict "too unsteadily timed".
struct SpeedKeys {
  /// The median of the paired ratios, reference over candidate: how many times as fast the candidate was.
  let speedup: String
  /// The reference's median over the candidate's.
  let ratioOfMedians: String
  /// Whether the timings passed the medians check.
  let check: String

  /// Our int8 network against float32, at a batch of 256 (`suffix` "") or of one image ("_batch_1").
  static func int8(suffix: String = "") -> SpeedKeys {
    SpeedKeys(speedup: "int8_speedup\(suffix)", ratioOfMedians: "int8_ratio_of_medians\(suffix)", check: "int8_medians_check\(suffix)")
  }

  /// The best int8 kernel against the scalar reference, on one image: how many times as long the scalar reference took.
  static let integerInstructions = SpeedKeys(speedup: "int8_scalar_slowdown_batch_1",
    ratioOfMedians: "int8_scalar_ratio_of_medians_batch_1", check: "int8_scalar_medians_check_batch_1")
  /// The 90 % sparse network against the unpruned one, the same way up as the others: unpruned over sparse.
  static let sparse = SpeedKeys(speedup: "sparse_90_speedup", ratioOfMedians: "sparse_90_ratio_of_medians",
    check: "sparse_90_medians_check")
  /// The network with half its filters against the unpruned one: unpruned over thinner.
  static let structured = SpeedKeys(speedup: "structured_speedup", ratioOfMedians: "structured_ratio_of_medians",
    check: "structured_medians_check")
}

extension Metrics {
  /// Records `timings` (the reference in float32's place) under `keys`: the figures a ``SpeedBand`` is judged from.
  mutating func record(_ timings: PairedTimings, under keys: SpeedKeys) {
    record(keys.speedup, timings.speedup)
    record(keys.ratioOfMedians, timings.ratioOfMedians)
    record(keys.check, timings.passesMediansCheck)
  }
}
