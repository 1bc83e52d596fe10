import Foundation

/// One problem found in a chapter's text, at `file:line`.
public struct LintIssue: CustomStringConvertible, Equatable {
  public let file: String
  public let line: Int
  public let message: String
  public var description: String { "\(file):\(line): \(message)" }
}

/// Checks a chapter's `chapter.md` against its sources and its last run.
public struct ChapterLint {
  /// The chapter folder (`Chapters/<slug>`).
  public let chapterDirectory: URL
  /// The package root, for includes that start with `Sources/`.
  public let packageRoot: URL
  /// The chapter's output folder, holding `metrics.json` and `figures/`.
  public let outputDirectory: URL

  public init(chapterDirectory: URL, packageRoot: URL, outputDirectory: URL) {
    self.chapterDirectory = chapterDirectory
    self.packageRoot = packageRoot
    self.outputDirectory = outputDirectory
  }

  /// The file an include path names.
  public func resolve(_ includePath: String) -> URL {
    includePath.hasPrefix("Sources/") || includePath.hasPrefix("Chapters/")
      ? packageRoot.appendingPathComponent(includePath) : chapterDirectory.appendingPathComponent(includePath)
  }

  /// Every problem: unreadable text, malformed directives, missing files or
  /// regions, unknown metrics, missing figures.
  public func issues() -> [LintIssue] {
    let textURL = chapterDirectory.appendingPathComponent("chapter.md")
    let textName = relative(textURL)
    guard let markdown = try? String(contentsOf: textURL, encoding: .utf8) else {
      return [LintIssue(file: textName, line: 1, message: "cannot read the chapter text")]
    }
    let directives = ChapterDirectives(markdown: markdown)
    var issues = directives.malformed.map { LintIssue(file: textName, line: $0.line, message: "malformed placeholder \($0.text)") }

    var regionCache: [String: SourceRegions] = [:]
    for include in directives.includes {
      let url = resolve(include.path)
      guard let regions = regionCache[url.path] ?? (try? String(contentsOf: url, encoding: .utf8)).map(SourceRegions.init) else {
        issues.append(LintIssue(file: textName, line: include.line, message: "include: no such file \(include.path)"))
        continue
      }
      regionCache[url.path] = regions
      if regions.code(of: include.region) == nil {
        let known = regions.regions.keys.sorted().joined(separator: ", ")
        issues.append(LintIssue(
          file: textName, line: include.line,
          message: "include: \(include.path) has no region '\(include.region)' (its regions: \(known.isEmpty ? "none" : known))"))
      }
    }
    for (path, regions) in regionCache {
      issues += regions.problems.map { LintIssue(file: relative(URL(fileURLWithPath: path)), line: $0.line, message: $0.message) }
    }

    let metricsURL = outputDirectory.appendingPathComponent("metrics.json")
    if !directives.metrics.isEmpty {
      if let metrics = try? MetricsFile(contentsOf: metricsURL) {
        for reference in directives.metrics where metrics.formatted(reference.key, format: reference.format) == nil {
          issues.append(LintIssue(
            file: textName, line: reference.line, message: "metric '\(reference.key)' is not in \(relative(metricsURL))"))
        }
      } else {
        issues.append(LintIssue(
          file: textName, line: directives.metrics[0].line,
          message: "no readable \(relative(metricsURL)): run the chapter first"))
      }
    }
    for figure in directives.figures
    where !FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent(figure.path).path) {
      issues.append(LintIssue(
        file: textName, line: figure.line, message: "figure \(figure.path) was not written by the chapter's last run"))
    }
    return issues.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
  }

  private func relative(_ url: URL) -> String {
    let root = packageRoot.standardizedFileURL.path + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }
}
