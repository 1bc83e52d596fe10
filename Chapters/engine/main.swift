import ArgumentParser
import Autograd
import CourseKit
import Foundation

/// Chapter 9: how the core is made fast. Every figure is measured by this
/// run, on the machine it meets: the workloads against the machine's peak,
/// sgemm's transpose flags, convolution three ways, pieces and two cores,
/// fused kernels, subnormal numbers, the allocator, the key/value cache, and
/// PyTorch beside us where it is installed.
struct Engine: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "engine",
    abstract: "Chapter 9: how the core is made fast, measured: the cost model, sgemm, convolutions, threads, fused kernels, the cache.")

  /// The chapter trains nothing: its one "epoch" is the timing of the four workloads' steps.
  static let defaultEpochs = 1

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    // It times random batches: a data folder or a checkpoint would be silently ignored.
    if let data = options.data {
      throw ChapterError("--data \(data): the engine chapter reads no data set (it times random batches); run it without --data")
    }
    if options.resume {
      throw ChapterError("--resume: the engine chapter trains no model and keeps no checkpoint; run it without --resume")
    }
    try requirePyTorchIfAsked(chapter)
    let rates = try costModel(chapter)
    let costModelFinished = DispatchTime.now().uptimeNanoseconds
    try chapter.stopIfInterrupted()
    transposeFlags(chapter)
    convolutionMethods(chapter)
    tiledProducts(chapter)
    try chapter.stopIfInterrupted()
    productPieces(chapter)
    twoCores(chapter, rates: rates, costModelFinished: costModelFinished)
    try chapter.stopIfInterrupted()
    fusedKernels(chapter)
    subnormals(chapter)
    try allocatorTuning(chapter)
    try chapter.stopIfInterrupted()
    keyValueCache(chapter)
    try pytorchSideBySide(chapter, rates: rates)
  }
}

// The allocator's measurement runs this executable again, in a process of
// its own, so that glibc's settings there cannot change the rest of the run.
if let probe = AllocatorProbe(arguments: CommandLine.arguments) {
  probe.run()
} else {
  Engine.main()
}
