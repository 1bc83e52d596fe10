import Autograd
import Foundation
import Testing

@testable import CourseKit

/// A chapter that only reports, through its exit status, whether the
/// allocator was tuned by the time its `run` started.
private struct AllocatorProbe: ChapterCommand {
  static let defaultEpochs = 1
  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    let tuned = ExecutionPolicy.isAllocatorTuned
    try? FileManager.default.removeItem(at: chapter.outputDirectory)
    Foundation.exit(tuned ? 0 : 3)
  }
}

@Suite("Chapter runtime: allocator")
struct AllocatorTuningTests {
  #if os(Linux)
  /// Every chapter runs with freed buffers kept in the process: CourseKit
  /// tunes the allocator before the chapter starts (the core no longer does
  /// it when a tensor is created). In a process of its own, whose allocator
  /// nothing else has tuned.
  @Test func aChapterStartsWithTheAllocatorTuned() async {
    await #expect(processExitsWith: .success) {
      let out = FileManager.default.temporaryDirectory.appendingPathComponent("allocator-probe-\(getpid())")
      guard !ExecutionPolicy.isAllocatorTuned else { exit(2) }
      var probe = try AllocatorProbe.parse(["--quick", "--out", out.path])
      try probe.run()
    }
  }
  #endif
}
