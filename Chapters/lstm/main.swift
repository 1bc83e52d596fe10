import ArgumentParser
import Autograd
import CourseKit
import Datasets
import Foundation

/// Chapter 6: from the plain recurrent network to the LSTM, the vanishing
/// gradient that motivates it, and article 001's Embedding-LSTM(128)-Dense
/// character model trained on the fortunes text, then sampled at three
/// temperatures.
struct LSTMChapter: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "lstm",
    abstract: "Chapter 6: recurrent networks and the LSTM, vanishing gradients, and a character-level "
      + "Embedding-LSTM(128)-Dense model trained with Adam on the fortunes text and sampled with temperature.")

  /// Epochs of the character model: enough for recognisable words in the
  /// samples while the whole run stays near two minutes.
  static let defaultEpochs = 8

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    // The data first: a missing text stops the run before any work, with the folder's name.
    let text = try FortunesText.load(chapter)
    recurrenceByHand(chapter)
    let (model, initialCell) = try trainCharacterModel(chapter, text: text)
    initializationAblation(chapter, text: text)
    try generateSamples(chapter, model: model, text: text)
    try vanishingGradients(chapter, model: model, initialCell: initialCell, text: text)
    profileTrainingStep(chapter, text: text)
    articleCheck(chapter, model: model, text: text)
  }
}

LSTMChapter.main()
