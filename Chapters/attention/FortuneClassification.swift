import Autograd
import CourseKit
import Datasets
import Foundation

/// Fortunes from two of Debian's fortune files, each labelled by its file,
/// split once by the seed into training and test sets of equal classes.
struct FortunePairs {
  /// The two files, label 0 and label 1: Zippy the Pinhead's non sequiturs
  /// and stock phrases, short texts whose bytes alone tell them apart often,
  /// though not always (see the text).
  static let files = ["zippy", "platitudes"]
  /// Longer fortunes are cut to their first this many bytes.
  static let maximumLength = 128

  struct Example {
    let bytes: [Int]
    let label: Float
  }

  let train: [Example]
  let test: [Example]
  /// How many fortunes were longer than `maximumLength` and cut.
  let truncatedCount: Int

  // region: fortune-split
  /// The fortunes of one file: its text split at the lines that hold only `%`.
  static func fortunes(in text: [UInt8]) -> [[UInt8]] {
    var (fortunes, current) = ([[UInt8]](), [UInt8]())
    for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if line.elementsEqual([UInt8(ascii: "%")]) {
        if !current.isEmpty { fortunes.append(current) }
        current = []
      } else {
        current += current.isEmpty ? Array(line) : [UInt8(ascii: "\n")] + line
      }
    }
    if !current.isEmpty { fortunes.append(current) }
    return fortunes
  }
  // endregion

  /// Reads both files from `--data DIR` or Debian's fortunes folder, keeps as
  /// many fortunes of each as the smaller file has (chosen by the seed), and
  /// holds out a fifth of them for the test.
  static func load(_ chapter: ChapterRun, files: [String] = files) throws -> FortunePairs {
    let directory = chapter.dataDirectory(default: TextCorpus.fortunesDirectory.path)
    var generator = SplitMix64(seed: chapter.seed &+ 21)
    let perFile = try files.map { name in
      let path = directory.appendingPathComponent(name).path
      guard let contents = FileManager.default.contents(atPath: path) else {
        throw ChapterError(
          "\(path): cannot read the fortune file the classifier needs; install it with "
            + "`sudo apt-get install fortunes`, or pass --data DIR with files named \(files.joined(separator: " and "))")
      }
      let fortunes = Self.fortunes(in: [UInt8](contents))
      return shuffledIndices(count: fortunes.count, using: &generator).map { fortunes[$0] }
    }
    let count = perFile.map(\.count).min() ?? 0
    guard count >= 10 else {
      throw ChapterError("\(directory.path): the files \(files.joined(separator: " and ")) hold too few fortunes "
        + "(\(count)) to train and test a classifier; pass --data DIR with larger ones")
    }
    let all = perFile.enumerated().flatMap { label, fortunes in
      fortunes.prefix(count).map { Example(bytes: $0.prefix(maximumLength).map(Int.init), label: Float(label)) }
    }
    let truncated = perFile.flatMap { $0.prefix(count) }.filter { $0.count > maximumLength }.count
    let order = shuffledIndices(count: all.count, using: &generator)
    let testCount = all.count / 5
    return FortunePairs(
      train: order.dropFirst(testCount).map { all[$0] }, test: order.prefix(testCount).map { all[$0] },
      truncatedCount: truncated)
  }

  /// `examples` as one padded batch: their bytes row by row, padded with 0
  /// to the longest, and their lengths.
  static func batch(_ examples: some Collection<Example>) -> (bytes: [Int], lengths: [Int], time: Int) {
    let lengths = examples.map(\.bytes.count)
    let time = lengths.max() ?? 0
    return (examples.flatMap { $0.bytes + Array(repeating: 0, count: time - $0.bytes.count) }, lengths, time)
  }
}
