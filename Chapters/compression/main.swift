import ArgumentParser
import Autograd
import CourseKit
import Foundation

/// Chapter 8: chapter 4's CNN made smaller and faster: where its bytes and
/// time go, magnitude and structured pruning, int8 quantization with integer
/// kernels, distillation into a small student, and the int8 model on disk.
struct CompressionChapter: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "compression",
    abstract: "Chapter 8: pruning, int8 quantization (integer kernels on AVX2 or AVX-512 VNNI) and distillation "
      + "of chapter 4's CNN on Fashion-MNIST, with the int8 model saved in safetensors.")

  /// Epochs of the teacher when the chapter trains it itself: chapter 4's five.
  static let defaultEpochs = 5

  @OptionGroup var options: ChapterOptions

  @Option(help: ArgumentHelp(
    "Chapter 4's trained network to compress (default: .build/course/cnn/checkpoint.safetensors when a full cnn run "
      + "left one; otherwise, and with --quick unless this is given, the chapter trains it with chapter 4's recipe).",
    valueName: "checkpoint"))
  var teacher: String?

  func run(_ chapter: ChapterRun) throws {
    // PyTorch, the data and the teacher first: what is missing or wrong stops the run before any work.
    try requirePyTorchIfAsked(chapter)
    let data = try FashionData.load(chapter)
    let teacher = try obtainTeacher(chapter, data: data, requested: teacher)
    try measureCosts(chapter, model: teacher, data: data)
    try pruneByMagnitude(chapter, teacher: teacher, data: data)
    try pruneFilters(chapter, teacher: teacher, data: data)
    let int8 = try quantize(chapter, teacher: teacher, data: data)
    try saveInt8Model(chapter, teacher: teacher, int8: int8, data: data)
    try comparePyTorchInt8(chapter, floatWeights: chapter.stagedOutput(named: "model-float32.safetensors"), data: data)
    try distill(chapter, teacher: teacher, data: data)
    articleCheck(chapter)
  }
}

CompressionChapter.main()
