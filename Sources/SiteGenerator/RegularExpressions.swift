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
func replacingMatches(of pattern: String, in text: String, options: NSRegularExpression.Options = [], with transform: ([String]) -> String) -> String {
  guard let regex = regularExpression(pattern, options: options) else { return text }
  let nsText = text as NSString
  var result = ""
  var last = 0
  for match in regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
    result += nsText.substring(with: NSRange(location: last, length: match.range.location - last))
    let groups = (0..<match.numberOfRanges).map { index -> String in
      let range = match.range(at: index)
      return range.location == NSNotFound ? "" : nsText.substring(with: range)
    }
    result += transform(groups)
    last = match.range.location + match.range.length
  }
  result += nsText.substring(from: last)
  return result
}

/// Every match's groups.
func allMatches(of pattern: String, in text: String) -> [[String]] {
  guard let regex = regularExpression(pattern, options: [.dotMatchesLineSeparators]) else { return [] }
  let nsText = text as NSString
  return regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)).map { match in
    (0..<match.numberOfRanges).map { index in
      let range = match.range(at: index)
      return range.location == NSNotFound ? "" : nsText.substring(with: range)
    }
  }
}
