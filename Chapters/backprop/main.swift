import ArgumentParser
import Autograd
import CourseKit
import Foundation

/// Chapter 2: backpropagation derived by hand for a two-layer network,
/// rebuilt as a scalar autograd engine, checked against the tensor core, the
/// Swift compiler and finite differences, and the articles' formulas tested.
struct Backprop: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "backprop",
    abstract: "Chapter 2: backpropagation by hand, a scalar autograd engine, gradients checked five ways.")

  /// Epochs of the hand-written training on the XOR clouds.
  static let defaultEpochs = 100

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    computationGraph(chapter)
    let example = WorkedExample(random: chapter.random)
    gradientComparison(chapter, example: example)
    backwardCost(chapter)
    articleCheck(chapter, example: example)
    let norms = try handWrittenTraining(chapter)
    try gradientMagnitudes(chapter, training: norms)
  }
}

Backprop.main()
