import ArgumentParser
import Autograd
import CourseKit
import Datasets
import Foundation

/// Chapter 4: convolution from first principles (1-D, 2-D, padding, stride,
/// channels), im2col and the backward passes of conv2d and max pooling, and
/// article 004's Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10 network
/// trained on Fashion-MNIST, against chapter 3's MLP.
struct ConvolutionChapter: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "cnn",
    abstract: "Chapter 4: convolution, im2col, the backward passes of conv2d and max pooling, and a small CNN "
      + "(Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10) trained with Adam on Fashion-MNIST.")

  /// Epochs of the CNN: the article's `epochs=5`.
  static let defaultEpochs = 5

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    // The data first: a missing or damaged file stops the run before any work, with the file's name.
    let data = try FashionImages.load(chapter)
    slidingWindows(chapter)
    patchesAndGradients(chapter)
    let model = try trainConvolutionalNetwork(chapter, data: data)
    profileLayers(chapter, data: data)
    let testLogits = classLogits(of: model, for: data.test)
    try analyzeTestErrors(chapter, testLogits: testLogits, test: data.test)
    try inspectNetwork(chapter, model: model, test: data.test)
    try compareWithMultilayerPerceptron(chapter, data: data, cnnPredictions: testLogits.argmaxLastAxis())
    articleCheck(chapter, data: data)
  }
}

ConvolutionChapter.main()
