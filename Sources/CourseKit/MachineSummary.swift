import Autograd
import Foundation

/// What machine a run happened on, for `metrics.json`: timings mean little
/// without it.
struct MachineSummary {
  let processor: String
  let cores: Int
  let matrixThreads: Int
  let operatingSystem: String

  static var current: MachineSummary {
    let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    return MachineSummary(
      processor: model, cores: ProcessInfo.processInfo.activeProcessorCount, matrixThreads: matrixThreadCount,
      operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString)
  }

  var metricValue: MetricValue {
    .object([
      ("processor", .text(processor)), ("cores", .integer(cores)), ("matrix_threads", .integer(matrixThreads)),
      ("os", .text(operatingSystem)),
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
