import CourseKit
import Datasets
import Foundation

/// The fortunes text cut into 64-byte windows: what the character model
/// trains on (the first 90%) and is measured on (the last 10%).
struct FortunesText {
  let corpus: TextCorpus
  let training: TextWindows
  let validation: TextWindows

  /// The text from `--data` (Debian's fortunes by default). A quick run keeps
  /// 128 training and 32 validation windows.
  static func load(_ chapter: ChapterRun) throws -> FortunesText {
    let corpus = try TextCorpus.loadFortunes(from: chapter.dataDirectory(default: TextCorpus.fortunesDirectory.path))
    var (training, validation) = (corpus.trainingWindows(), corpus.validationWindows())
    if chapter.isQuick {
      (training, validation) = (training.prefix(128), validation.prefix(32))
    }
    chapter.metrics.record("text_bytes", corpus.bytes.count)
    chapter.metrics.record("text_files", corpus.files.count)
    chapter.metrics.record("vocabulary_size", corpus.vocabularySize)
    chapter.metrics.record("train_windows", training.count)
    chapter.metrics.record("validation_windows", validation.count)
    chapter.say("\(corpus.bytes.count) bytes from \(corpus.files.count) files, \(corpus.vocabularySize) distinct; "
      + "\(training.count) training and \(validation.count) validation windows of \(training.length) bytes.")
    return FortunesText(corpus: corpus, training: training, validation: validation)
  }
}
