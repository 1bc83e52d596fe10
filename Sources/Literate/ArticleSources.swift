import Foundation

/// The five articles the course mirrors (`NNN_*.txt`, in Chinese), read line by line so
/// that a chapter's quotes can be checked against the line they cite.
public struct ArticleSources {
  /// The folder holding `000_….txt` … `004_….txt`.
  public let directory: URL

  public init(directory: URL) { self.directory = directory }

  /// The articles' folder: `COURSE_ARTICLES`, else `shared/articles` beside the package's
  /// folder (as the peers' scripts are found); nil when neither is a folder.
  public static func locate(packageRoot: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    let candidate: URL
    if let path = environment["COURSE_ARTICLES"], !path.isEmpty {
      candidate = URL(fileURLWithPath: path, isDirectory: true)
    } else {
      candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/articles", isDirectory: true)
    }
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) && isDirectory.boolValue ? candidate : nil
  }

  /// The note a check prints once when it found no articles.
  public static let notFoundNote = "note: articles not found (set COURSE_ARTICLES): quotes not checked"

  /// The file of article `number` ("003"), if there is exactly one.
  public func file(_ number: String) -> URL? {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    let matching = names.filter { $0.hasPrefix(number + "_") && $0.hasSuffix(".txt") }
    return matching.count == 1 ? directory.appendingPathComponent(matching[0]) : nil
  }

  /// The number (`4.2`) and text of the last numbered Markdown heading (`### 4.2 公式推导过程`)
  /// at or above a 1-based line, or nil when no numbered heading precedes it.
  public static func numberedSection(holding line: Int, in lines: [String]) -> (number: String, heading: String)? {
    var found: (String, String)?
    for text in lines.prefix(line) {
      guard let match = numberedHeading.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
        let range = Range(match.range(at: 1), in: text)
      else { continue }
      found = (String(text[range]), text.trimmingCharacters(in: CharacterSet(charactersIn: "# ")))
    }
    return found
  }

  private static let numberedHeading = try! NSRegularExpression(pattern: #"^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s"#)

  /// The numbers of the articles present, sorted.
  public var numbers: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".txt") && $0.count > 4 }.map { String($0.prefix(3)) }.filter { $0.allSatisfy(\.isNumber) }.sorted()
  }
}

/// A citation of an article in a chapter: `000 §4.2, line 118: 「原文」`.
public struct ArticleQuote: Equatable, Sendable {
  /// The chapter line where the citation starts.
  public let line: Int
  /// The article's number, `000`.
  public let article: String
  /// Its section as written, `4.2`.
  public let section: String
  /// The article's 1-based line that holds the quote.
  public let articleLine: Int
  /// The quote between 「 and 」, as written.
  public let text: String

  /// The parts that must each appear on the article's line: the quote as the page shows it
  /// (``shownText``), split at `……`, `…` and at line breaks (a quote wrapped in the chapter's
  /// text), blank parts left out.
  public var fragments: [String] {
    shownText.replacingOccurrences(of: "……", with: "\n").replacingOccurrences(of: "…", with: "\n")
      .components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// The quote as a reader sees it: Markdown drops a backslash before ASCII punctuation, so an
  /// article's `\( \sigma \)` must be written `\\( \sigma \\)` to show as it is. Inside a
  /// formula (`$…$`, which the page hands to KaTeX as written) the text is kept as it is.
  public var shownText: String {
    var shown = ""
    var pending = false
    var insideMath = false
    for character in text {
      if insideMath {
        shown.append(character)
        if character == "$" { insideMath = false }
      } else if pending {
        if !(character.isASCII && (character.isPunctuation || character.isSymbol)) { shown.append("\\") }
        pending = false
        shown.append(character)
      } else if character == "\\" {
        pending = true
      } else {
        shown.append(character)
        if character == "$" { insideMath = true }
      }
    }
    if pending { shown.append("\\") }
    return shown
  }

  /// `NNN §S, line L: 「…」`; the text may wrap between its words, and the quote onto more lines.
  static let pattern = try! NSRegularExpression(pattern: #"(\d{3})\s+§([0-9A-Za-z.]+),\s+line\s+(\d+):\s*「([^」]*)」"#)

  /// The Chinese edition's form, `NNN §S 第 L 行：「…」` (a comma after the section allowed, as a
  /// table cell's `003 §4，第 122 行` writes it; spaces around the number optional).
  static let chinesePattern = try! NSRegularExpression(
    pattern: #"(\d{3})\s*§([0-9A-Za-z.]*[0-9A-Za-z])\s*[，,]?\s*第\s*(\d+)\s*行\s*[：:]\s*「([^」]*)」"#)

  /// Every citation in a text, and the offsets (in UTF-16) of the 「 each one opens. A Chinese
  /// text (`chineseForm`) may cite in either form: its citations are being converted to the Chinese one.
  static func citations(in text: String, chineseForm: Bool = false) -> (quotes: [ArticleQuote], openings: Set<Int>) {
    var quotes: [ArticleQuote] = []
    var openings: Set<Int> = []
    let lineStarts = lineStartOffsets(text)
    let range = NSRange(text.startIndex..., in: text)
    let matches = (chineseForm ? [pattern, chinesePattern] : [pattern]).flatMap { $0.matches(in: text, range: range) }
    for match in matches.sorted(by: { $0.range.location < $1.range.location }) {
      func group(_ index: Int) -> String { String(text[Range(match.range(at: index), in: text)!]) }
      let quoteStart = match.range(at: 4).location - 1
      openings.insert(quoteStart)
      quotes.append(ArticleQuote(
        line: line(ofOffset: match.range.location, lineStarts: lineStarts), article: group(1), section: group(2),
        articleLine: Int(group(3)) ?? 0, text: group(4)))
    }
    return (quotes, openings)
  }

  /// The UTF-16 offset where each line starts.
  static func lineStartOffsets(_ text: String) -> [Int] {
    var starts = [0]
    for (offset, unit) in text.utf16.enumerated() where unit == 0x0A { starts.append(offset + 1) }
    return starts
  }

  /// The 1-based line holding a UTF-16 offset.
  static func line(ofOffset offset: Int, lineStarts: [Int]) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return low + 1
  }
}
