import Foundation

/// The check that keeps run results out of the prose: a number typed into a
/// chapter's text that equals one of its run's metrics, as a placeholder would
/// print it, was copied from a run and goes stale at the next one.
extension ChapterLint {
  /// Numbers worth checking: with a decimal point, with thousands separators,
  /// or of three digits or more. Smaller whole numbers (a layer, a chapter, a
  /// batch of 32) are too common in prose to tell from results.
  static let candidateNumber = try! NSRegularExpression(
    pattern: #"(?<![\w.§/#-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{3,})(?![\w]|\.\d)"#)

  /// "line 114", "lines 127 to 147", "lines 35–39", "lines 12 and 14" (no comma: "line 114, 0.8782" keeps its result).
  static let articleLines = #"\blines?\s+\d+(?:\s*(?:to|and|or|–|-)\s*\d+)*"#
  /// `第 114 行`, `第 127 至 147 行`, `第 12、14 行`.
  static let articleLinesInChinese = #"第\s*\d+(?:\s*(?:至|到|和|、|–|-)\s*\d+)*\s*行"#

  func typedResultIssues(_ inputs: Inputs, textName: String) -> [LintIssue] {
    guard let metrics = inputs.metrics else { return [] }
    var printedForms: [String: String] = [:]  // a printed form → the first key that prints so
    for (keyPath, value) in metrics.numbers where Self.isCheckable(keyPath) {
      for form in Self.printedForms(of: value) where printedForms[form] == nil { printedForms[form] = keyPath }
    }
    var issues: [LintIssue] = []
    // What the parser reads as prose: code, addresses and formulas are not results typed in.
    for (lineNumber, text) in inputs.directives.structure.prose {
      // Placeholders print the run's numbers; the lines of an article that a text cites ("line 114:", which may
      // wrap before "line"; "lines 127 to 147", "lines 35–39"; `第 114 行`, `第 127 至 147 行` in Chinese) are
      // places in the article, not results, however a run's figures happen to fall.
      let line = text.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: " ", options: .regularExpression)
        .replacingOccurrences(of: Self.articleLines, with: " ", options: [.regularExpression, .caseInsensitive])
        .replacingOccurrences(of: Self.articleLinesInChinese, with: " ", options: .regularExpression)
      let range = NSRange(line.startIndex..., in: line)
      for match in Self.candidateNumber.matches(in: line, range: range) {
        let typed = String(line[Range(match.range, in: line)!])
        let followedByPercent = line[Range(match.range, in: line)!.upperBound...].first == "%"
        let normalized = typed.replacingOccurrences(of: ",", with: "") + (followedByPercent ? "%" : "")
        guard let key = printedForms[normalized] else { continue }
        let format = normalized.contains("%") ? ":%" : typed.contains(".") ? ":.\(typed.split(separator: ".")[1].count)f" : ""
        issues.append(LintIssue(
          file: textName, line: lineNumber,
          message: "\(typed)\(followedByPercent ? "%" : "") is typed by hand, but the run measured it: "
            + "write {{metric:\(key)\(format)}} so that the next run's value shows"))
      }
    }
    return issues
  }

  /// Whether a metric's value is a result a text could have copied and that stays put between
  /// runs of the same seed. Not the seed; not the article's figures or other cited ones, recorded
  /// to be set beside ours; not timings, which change from run to run, so that a quoted figure
  /// (the article's 4.86) could match one by chance and fail one build in many.
  static func isCheckable(_ keyPath: String) -> Bool {
    let excluded = ["article", "cited", "seconds", "milliseconds", "per_second", "profile", "load_average", "time", "per_byte", "flops"]
    return keyPath != "seed" && !excluded.contains { keyPath.contains($0) }
  }

  /// How a placeholder can print a value: as is, with 1 to 4 decimals, and as a percentage;
  /// only the forms specific enough to have been copied from a run.
  static func printedForms(of value: Double) -> Set<String> {
    guard value.isFinite else { return [] }
    var forms: Set<String> = []
    if let plain = try? MetricsFile.render(NSNumber(value: value), format: nil).get() { forms.insert(plain) }
    for decimals in 1...4 { forms.insert(String(format: "%.\(decimals)f", value)) }
    forms.insert(String(format: "%.1f%%", value * 100))
    return forms.filter(isSpecific)
  }

  /// Whether a printed number says more than a round figure would: a fraction with three
  /// significant digits or more (0.878, 12.4, not 0.5 or 0.88), or a whole number of 100 or
  /// more that is not a multiple of 100 (114, 434,290, not 1000 or 60,000).
  static func isSpecific(_ form: String) -> Bool {
    let digits = form.replacingOccurrences(of: "%", with: "")
    guard let number = Double(digits), number != 0 else { return false }
    if number == number.rounded() && !digits.contains(".") {
      // Powers of two are the sizes a recipe chooses (a width of 512), not results.
      let whole = Int(abs(number))
      return whole >= 100 && whole % 100 != 0 && whole & (whole - 1) != 0
    }
    let significant = digits.filter(\.isNumber).drop { $0 == "0" }
    return significant.count >= 3
  }
}
