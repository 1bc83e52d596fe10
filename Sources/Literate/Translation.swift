import Foundation

/// The Chinese edition's files (Chapters/README.md, "The Chinese edition"): `chapter.zh.md` beside
/// `chapter.md`, `Site/content/<name>.zh.md` beside `<name>.md`, each opening with the line that
/// records which English bytes it translates.
public enum Translation {
  /// The Chinese file beside an English one: `chapter.md` → `chapter.zh.md`.
  public static func chineseName(of englishName: String) -> String {
    englishName.hasSuffix(".md") ? String(englishName.dropLast(3)) + ".zh.md" : englishName + ".zh"
  }

  /// The first line a translation of `englishName` whose bytes are `english` opens with.
  public static func sourceLine(englishName: String, english: Data) -> String {
    "<!-- source: \(englishName) sha256:\(SHA256.hex(of: english)) -->"
  }

  /// The hash a translation's first line records (`<!-- source: chapter.md sha256:<hex> -->`), or nil when it has none.
  public static func recordedHash(in markdown: String) -> String? {
    let firstLine = markdown.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
    guard firstLine.hasPrefix("<!-- source: "), firstLine.hasSuffix("-->"),
      let hash = firstLine.range(of: "sha256:")
    else { return nil }
    let hex = firstLine[hash.upperBound...].prefix { $0.isHexDigit }
    return hex.count == 64 ? hex.lowercased() : nil
  }

  /// The text with its source line blanked (the line stays, so every line keeps its number):
  /// the comment is for the build, not raw HTML in the page.
  public static func withoutSourceLine(_ markdown: String) -> String {
    guard recordedHash(in: markdown) != nil else { return markdown }
    return markdown.firstIndex(of: "\n").map { String(markdown[$0...]) } ?? ""
  }

  /// The problem with a translation's first line, if any: missing, or recording other bytes than
  /// the English file's (`outdated`, a note, not an error: the translation follows later).
  public enum SourceState: Equatable {
    case current
    case outdated
    case missing(expectedLine: String)
  }

  /// Whether `markdown`, a translation of `englishName` (bytes `english`), translates those very bytes.
  public static func sourceState(of markdown: String, englishName: String, english: Data) -> SourceState {
    guard let recorded = recordedHash(in: markdown) else { return .missing(expectedLine: sourceLine(englishName: englishName, english: english)) }
    return recorded == SHA256.hex(of: english) ? .current : .outdated
  }

  /// The note a build or lint prints for an outdated translation.
  public static func outdatedNote(_ path: String) -> String { "\(path): outdated translation (English changed since)" }

  /// Words of three or more Latin letters in `text` outside backticks, less the names a Chinese
  /// text keeps as they are (`keptNames`, any case), identifiers (`conv2`, `im2col`, `gnuplot_plot_1a`)
  /// and calls (`backward()`): what a translation still has to translate.
  public static func englishWords(in text: String) -> [String] {
    var words: [String] = []
    var word = ""
    var inCode = false
    func flush(before next: Character?) {
      let isIdentifier = word.contains { $0.isNumber || $0 == "_" } || next == "("
      if word.count >= 3, !isIdentifier, !keptNames.contains(word.lowercased()) { words.append(word) }
      word = ""
    }
    for character in text {
      if character == "`" {
        flush(before: character)
        inCode.toggle()
      } else if !inCode, character.isASCII, character.isLetter || character.isNumber || character == "_" {
        word.append(character)
      } else {
        flush(before: character)
      }
    }
    flush(before: nil)
    return words
  }

  /// The key a run records a string metric's Chinese value under: `verdict` → `verdict@zh`,
  /// `class_names[3]` → `class_names@zh[3]` (a list's Chinese twin is a list).
  public static func chineseKey(_ keyPath: String) -> String {
    let last = keyPath.split(separator: ".").last.map(String.init) ?? keyPath
    guard let open = last.firstIndex(of: "[") else { return keyPath + "@zh" }
    let prefix = keyPath.dropLast(last.count)
    return prefix + last[..<open] + "@zh" + last[open...]
  }

  /// Names and abbreviations a Chinese text writes in Latin letters too (the terms of Z4 kept in English), lowercased.
  public static let keptNames: Set<String> = Set([
    "ReLU", "Adam", "SGD", "LSTM", "RNN", "CNN", "MLP", "AUC", "ROC", "GELU", "MNIST", "Fashion",
    "PyTorch", "Keras", "TensorFlow", "OpenBLAS", "BLAS", "Swift", "softmax", "logits", "Dropout", "Transformer", "KaTeX", "GPU", "CPU",
    "AVX", "FLOPs", "GFLOP", "GFLOPS", "sgemm", "tanh", "sigmoid", "bpc", "NaN", "max", "min", "log", "exp", "sin", "cos",
    "XOR", "AND", "Xavier", "He", "Kaiming", "Debian", "Zen", "EPYC", "AMD", "Intel", "DocC", "JSON", "SVG",
  ].map { $0.lowercased() })
}
