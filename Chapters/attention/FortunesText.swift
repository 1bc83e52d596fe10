import CourseKit
import Datasets
import Foundation

/// The fortunes text, cut into the 64-byte windows both text chapters train on.
struct FortunesText {
  let corpus: TextCorpus
  /// The training windows: all 36,234, or the first 128 with `--quick`.
  let train: TextWindows
  /// The validation windows: all 4,026, or the first 32 with `--quick`.
  let validation: TextWindows

  /// Loads the text from `--data DIR`, or from Debian's `fortunes` packages.
  ///
  /// A missing folder or a text too short for one window ends the chapter
  /// with the loader's one-line message, which names the folder and the fix.
  static func load(_ chapter: ChapterRun) throws -> FortunesText {
    chapter.section("The data")
    let directory = chapter.dataDirectory(default: TextCorpus.fortunesDirectory.path)
    let corpus = try TextCorpus.loadFortunes(from: directory)
    let (train, validation) = (corpus.trainingWindows(), corpus.validationWindows())
    let text = FortunesText(
      corpus: corpus,
      train: chapter.isQuick ? train.prefix(128) : train,
      validation: chapter.isQuick ? validation.prefix(32) : validation)
    chapter.say("\(corpus.bytes.count) bytes from \(corpus.files.count) files in \(directory.path), "
      + "\(corpus.vocabularySize) distinct; \(text.train.count) training and \(text.validation.count) validation "
      + "windows of \(train.length) bytes.")
    chapter.metrics.record("corpus_bytes", corpus.bytes.count)
    chapter.metrics.record("vocabulary_size", corpus.vocabularySize)
    chapter.metrics.record("train_windows", text.train.count)
    chapter.metrics.record("validation_windows", text.validation.count)
    chapter.metrics.record("window_length", train.length)
    return text
  }
}

/// Text for one line of metrics or a figure label: line breaks shown as ↵,
/// tabs as →, other control characters as their pictures (␈ for a backspace),
/// so that a sample never carries a byte that moves a terminal's cursor or
/// that a page cannot show. A byte that is not UTF-8 stays U+FFFD (�).
func printable(_ bytes: [UInt8]) -> String {
  String(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar -> Character in
    switch scalar.value {
    case 0x0A: "↵"
    case 0x09: "→"
    case 0..<0x20: Character(Unicode.Scalar(0x2400 + scalar.value)!)
    case 0x7F: "␡"
    default: Character(scalar)
    }
  })
}
