import Foundation

/// The checks of a text's metric placeholders against the run's `metrics.json`.
extension ChapterLint {
  /// Every placeholder that cannot be filled, at its line; rows repeated per
  /// epoch are checked for each epoch of the run. A quick run's metrics are a
  /// problem unless the lint is for a preview.
  func metricIssues(_ inputs: Inputs, textName: String) -> [LintIssue] {
    let references = inputs.directives.metrics
    let metricsURL = outputDirectory.appendingPathComponent("metrics.json")
    let metricsName = relative(metricsURL)
    guard !references.isEmpty || inputs.directives.math.markdown.contains(EpochLines.numberPlaceholder) else { return [] }
    guard let metrics = inputs.metrics else {
      let line = references.first?.line ?? 1
      return [LintIssue(file: textName, line: line, message: "no readable \(metricsName): run the chapter first")]
    }
    var issues: [LintIssue] = []
    if !acceptsQuickRun, metrics.value(at: "quick") as? Bool == true {
      issues.append(LintIssue(
        file: metricsName, line: 1,
        message: "these are a quick run's metrics (\"quick\": true), and the course's pages show full runs only: "
          + "run the chapter without --quick, or build a preview with course site --quick"))
    }
    let epochs = metrics.epochs
    if epochs == nil {
      for (index, line) in inputs.markdown.components(separatedBy: "\n").enumerated() where EpochLines.repeats(line) {
        issues.append(LintIssue(
          file: textName, line: index + 1,
          message: "this line repeats per epoch ({{epoch}}, [epoch]), but \(metricsName) has no whole number 'epochs'"))
      }
    }
    for reference in references {
      let keys = reference.isPerEpoch
        ? (0..<max(epochs ?? 0, 0)).map { reference.key.replacingOccurrences(of: EpochLines.index, with: "[\($0)]") } : [reference.key]
      for key in keys {
        guard case .failure(let problem) = metrics.render(key, format: reference.format) else { continue }
        issues.append(LintIssue(
          file: textName, line: reference.line,
          message: Self.message(problem, reference: reference, metricsName: metricsName, epochs: epochs)))
        break  // one problem per placeholder, not one per epoch
      }
    }
    return issues
  }

  private static func message(_ problem: MetricsFile.Problem, reference: ChapterDirectives.MetricReference, metricsName: String, epochs: Int?) -> String {
    let name = "metric '\(reference.key)'"
    switch problem {
    case .missing:
      return "\(name) is not in \(metricsName)"
    case .indexOutOfRange(let list, let index, let count):
      let values = count == 1 ? "1 value" : "\(count) values"
      if reference.isPerEpoch {
        return "\(name): '\(list)' has \(values) in \(metricsName), fewer than the run's \(epochs ?? 0) epochs; "
          + "record one value per epoch"
      }
      return "\(name): '\(list)' has \(values) in \(metricsName), so [\(index)] does not exist; "
        + "a table of epochs should repeat its row with [epoch] and {{epoch}} (Chapters/README.md)"
    case .unfit(let reason):
      return "\(name): \(reason)"
    }
  }
}
