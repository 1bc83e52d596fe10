/// How many terminal columns text takes: Chinese characters, kana, Hangul and
/// full-width forms take two (Unicode's East Asian Wide and Fullwidth), so a
/// column padded by counting characters would come out short by one per CJK character.
extension String {
  /// The columns this text takes in a terminal.
  public var displayWidth: Int {
    reduce(0) { width, character in width + character.displayWidth }
  }

  /// This text followed by spaces up to `width` columns (unchanged if already as wide).
  public func padded(toDisplayWidth width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - displayWidth))
  }

  /// `label` followed by this text, its later lines indented to start under its first
  /// (`任务：` takes six columns), so that a task of several paragraphs reads as one item.
  public func hanging(after label: String) -> String {
    let indent = String(repeating: " ", count: label.displayWidth)
    return label + split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated()
      .map { index, line in index == 0 || line.isEmpty ? line : indent + line }.joined(separator: "\n")
  }
}

extension Character {
  /// Two columns for an East Asian wide or full-width character, none for a
  /// lone combining mark or zero-width joiner, one otherwise.
  var displayWidth: Int {
    guard let first = unicodeScalars.first else { return 0 }
    if Self.wideRanges.contains(where: { $0.contains(first.value) }) { return 2 }
    if unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark || $0.value == 0x200B || $0.value == 0x200D }) {
      return 0
    }
    return 1
  }

  /// The East Asian Wide (W) and Fullwidth (F) blocks of Unicode's EastAsianWidth.txt, merged.
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initials
    0x2E80...0x303E,  // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
    0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
    0x3400...0x4DBF,  // CJK unified ideographs extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA000...0xA4CF,  // Yi
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE30...0xFE4F,  // CJK compatibility forms
    0xFF00...0xFF60,  // full-width forms (，：（）！？)
    0xFFE0...0xFFE6,  // full-width signs
    0x1F300...0x1F64F,  // pictographs and emoticons
    0x20000...0x3FFFD,  // CJK extensions B to H
  ]
}
