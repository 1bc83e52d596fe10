import Foundation

/// One problem that stops the site build, at `file:line`.
public struct SiteIssue: CustomStringConvertible, Equatable, Sendable {
  /// The file, relative to the package root when it lies inside it.
  public let file: String
  /// The 1-based line of the problem.
  public let line: Int
  public let message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { "\(file):\(line): \(message)" }
}

/// The site build failed: every problem found, each naming its file and line.
public struct SiteBuildError: Error, CustomStringConvertible {
  public let issues: [SiteIssue]

  public init(_ issues: [SiteIssue]) { self.issues = issues }

  public var description: String {
    let noun = issues.count == 1 ? "problem" : "problems"
    return issues.map(\.description).joined(separator: "\n") + "\nthe site was not built: \(issues.count) \(noun)"
  }
}

/// Collects problems across the pipeline, so one build reports all of them.
struct IssueLog {
  private(set) var issues: [SiteIssue] = []

  mutating func add(_ file: String, _ line: Int, _ message: String) {
    issues.append(SiteIssue(file: file, line: line, message: message))
  }

  mutating func add(contentsOf more: [SiteIssue]) { issues += more }

  /// Throws every collected problem, sorted by file and line, if there is one.
  func throwIfAny() throws {
    if !issues.isEmpty {
      throw SiteBuildError(issues.sorted { ($0.file, $0.line, $0.message) < ($1.file, $1.line, $1.message) })
    }
  }
}

/// The 1-based line of the first occurrence of `needle` in `text`, or 1.
func lineNumber(of needle: String, in text: String) -> Int {
  guard let range = text.range(of: needle) else { return 1 }
  return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
}
