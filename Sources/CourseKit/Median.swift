import Foundation

/// The middle value of `values`, or the mean of the two middle values of an
/// even count (for two epochs' times, their mean; not the larger one).
///
///     median(of: [3, 1, 2])     // 2
///     median(of: [4, 1, 3, 2])  // 2.5
///
/// - Precondition: `values` is not empty.
/// - Complexity: O(*n* log *n*), for sorting a copy of `values`.
public func median(of values: [Double]) -> Double {
  precondition(!values.isEmpty, "median(of:) needs at least one value")
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

/// The median wall-clock seconds of `repetitions` runs of `body`, after one
/// run to warm up (first touches of memory, OpenBLAS's buffers) when there
/// are several: a single run (`--quick`) is not a measurement to refine.
public func medianSeconds(repetitions: Int, _ body: () -> Void) -> Double {
  if repetitions > 1 { body() }
  let seconds = (0..<repetitions).map { _ in
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  }
  return median(of: seconds)
}
