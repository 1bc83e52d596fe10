import Foundation
import Literate

/// A chapter's figures in Chinese: `Chapters/<slug>/figures.zh.json` maps English text found in its
/// SVGs to Chinese, and every `<text>`, `<title>` and `<desc>` has its English replaced, longest
/// key first (a label's whole phrase before its words); numbers and symbols stay as drawn.
struct FigureTranslation {
  /// The map's pairs, longest English first.
  private let pairs: [(english: [Character], chinese: String)]
  /// Whether the chapter has a map at all.
  let hasMap: Bool

  /// The chapter's map; one that is not a flat JSON object of strings is a problem at its file.
  init(chapterDirectory: URL, issues: inout IssueLog, path: (URL) -> String) {
    let file = chapterDirectory.appendingPathComponent("figures.zh.json")
    guard let data = FileManager.default.contents(atPath: file.path) else {
      self.init(map: [:])
      return
    }
    guard let map = (try? JSONSerialization.jsonObject(with: data)) as? [String: String] else {
      issues.add(path(file), 1, "not a flat JSON object of English text to Chinese: {\"test loss\": \"测试损失\"}")
      self.init(map: [:])
      return
    }
    self.init(map: map, hasMap: true)
  }

  init(map: [String: String], hasMap: Bool = false) {
    pairs = map.filter { !$0.key.isEmpty }.sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }.map { (Array($0.key), $0.value) }
    self.hasMap = hasMap
  }

  /// What a figure became.
  struct Result {
    let svg: String
    /// English words left in its text (`Translation.englishWords`).
    let leftover: [String]

    /// The build's note for a figure still (partly) in English, or nil.
    func untranslated(name: String, hasMap: Bool) -> String? {
      if !hasMap { return "\(name): figure left in English (its chapter has no figures.zh.json)" }
      guard !leftover.isEmpty else { return nil }
      let words = Array(Set(leftover)).sorted().prefix(8).joined(separator: ", ")
      return "\(name): figure partly in English (figures.zh.json does not translate: \(words))"
    }
  }

  /// The SVG with the text of its `<text>`, `<title>` and `<desc>` elements translated.
  func translating(_ svg: String) -> Result {
    var leftover: [String] = []
    let translated = replacingMatches(of: #"(<(text|title|desc)\b[^>]*>)(.*?)(</\2>)"#, in: svg, options: [.dotMatchesLineSeparators]) { groups in
      // Only the character data between tags (a <tspan>'s too), unescaped, then escaped again.
      let inner = replacingMatches(of: #"(^|>)([^<]+)"#, in: groups[3]) { text in
        let plain = HTMLText.unescape(text[2])
        let result = translate(plain)
        leftover += Translation.englishWords(in: result)
        return text[1] + (result == plain ? text[2] : HTMLText.escape(result))
      }
      return groups[1] + inner + groups[4]
    }
    return Result(svg: translated, leftover: leftover)
  }

  /// One pass over `text`: at each place the longest English key that starts there is replaced.
  func translate(_ text: String) -> String {
    guard !pairs.isEmpty else { return text }
    let characters = Array(text)
    var output = ""
    var index = 0
    scan: while index < characters.count {
      for pair in pairs where pair.english.count <= characters.count - index && pair.english.first == characters[index] {
        if characters[index..<(index + pair.english.count)].elementsEqual(pair.english) {
          output += pair.chinese
          index += pair.english.count
          continue scan
        }
      }
      output.append(characters[index])
      index += 1
    }
    return output
  }
}
