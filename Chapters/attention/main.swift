import ArgumentParser
import Autograd
import CourseKit
import Datasets
import Foundation

/// Chapter 6: scaled dot-product attention from first principles (the √d_k,
/// the softmax, the causal mask, heads, positions), the pre-LayerNorm block,
/// the W4 character Transformer trained on the fortunes text beside
/// chapter 5's LSTM, and article 003 §5's sequence classifier.
struct AttentionChapter: ChapterCommand {
  static let configuration = CommandConfiguration(
    commandName: "attention",
    abstract: "Chapter 6: scaled dot-product attention, multi-head causal self-attention and a two-block "
      + "pre-LayerNorm character Transformer trained with AdamW on the fortunes text, against chapter 5's LSTM; "
      + "then article 003's sequence classifier (padding mask, pooling) on which of two fortune files a fortune comes from.")

  /// Epochs of the Transformer (and of the LSTM it is compared with): the peers' two.
  static let defaultEpochs = 2

  @OptionGroup var options: ChapterOptions

  func run(_ chapter: ChapterRun) throws {
    // The data first: a missing folder stops the run before any work, with the folder's name.
    let text = try FortunesText.load(chapter)
    let fortunePairs = try FortunePairs.load(chapter)
    attentionByHand(chapter)
    let model = try trainTransformer(chapter, text: text)
    try sampleText(chapter, model: model, text: text)
    try studyContextRules(chapter, model: model, text: text)
    try drawAttentionHeatmaps(chapter, model: model, text: text)
    profileStep(chapter, text: text)
    try compareWithLSTM(chapter, text: text)
    try classifyFortunes(chapter, data: fortunePairs)
    articleCheck(chapter)
  }
}

AttentionChapter.main()
