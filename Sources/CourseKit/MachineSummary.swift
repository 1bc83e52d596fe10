import Autograd
import Foundation

/// What machine a run happened on, for `metrics.json`: timings mean little
/// without it.
struct MachineSummary {
  let processor: ProcessorSummary
  let cores: Int
  let matrixThreads: Int
  let operatingSystem: String

  static var current: MachineSummary {
    MachineSummary(
      processor: .current, cores: ProcessInfo.processInfo.activeProcessorCount, matrixThreads: ExecutionPolicy.threadCount,
      operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString)
  }

  var metricValue: MetricValue {
    .object([
      ("processor", .text(processor.modelName)), ("cores", .integer(cores)), ("matrix_threads", .integer(matrixThreads)),
      ("os", .text(operatingSystem)), ("cpu", processor.metricValue),
    ])
  }
}

/// The one-minute load average of the machine, from /proc/loadavg (0 if unavailable):
/// other jobs on the two cores slow an epoch down, so chapters report it with their timings.
public func currentLoadAverage() -> Double {
  guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
    let first = text.split(separator: " ").first, let value = Double(first)
  else { return 0 }
  return value
}
