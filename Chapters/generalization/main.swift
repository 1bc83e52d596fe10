import ArgumentParser
import Autograd
import CourseKit
import Datasets
import Foundation

/// Chapter 5: training, validation and test sets; overfitting made visible;
/// early stopping, L2 and weight decay, dropout, augmentation and more data,
/// each measured against the same baseline over seeds; what choosing on the
/// test set does; optimizers, learning rate and batch size; ROC and AUC.
struct GeneralizationChapter: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "generalization",
    abstract: "Chapter 5: overfitting and its remedies (early stopping, L2 and weight decay, dropout, augmentation, "
      + "more data) measured over seeds on Fashion-MNIST, choosing on validation, optimizers, ROC and AUC.")

  /// Epochs of the baseline on its 1,000 images: enough for the gap to open wide.
  static let defaultEpochs = 40

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    // The data first: a missing or damaged file stops the run before any work, with the file's name.
    let data = try GeneralizationData.load(chapter)
    let (model, history) = try overfitTheBaseline(chapter, data: data)
    stopEarly(chapter, history: history)
    try learningCurves(chapter, data: data)
    decayAgainstPenalty(chapter)
    dropoutAtWork(chapter)
    countAugmentedVersions(chapter, data: data)
    let baseline = try compareRemedies(chapter, data: data, mainRun: history)
    try augmentTheCNN(chapter, data: data, mlpBaseline: baseline)
    try measureOptimism(chapter, baseline: baseline, testCount: data.test.count)
    try crossValidation(chapter, data: data)
    try optimizationChoices(chapter, data: data)
    try evaluateBeyondAccuracy(chapter, model: model, test: data.test)
  }
}

GeneralizationChapter.main()
