import Foundation

/// A text as a sequence of byte ids, for character-level language models:
/// the fortunes of Debian's `fortunes` and `fortunes-min` packages by default.
///
/// The vocabulary is the sorted set of distinct bytes in the text; a byte's id
/// is its position there. The first 90% of the ids train, the rest validate.
///
///     let corpus = try TextCorpus.loadFortunes()
///     corpus.bytes.count        // 2576674 on Debian 12
///     corpus.vocabulary.count   // 114
///     let windows = corpus.trainingWindows()   // 36234 windows of 64 ids
///
/// These are exactly the peer scripts' definitions (`peers_common.py`), so
/// losses and bits per character compare one to one.
public struct TextCorpus: Sendable {
  /// The text, as stored.
  public let bytes: [UInt8]
  /// The distinct bytes of the text, ascending; a byte's id is its index here.
  public let vocabulary: [UInt8]
  /// The text as ids: `vocabulary[ids[n]] == bytes[n]`.
  public let ids: [Int]
  /// The files the text was read from, in reading order (empty for a text given directly).
  public let files: [String]
  /// The id of every byte value, or -1 for bytes the text does not contain.
  private let idOfByte: [Int]

  /// Where Debian's `fortunes` packages put their files.
  public static let fortunesDirectory = URL(fileURLWithPath: "/usr/share/games/fortunes")

  /// The most text a corpus may hold, over all its files: six times the
  /// fortunes. Each byte costs about 20 in memory (its id, and the windows'
  /// copy of it), so more would not fit the course's machines anyway.
  public static let maximumByteCount = 16 << 20

  /// The length of the windows the course's language models train on.
  public static let defaultWindowLength = 64

  /// A corpus of `bytes`.
  ///
  /// - Parameters:
  ///   - bytes: the text.
  ///   - files: where it came from, for the record.
  /// - Complexity: O(n).
  public init(bytes: [UInt8], files: [String] = []) {
    var present = [Bool](repeating: false, count: 256)
    for byte in bytes { present[Int(byte)] = true }
    let vocabulary = (0...255).filter { present[$0] }.map(UInt8.init)
    var idOfByte = [Int](repeating: -1, count: 256)
    for (id, byte) in vocabulary.enumerated() { idOfByte[Int(byte)] = id }

    self.bytes = bytes
    self.vocabulary = vocabulary
    self.idOfByte = idOfByte
    self.files = files
    self.ids = idOfByte.withUnsafeBufferPointer { table in bytes.map { table[Int($0)] } }
  }

  /// The fortunes: every regular file in `directory` that is neither a `.dat`
  /// file (the `fortune` program's index) nor a symlink, sorted by name,
  /// concatenated.
  ///
  /// - Parameters:
  ///   - directory: the folder; Debian's by default.
  ///   - windowLength: the window length the caller will use: the text must
  ///     give at least one training and one validation window of it.
  /// - Throws: ``DatasetError`` naming the folder or a file, with the remedy
  ///   (install `fortunes` and `fortunes-min`, or point `--data` elsewhere).
  public static func loadFortunes(
    from directory: URL = fortunesDirectory, windowLength: Int = defaultWindowLength
  ) throws(DatasetError) -> TextCorpus {
    let isDefault = directory.standardizedFileURL.path == fortunesDirectory.path
    let remedy = isDefault
      ? "Install them with `sudo apt-get install fortunes fortunes-min`, or pass --data DIR with text files."
      : "Pass --data DIR with a folder of text files, or leave it out to read Debian's fortunes packages."
    do throws(DatasetError) {
      let files = try textFiles(in: directory)
      var text: [UInt8] = []
      for file in files {
        text += try DataFile.contents(of: file, maximumSize: maximumByteCount - text.count)
      }
      let corpus = TextCorpus(bytes: text, files: files)
      guard TextWindows.count(ofIDs: corpus.trainingIDs.count, length: windowLength) > 0,
        TextWindows.count(ofIDs: corpus.validationIDs.count, length: windowLength) > 0
      else {
        throw DatasetError(
          path: directory.path, problem: .textTooShort(byteCount: text.count, windowLength: windowLength))
      }
      return corpus
    } catch {
      throw error.withRemedy(remedy)
    }
  }

  /// The paths of the text files in `directory`, in the corpus's order.
  ///
  /// Sorted by the names' UTF-8 bytes, which is Python's `sorted` order
  /// (code points); Swift's own `<` on strings compares Unicode-normalized
  /// text and could differ.
  static func textFiles(in directory: URL) throws(DatasetError) -> [String] {
    let path = directory.path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DatasetError(path: path, problem: .notFound)
    }
    guard isDirectory.boolValue else { throw DatasetError(path: path, problem: .notADirectory) }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: path)
    } catch {
      throw DatasetError(path: path, problem: .unreadable(reason: "its contents cannot be listed"))
    }
    let files = names
      .filter { !$0.hasSuffix(".dat") }
      .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      .map { directory.appendingPathComponent($0).path }
      .filter(isRegularFile)
    guard !files.isEmpty else { throw DatasetError(path: path, problem: .noTextFiles) }
    return files
  }

  /// Whether `path` is a regular file itself (not a symlink, folder or device).
  private static func isRegularFile(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
  }

  // MARK: - Ids and bytes

  /// The number of distinct bytes: the size of a model's input and output.
  public var vocabularySize: Int { vocabulary.count }

  /// The id of `byte`, or `nil` if the text never contains it.
  public func id(of byte: UInt8) -> Int? {
    let id = idOfByte[Int(byte)]
    return id >= 0 ? id : nil
  }

  /// The ids of `text`'s bytes, or `nil` if one of them is not in the vocabulary.
  ///
  ///     corpus.encode("Hello")  // [41, 70, 77, 77, 80]
  public func encode(_ text: some Sequence<UInt8>) -> [Int]? {
    var ids: [Int] = []
    for byte in text {
      guard let id = id(of: byte) else { return nil }
      ids.append(id)
    }
    return ids
  }

  /// The ids of `text`'s UTF-8 bytes, or `nil` if one is not in the vocabulary.
  public func encode(_ text: String) -> [Int]? {
    encode(text.utf8)
  }

  /// The bytes of `ids`.
  public func decode(_ ids: some Sequence<Int>) -> [UInt8] {
    ids.map { id in
      precondition(vocabulary.indices.contains(id), "TextCorpus.decode: id \(id) is outside 0..<\(vocabularySize)")
      return vocabulary[id]
    }
  }

  /// The text of `ids`, with any invalid UTF-8 shown as "�".
  public func decodeText(_ ids: some Sequence<Int>) -> String {
    String(decoding: decode(ids), as: UTF8.self)
  }

  // MARK: - Training and validation

  /// Where validation starts: `Int(0.9 · n)`, as the peers' `int(len(ids) * 0.9)`.
  public var splitIndex: Int { Int(Double(ids.count) * 0.9) }

  /// The first 90% of the ids.
  public var trainingIDs: ArraySlice<Int> { ids[..<splitIndex] }

  /// The last 10% of the ids.
  public var validationIDs: ArraySlice<Int> { ids[splitIndex...] }

  /// Non-overlapping windows over the training ids.
  public func trainingWindows(length: Int = defaultWindowLength) -> TextWindows {
    TextWindows(ids: Array(trainingIDs), length: length)
  }

  /// Non-overlapping windows over the validation ids.
  public func validationWindows(length: Int = defaultWindowLength) -> TextWindows {
    TextWindows(ids: Array(validationIDs), length: length)
  }
}
