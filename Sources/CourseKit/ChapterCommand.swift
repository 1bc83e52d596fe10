import ArgumentParser
import Autograd
import Foundation

/// A chapter's executable: the chapter contract's flags, outputs and error
/// handling around the chapter's own `run(_:)`.
///
///     @main
///     struct Neurons: ChapterCommand {
///       static let configuration = CommandConfiguration(commandName: "neurons", abstract: "…")
///       static let defaultEpochs = 1000
///       @OptionGroup var options: ChapterOptions
///
///       func run(_ chapter: ChapterRun) throws {
///         chapter.say("Hello")
///         chapter.metrics.record("answer", 42)
///       }
///     }
public protocol ChapterCommand: ParsableCommand {
  /// Epochs of a full run, when neither `--epochs` nor `--quick` is given.
  static var defaultEpochs: Int { get }
  /// The parsed chapter flags (declare it with `@OptionGroup`).
  var options: ChapterOptions { get }
  /// The chapter itself.
  func run(_ chapter: ChapterRun) throws
}

extension ChapterCommand {
  /// The slug is the command name: the executable's product name.
  public static var slug: String { configuration.commandName ?? String(describing: Self.self).lowercased() }

  public mutating func run() throws {
    // Before the first tensor: every training step reuses the memory of the last.
    ExecutionPolicy.tuneAllocator()
    let chapter: ChapterRun
    do {
      chapter = try ChapterRun(slug: Self.slug, defaultEpochs: Self.defaultEpochs, options: options)
    } catch {
      Self.exit(withError: error)
    }
    Interruption.install()
    do {
      try run(chapter)
      // Ctrl-C after training (in a part that does not check for it): stop before writing anything.
      try chapter.stopIfInterrupted()
      try chapter.finish()
    } catch {
      chapter.abandon()
      Self.exit(withError: error)
    }
  }
}

/// Notices Ctrl-C, so that training can stop between two steps and say how
/// to resume, instead of dying with half-written outputs.
enum Interruption {
  private static let requested = SignalFlag()

  static func install() {
    signal(SIGINT) { _ in Interruption.requested.set() }
    signal(SIGTERM) { _ in Interruption.requested.set() }
    // A process inherits its parent's blocked signals: started by a parent
    // that blocks SIGINT (test runners do), Ctrl-C would never arrive.
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
  }

  static var wasRequested: Bool { requested.isSet }
}

/// A flag a signal handler may set: one atomic word.
final class SignalFlag: @unchecked Sendable {
  private let word = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
  init() { word.initialize(to: 0) }
  func set() { word.pointee = 1 }
  var isSet: Bool { word.pointee != 0 }
}
