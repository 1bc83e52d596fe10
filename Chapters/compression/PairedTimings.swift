import CourseKit

/// Passes of a float32 and an int8 network timed in turn, one pair at a time,
/// and whether their figures measure a per-pass cost at all (the medians check).
///
/// The speedup is the median of the paired ratios (each float32 pass over the
/// int8 pass of its turn). It need not equal the ratio of the two medians, but
/// when passes are steady the two agree. At least half of the int8 passes took
/// at most their median and as many float32 passes at least theirs, so when the
/// two figures are far apart some passes took a small fraction of their median
/// and others many times it: such passes measure no per-pass cost, and neither
/// figure is a speedup to state (the chapter's "PyTorch's int8, side by side").
///
/// The sides are named for int8 against float32; the scalar reference against
/// the best kernel, and the unpruned network against a pruned one, are paired
/// and checked the same way, the reference side in float32's place.
struct PairedTimings {
  /// How far apart, as a factor, the ratio of the medians and the median of the
  /// paired ratios may be for the timings to pass the check. Steady passes on a
  /// loaded machine stay within a few percent (both sides' batch-256 figures);
  /// passes that swing between a fast and a slow mode land far outside it.
  static let mediansCheckFactor = 1.25

  /// How many times its fastest pass a network's third-quartile pass may take.
  /// Two figures can agree and still measure nothing: when the machine holds up
  /// both networks alike, a 0.3 ms pass takes 50 ms in most turns (PyTorch's
  /// batch of one under a load of 10), and both medians move together. The
  /// fastest pass is the one least held up, so three passes in four within this
  /// factor of it is what steady means here, however many passes were held up.
  static let steadinessFactor = 2.0

  /// Milliseconds of each float32 pass, and of the int8 pass of the same turn.
  let floatMilliseconds: [Double], int8Milliseconds: [Double]

  /// Pairs of passes; both lists have the same nonzero length.
  init(floatMilliseconds: [Double], int8Milliseconds: [Double]) {
    precondition(!floatMilliseconds.isEmpty && floatMilliseconds.count == int8Milliseconds.count,
      "PairedTimings needs as many int8 passes as float32 passes, at least one: "
        + "\(floatMilliseconds.count) and \(int8Milliseconds.count)")
    (self.floatMilliseconds, self.int8Milliseconds) = (floatMilliseconds, int8Milliseconds)
  }

  var floatMedian: Double { median(of: floatMilliseconds) }
  var int8Median: Double { median(of: int8Milliseconds) }
  /// Each float32 pass over the int8 pass of its turn, sorted.
  var sortedRatios: [Double] { zip(floatMilliseconds, int8Milliseconds).map { $0 / $1 }.sorted() }
  /// The median of the paired ratios: how many times as fast int8 was, pass for pass.
  var speedup: Double { median(of: sortedRatios) }
  /// The first and third quartiles of the paired ratios, as many ratios outside them on each side (a quick run's
  /// four passes show their middle two, not the second and the largest).
  var quartiles: [Double] {
    let ratios = sortedRatios
    return [ratios[ratios.count / 4], ratios[Self.thirdQuartileIndex(ratios.count)]]
  }
  /// The float32 median over the int8 median.
  var ratioOfMedians: Double { floatMedian / int8Median }

  /// Whether the timings measure a per-pass cost: the ratio of the medians and the median of the paired
  /// ratios agree within ``mediansCheckFactor``, and each network's third-quartile pass took at most
  /// ``steadinessFactor`` times its fastest.
  var passesMediansCheck: Bool {
    Self.agree(ratioOfMedians: ratioOfMedians, medianRatio: speedup)
      && Self.isSteady(floatMilliseconds) && Self.isSteady(int8Milliseconds)
  }

  /// Whether the third quartile of `milliseconds` is within ``steadinessFactor`` of the fastest.
  static func isSteady(_ milliseconds: [Double]) -> Bool { spread(milliseconds) <= steadinessFactor }

  /// The third quartile of `milliseconds` over the fastest (infinite when the fastest is 0).
  static func spread(_ milliseconds: [Double]) -> Double {
    let sorted = milliseconds.sorted()
    let (fastest, third) = (sorted[0], sorted[thirdQuartileIndex(sorted.count)])
    return fastest > 0 ? third / fastest : .infinity
  }

  /// The index of the third quartile among `count` sorted values: as far from the end as the first quartile,
  /// `count / 4`, is from the start, so that at least three values in four are at most it.
  static func thirdQuartileIndex(_ count: Int) -> Int { count - 1 - count / 4 }

  /// Each network's third-quartile pass over its fastest.
  var passSpreads: (float: Double, int8: Double) { (Self.spread(floatMilliseconds), Self.spread(int8Milliseconds)) }

  /// The medians check on its two figures.
  static func agree(ratioOfMedians: Double, medianRatio: Double) -> Bool {
    guard ratioOfMedians > 0, medianRatio > 0, ratioOfMedians.isFinite, medianRatio.isFinite else { return false }
    return max(ratioOfMedians, medianRatio) / min(ratioOfMedians, medianRatio) <= mediansCheckFactor
  }
}
