import ArgumentParser
import Autograd

/// The course's command-line tool: benchmarks now; exercises, chapters and
/// the website as they arrive.
@main
struct Course: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "course",
    abstract: help("Run, check and benchmark the Swift deep-learning course.", "运行、检查和测量这门 Swift 深度学习课程。"),
    subcommands: [
      ListCommand.self, RunCommand.self, CheckCommand.self, WatchCommand.self, HintCommand.self, LintCommand.self, Bench.self,
      SiteCommand.self,
    ]
  )

  /// Tunes the allocator as every chapter does (`course bench` times
  /// training steps; see `ExecutionPolicy.tuneAllocator()`), then runs the command.
  static func main() {
    ExecutionPolicy.tuneAllocator()
    main(nil)
  }
}
