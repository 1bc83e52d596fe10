import Foundation
import Testing

@testable import Datasets

@Suite("Text corpus")
struct TextCorpusTests {
  @Test func vocabularyAndIds() {
    let corpus = TextCorpus(bytes: Array("hello world".utf8))
    #expect(corpus.vocabulary == Array(" dehlorw".utf8))
    #expect(corpus.vocabularySize == 8)
    #expect(corpus.ids == [3, 2, 4, 4, 5, 0, 7, 5, 6, 4, 1])
    #expect(corpus.id(of: UInt8(ascii: "o")) == 5)
    #expect(corpus.id(of: UInt8(ascii: "z")) == nil)
    #expect(corpus.encode("lower") == [4, 5, 7, 2, 6])
    #expect(corpus.encode("zoo") == nil)
    #expect(corpus.decodeText(corpus.ids) == "hello world")
    #expect(corpus.decode([0, 1]) == Array(" d".utf8))
  }

  @Test func splitAtNinetyPercent() {
    // Int(0.9 × n), as the peers' int(len(ids) * 0.9): 0.9 × 25 = 22.5 → 22.
    let corpus = TextCorpus(bytes: Array("abcdefghijklmnopqrstuvwxy".utf8))
    #expect(corpus.splitIndex == 22)
    #expect(corpus.trainingIDs.count == 22 && corpus.validationIDs.count == 3)
    #expect(corpus.validationIDs.first == 22)
    // 0.9 × 10 is 9.000000000000002 in floating point: still 9.
    #expect(TextCorpus(bytes: [UInt8](repeating: 1, count: 10)).splitIndex == 9)
  }

  @Test func windowsAreNonOverlappingWithShiftedTargets() {
    let windows = TextWindows(ids: Array(0..<11), length: 4)
    #expect(windows.count == 2)  // (11 - 1) / 4; ids 8...10 are left over
    #expect(Array(windows.inputs(ofWindow: 0)) == [0, 1, 2, 3])
    #expect(Array(windows.targets(ofWindow: 0)) == [1, 2, 3, 4])
    #expect(Array(windows.inputs(ofWindow: 1)) == [4, 5, 6, 7])
    #expect(Array(windows.targets(ofWindow: 1)) == [5, 6, 7, 8])
    // The last window needs one id past it: 9 ids give two windows of 4, 8 ids only one.
    #expect(TextWindows(ids: Array(0..<9), length: 4).count == 2)
    #expect(TextWindows(ids: Array(0..<8), length: 4).count == 1)
    #expect(TextWindows(ids: [], length: 4).count == 0)

    let batch = windows.batch(at: [1, 0])
    #expect(batch.inputs == [4, 5, 6, 7, 0, 1, 2, 3])
    #expect(batch.targets == [5, 6, 7, 8, 1, 2, 3, 4])

    let first = windows.prefix(1)
    #expect(first.count == 1 && Array(first.targets(ofWindow: 0)) == [1, 2, 3, 4])
    #expect(windows.prefix(5).count == 2 && windows.prefix(0).count == 0)
  }

  @Test func readsRegularFilesSortedByNameSkippingDatFilesAndSymlinks() throws {
    let directory = try TemporaryDirectory()
    try directory.write(Array("bbbbb".utf8), to: "b")
    try directory.write(Array("aaaaa".utf8), to: "a")
    try directory.write(Array("BBBBB".utf8), to: "B")  // uppercase sorts first, as in Python
    try directory.write(Array("index".utf8), to: "a.dat")
    try FileManager.default.createSymbolicLink(atPath: directory.path("a.u8"), withDestinationPath: "a")
    try FileManager.default.createDirectory(atPath: directory.path("folder"), withIntermediateDirectories: false)
    let corpus = try TextCorpus.loadFortunes(from: directory.url, windowLength: 1)
    #expect(corpus.files == ["B", "a", "b"].map(directory.path))
    #expect(corpus.bytes == Array("BBBBBaaaaabbbbb".utf8))
  }

  @Test func missingFolder() throws {
    let directory = try TemporaryDirectory()
    let absent = directory.url.appendingPathComponent("absent")
    let error = datasetError { try TextCorpus.loadFortunes(from: absent) }
    expectError(error, path: absent.path, problem: .notFound)
    #expect(error?.description.contains("--data DIR") == true)
  }

  @Test func fileInsteadOfFolder() throws {
    let directory = try TemporaryDirectory()
    let file = try directory.write([65], to: "file")
    expectError(
      datasetError { try TextCorpus.loadFortunes(from: URL(fileURLWithPath: file)) }, path: file,
      problem: .notADirectory)
  }

  @Test func folderWithoutTextFiles() throws {
    let directory = try TemporaryDirectory()
    try directory.write([65], to: "only.dat")
    expectError(
      datasetError { try TextCorpus.loadFortunes(from: directory.url) }, path: directory.url.path,
      problem: .noTextFiles)
  }

  @Test func textTooShortForWindows() throws {
    let directory = try TemporaryDirectory()
    try directory.write([UInt8](repeating: 65, count: 100), to: "short")
    expectError(
      datasetError { try TextCorpus.loadFortunes(from: directory.url) }, path: directory.url.path,
      problem: .textTooShort(byteCount: 100, windowLength: 64))
  }

  @Test func defaultRemedyNamesThePackages() {
    // The error for Debian's folder, without touching it: the remedy alone.
    let error = DatasetError(path: "/usr/share/games/fortunes", problem: .notFound)
      .withRemedy("Install them with `sudo apt-get install fortunes fortunes-min`, or pass --data DIR with text files.")
    #expect(error.description.hasPrefix("/usr/share/games/fortunes: not found. Install them"))
  }
}

@Suite(
  "Fortunes from Debian's packages",
  .enabled(if: FileManager.default.fileExists(atPath: TextCorpus.fortunesDirectory.path + "/art"))
)
struct InstalledFortunesTests {
  @Test func sameNumbersAsThePeers() throws {
    let corpus = try TextCorpus.loadFortunes()
    // From peers_common.load_char_data() on Debian 12.
    #expect(corpus.files.count == 43)
    #expect(corpus.files.first == "/usr/share/games/fortunes/art")
    #expect(corpus.bytes.count == 2_576_674)
    #expect(corpus.vocabularySize == 114)
    #expect(Array(corpus.vocabulary.prefix(5)) == [7, 8, 9, 10, 32])
    #expect(Array(corpus.vocabulary.suffix(3)) == [188, 194, 195])
    #expect(corpus.trainingIDs.count == 2_319_006 && corpus.validationIDs.count == 257_668)
    #expect(Array(corpus.ids.prefix(10)) == [27, 30, 23, 20, 16, 4, 39, 76, 69, 82])
    #expect(corpus.ids.reduce(0, +) == 154_066_272)

    let training = corpus.trainingWindows()
    let validation = corpus.validationWindows()
    #expect(training.count == 36_234)
    #expect(validation.count == 4_026)
    #expect(Array(validation.targets(ofWindow: 4_025).suffix(5)) == [87, 4, 18, 18, 18])
  }
}
