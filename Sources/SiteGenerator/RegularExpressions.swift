import Foundation
import Synchronization

/// Compiled regular expressions, by pattern and options: the build matches the
/// same few dozen patterns thousands of times (every line of a chapter, every
/// selector of KaTeX's stylesheet), and compiling one costs more than using it.
private let compiledExpressions = Mutex<[String: NSRegularExpression]>([:])

/// The compiled expression for a pattern, compiled once per process; nil when the pattern is invalid.
func regularExpression(_ pattern: String, options: NSRegularExpression.Options = []) -> NSRegularExpression? {
  let key = "\(options.rawValue):\(pattern)"
  return compiledExpressions.withLock { cache in
    if let compiled = cache[key] { return compiled }
    let compiled = try? NSRegularExpression(pattern: pattern, options: options)
    cache[key] = compiled
    return compiled
  }
}

/// Regular-expression replacement over a whole string, with the groups of each match.
///
/// Matches come back as UTF-16 ranges; the text between and inside them is sliced
/// from the Swift string itself (`Range(_:in:)`), not copied out of an `NSString`,
/// which would transcode every piece back from UTF-16.
func replacingMatches(of pattern: String, in text: String, options: NSRegularExpression.Options = [], with transform: ([String]) -> String) -> String {
  guard let regex = regularExpression(pattern, options: options) else { return text }
  let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
  guard !matches.isEmpty else { return text }
  var result = ""
  result.reserveCapacity(text.utf8.count)
  var last = text.startIndex
  for match in matches {
    guard let whole = Range(match.range, in: text) else { continue }
    result += text[last..<whole.lowerBound]
    result += transform(groups(of: match, in: text))
    last = whole.upperBound
  }
  result += text[last...]
  return result
}

/// Every match's groups.
func allMatches(of pattern: String, in text: String) -> [[String]] {
  guard let regex = regularExpression(pattern, options: [.dotMatchesLineSeparators]) else { return [] }
  return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { groups(of: $0, in: text) }
}

/// A match's groups (the whole match first); a group that did not take part is "".
private func groups(of match: NSTextCheckingResult, in text: String) -> [String] {
  (0..<match.numberOfRanges).map { index in
    Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
  }
}
