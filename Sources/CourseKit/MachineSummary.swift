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
