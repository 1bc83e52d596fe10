import Autograd
import Foundation
import Testing
import Workloads

/// `course bench workloads` as a user runs it: its JSON line, and its refusal of bad flags.
@Suite struct WorkloadBenchTests {
  /// The `course` executable that `swift test` built next to this test bundle.
  static let course: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("course").path), directory.path != "/" {
      directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("course")
  }()

  static func runCourse(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = course
    process.arguments = arguments
    let (output, errors) = (Pipe(), Pipe())
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
  }

  @Test func jsonHoldsThePeakAndEachWorkloadsRateAndFraction() throws {
    let run = try Self.runCourse(["bench", "workloads", "--json", "--steps", "1", "--peak-size", "64"])
    #expect(run.status == 0, "\(run.errors)")
    let line = try #require(run.output.split(separator: "\n").last)
    let figures = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double])
    let workloads = Workload.all()
    let perWorkload = ["mflop_per_step", "step_ms", "halves_step_ms", "gflops", "peak_fraction"]
    // The tiled kernel's peak is timed only in builds whose default uses it.
    let kernelPeaks = ["sgemm_peak_gflops"] + (ExecutionPolicy.ProductKernel.automaticUsesTiled ? ["tiled_peak_gflops"] : [])
    let expected = ["load_average", "peak_gflops"] + kernelPeaks
      + workloads.flatMap { workload in perWorkload.map { "\(workload.name)_\($0)" } }
    #expect(Set(figures.keys) == Set(expected))
    let peak = try #require(figures["peak_gflops"])
    #expect(peak > 0 && peak.isFinite)
    // The peak is the faster kernel's.
    #expect(peak == kernelPeaks.compactMap { figures[$0] }.max())
    for workload in workloads {
      let name = workload.name
      #expect(figures["\(name)_mflop_per_step"] == (Double(workload.productCount.trainingFLOPs) / 1e3).rounded() / 1e3)
      let (whole, halves) = (figures["\(name)_step_ms"] ?? 0, figures["\(name)_halves_step_ms"] ?? 0)
      #expect(whole > 0 && halves > 0)
      // The rate is the faster way's; the JSON holds three decimals of each figure.
      let rate = (figures["\(name)_mflop_per_step"] ?? 0) / min(whole, halves)
      #expect(abs((figures["\(name)_gflops"] ?? 0) - rate) <= 0.002 + rate * 1e-3, "\(name)")
      #expect(abs((figures["\(name)_peak_fraction"] ?? 0) - rate / peak) <= 0.002, "\(name)")
    }
  }

  @Test func anUnknownWorkloadIsRefusedByName() throws {
    let run = try Self.runCourse(["bench", "workloads", "--only", "w1,w9"])
    #expect(run.status != 0)
    #expect(run.errors.contains("--only: no workload 'w9'"))
    #expect(!run.output.contains("peak_gflops"))
  }
}
