import Autograd
import CourseKit
import Foundation
import Workloads

/// The allocator's tuning, measured where it cannot disturb the rest of the
/// run: this executable runs itself twice more as `engine allocator-probe
/// untuned|tuned STEPS`, each a process of its own that times W2's training
/// step and counts the page faults it takes. glibc's settings cannot be put
/// back once changed, and this run's own process was tuned at its start.
func allocatorTuning(_ chapter: ChapterRun) throws {
  chapter.section("The allocator")
  let steps = chapter.isQuick ? 1 : 40
  var results: [(String, MetricValue)] = []
  var figures: [String: (milliseconds: Double, faults: Double)] = [:]
  for mode in ["untuned", "tuned"] {
    let line = try runProbe(mode: mode, steps: steps)
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double],
      let milliseconds = object["step_milliseconds"], let faults = object["page_faults_per_step"]
    else { throw ChapterError("engine: the allocator probe printed no measurement (\(line)); run `engine allocator-probe tuned 3` to see why") }
    figures[mode] = (milliseconds, faults)
    results.append((mode, .object([("step_milliseconds", .number(milliseconds)), ("page_faults_per_step", .number(faults))])))
    chapter.say(mode + String(format: ": W2 step %.2f ms, %.0f page faults a step", milliseconds, faults))
  }
  chapter.metrics.record("allocator_probe_steps", steps)
  chapter.metrics.record("allocator_probe_seconds", MetricValue.object(results))
  let (untuned, tuned) = (figures["untuned"]!, figures["tuned"]!)
  let comparison = timeComparison(tuned.milliseconds, to: untuned.milliseconds)
  // After "In this run,", in both editions.
  chapter.metrics.record("allocator_time_verdict",
    english: "tuned, a step took \(comparison) untuned, "
      + String(format: "with %.0f page faults a step against %.0f", tuned.faults, untuned.faults),
    chinese: comparison.chinese("调优后每一步", "未调优时")
      + String(format: "，每步缺页 %.0f 次，未调优时为 %.0f 次", tuned.faults, untuned.faults))
}

/// Runs this executable as the probe and returns the JSON line it printed.
private func runProbe(mode: String, steps: Int) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  process.arguments = [AllocatorProbe.command, mode, String(steps)]
  let output = Pipe()
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  do {
    try process.run()
  } catch {
    throw ChapterError("engine: cannot start the allocator probe (\(error.localizedDescription))")
  }
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ChapterError("engine: the allocator probe failed (exit \(process.terminationStatus)); run `engine allocator-probe \(mode) 3` to see why")
  }
  return String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
}

/// `engine allocator-probe untuned|tuned STEPS`: times W2's training step in
/// a fresh process, with or without ``ExecutionPolicy/tuneAllocator()``,
/// and prints the median step time and the minor page faults per step as one JSON line.
struct AllocatorProbe {
  static let command = "allocator-probe"
  let tuned: Bool
  let steps: Int

  /// The probe, if `arguments` ask for one.
  init?(arguments: [String]) {
    guard arguments.count == 4, arguments[1] == Self.command, ["tuned", "untuned"].contains(arguments[2]),
      let steps = Int(arguments[3]), steps >= 1
    else { return nil }
    (tuned, self.steps) = (arguments[2] == "tuned", steps)
  }

  func run() {
    // region: allocator-probe
    if tuned { ExecutionPolicy.tuneAllocator() }
    let step = BenchmarkTrainingStep(workload: .w2, batchCount: 2, random: RandomGenerator(seed: 1))
    for _ in 0..<2 { step.run() }
    let faultsBefore = minorPageFaults()
    let seconds = (0..<steps).map { _ in
      let start = DispatchTime.now().uptimeNanoseconds
      step.run()
      return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
    let faults = Double(minorPageFaults() - faultsBefore) / Double(steps)
    // endregion
    print("{\"step_milliseconds\": \(median(of: seconds) * 1e3), \"page_faults_per_step\": \(faults)}")
  }
}

/// The minor page faults of this process so far: each is a page the
/// operating system had to map in, zeroed, on first touch.
private func minorPageFaults() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return usage.ru_minflt
}
