import ArgumentParser
import Autograd
import CourseKit
import Datasets
import Foundation

/// Chapter 3: where cross-entropy comes from, why its gradient is so simple,
/// how to compute it without overflowing, and the article's 784-64-64-10
/// network trained with it on Fashion-MNIST.
struct CrossEntropyChapter: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "cross-entropy",
    abstract: "Chapter 3: binary and categorical cross-entropy, their gradients, the log-sum-exp trick, "
      + "and a 784-64-64-10 network trained with Adam on Fashion-MNIST.")

  /// Epochs of the 784-64-64-10 network: the article's `epochs=10`.
  static let defaultEpochs = 10

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    // The data first: a missing or damaged file stops the run before any work, with the file's name.
    let data = try FashionData.load(chapter)
    try binaryCrossEntropyFromLikelihood(chapter, data: data)
    softmaxCrossEntropyGradient(chapter)
    logSumExpTrick(chapter)
    let testLogits = try trainClassifier(chapter, data: data)
    try seedSpread(chapter, data: data)
    try analyzeTestErrors(chapter, testLogits: testLogits, test: data.test)
    articleCheck(chapter, data: data)
  }
}

CrossEntropyChapter.main()
