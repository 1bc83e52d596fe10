import Foundation

/// A chapter's Chinese text, `chapter.zh.md`: checked by the rules that apply to any chapter text,
/// then against its English source (`TranslationParity`) and for string metrics left in English.
extension ChapterLint {
  /// The lint of this chapter's translation, when the chapter has one (`chapter.zh.md`).
  public var translation: ChapterLint? {
    let lint = ChapterLint(
      chapterDirectory: chapterDirectory, packageRoot: packageRoot, outputDirectory: outputDirectory, acceptsQuickRun: acceptsQuickRun,
      expectedTitle: nil, articlesDirectory: articlesDirectory, checksLinkTargets: checksLinkTargets,
      textFileName: Translation.chineseName(of: textFileName))
    return FileManager.default.fileExists(atPath: lint.textURL.path) ? lint : nil
  }

  /// What a translation's check found: problems, and notes that fail nothing (an outdated translation).
  public struct TranslationReport {
    public var issues: [LintIssue] = []
    public var notes: [String] = []
  }

  /// The translation's problems against its English source's inputs (this lint being the translation's):
  /// its source line, the parity of headings, placeholders, includes, figures, quotes and section
  /// links, and every string metric it shows whose value has English words but no `<key>@zh`.
  public func translationReport(_ inputs: Inputs, english: Inputs, englishName: String = "chapter.md") -> TranslationReport {
    var report = TranslationReport()
    let textName = relative(textURL)
    let written = (try? String(contentsOf: textURL, encoding: .utf8)) ?? inputs.markdown
    switch Translation.sourceState(of: written, englishName: englishName, english: Data(english.markdown.utf8)) {
    case .current: break
    case .outdated: report.notes.append(Translation.outdatedNote(textName))
    case .missing(let expected):
      report.issues.append(LintIssue(
        file: textName, line: 1, message: "the first line must record the English it translates: \(expected)"))
    }
    report.issues += TranslationParity(
      english: english.directives, chinese: inputs.directives, englishText: english.markdown, chineseText: inputs.markdown,
      englishName: englishName, chineseName: textName
    ).issues()
    report.issues += englishMetricIssues(inputs, textName: textName)
    report.issues.sort { ($0.file, $0.line) < ($1.file, $1.line) }
    return report
  }

  /// Every check of the English text and, when there is one, of its translation.
  public func issuesWithTranslation() -> TranslationReport {
    guard let english = try? readInputs() else { return TranslationReport(issues: issues()) }
    var report = TranslationReport(issues: issues(english))
    guard let translation, let chinese = try? translation.readInputs() else {
      if let translation { report.issues.append(LintIssue(file: relative(translation.textURL), line: 1, message: "cannot read the chapter text")) }
      return report
    }
    let checked = translation.translationReport(chinese, english: english, englishName: textFileName)
    report.issues += translation.issues(chinese) + checked.issues
    report.notes = checked.notes
    return report
  }

  /// A string metric the translation shows whose value still has English words (`Translation.englishWords`)
  /// and whose run recorded no Chinese value `<key>@zh` (the Chinese page shows that one when it exists).
  func englishMetricIssues(_ inputs: Inputs, textName: String) -> [LintIssue] {
    guard let metrics = inputs.metrics else { return [] }
    // A value shown as code (a generated sample in a fenced block) is not prose to translate.
    var codeLines: Set<Int> = []
    var fence: String?
    for (index, line) in inputs.markdown.components(separatedBy: "\n").enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let marker = trimmed.hasPrefix("```") ? "```" : trimmed.hasPrefix("~~~") ? "~~~" : nil
      if fence != nil || marker != nil { codeLines.insert(index + 1) }
      if let marker { fence = fence == nil ? marker : (fence == marker ? nil : fence) }
    }
    var issues: [LintIssue] = []
    for reference in inputs.directives.metrics where !reference.isPerEpoch && !codeLines.contains(reference.line) {
      guard !metrics.hasChineseTwin(of: reference.key) else { continue }
      let shown = reference.key.hasSuffix("[*]") ? metrics.value(at: String(reference.key.dropLast(3))) : metrics.value(at: reference.key)
      let texts = (shown as? [Any] ?? [shown as Any]).compactMap { $0 as? String }
      guard !texts.isEmpty else { continue }
      let value = texts.joined(separator: ", ")
      let words = Translation.englishWords(in: value)
      guard !words.isEmpty else { continue }
      issues.append(LintIssue(
        file: textName, line: reference.line,
        message: "\(reference.placeholder) shows '\(value.prefix(60))' (English: \(words.prefix(3).joined(separator: ", "))) "
          + "on the Chinese page: the chapter must record a Chinese value '\(Translation.chineseKey(reference.key))' in metrics.json"))
    }
    return issues
  }
}
