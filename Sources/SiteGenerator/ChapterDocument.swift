import Foundation
import Literate

/// A chapter's text made ready for the Markdown parser: metric placeholders
/// filled from its last run, code regions included from its sources, and its
/// formulas lifted out (see `MathExtraction`). Every problem is collected with
/// its file and line. Each input file is read once (`ChapterLint.Inputs`).
struct ChapterDocument {
  let chapter: SiteChapter
  /// `Chapters/<slug>/chapter.md`, relative to the package root.
  let textPath: String
  /// The text as written, for finding the line of a later problem.
  let original: String
  /// Markdown with directives resolved and formulas replaced by tokens.
  let markdown: String
  let formulas: [MathExtraction.Formula]
  /// Figures the text places, as written (`figures/name.svg`), with their files.
  let figures: [(path: String, file: URL)]
  /// Every file the page is made from (the text, included sources, metrics.json,
  /// figures) with a hash of its bytes: the chapter's part of its cache key.
  let dependencies: [String: String]

  /// The chapter's text in `language`: `chapter.md`, or its translation `chapter.zh.md`, which is
  /// also checked against the English (`ChapterLint.translationReport`) and shows a string metric's
  /// Chinese value `<key>@zh` where the run recorded one.
  init(chapter: SiteChapter, configuration: SiteConfiguration, language: SiteLanguage = .english, issues: inout IssueLog) throws {
    self.chapter = chapter
    let directory = configuration.chapterDirectory(chapter)
    let runDirectory = configuration.runDirectory(chapter)
    let english = ChapterLint(
      chapterDirectory: directory, packageRoot: configuration.packageRoot, outputDirectory: runDirectory,
      acceptsQuickRun: configuration.isPreview, expectedTitle: chapter.title,
      articlesDirectory: configuration.articlesDirectory, checksLinkTargets: false)
    let lint = language == .english ? english : ChapterLint(
      chapterDirectory: directory, packageRoot: configuration.packageRoot, outputDirectory: runDirectory,
      acceptsQuickRun: configuration.isPreview, articlesDirectory: configuration.articlesDirectory, checksLinkTargets: false,
      textFileName: language.textFileName("chapter.md"))
    textPath = configuration.relativePath(lint.textURL)
    let inputs = try lint.readInputs()
    original = inputs.markdown
    var problems = lint.issues(inputs)
    var englishText: (path: String, data: Data)?
    if language != .english {
      let source = try english.readInputs()
      problems += lint.translationReport(inputs, english: source).issues
      englishText = (english.textURL.path, Data(source.markdown.utf8))
    }
    issues.add(contentsOf: problems.map { SiteIssue(file: $0.file, line: $0.line, message: $0.message) })
    let directives = inputs.directives

    // Metrics first: they may sit inside a formula or a table cell. Rows repeated per
    // epoch are filled last, once per epoch (lines may then move: every check is done).
    var values: [String: String] = [:]
    // A list's elements as the page's language enumerates them in prose (「16、64 和 256」), where
    // that differs from the comma-joined value that math, code and tuples keep.
    var enumerations: [String: String] = [:]
    if let metrics = inputs.metrics {
      for reference in directives.metrics where !reference.isPerEpoch {
        let key = language == .chinese && metrics.hasChineseTwin(of: reference.key) ? Translation.chineseKey(reference.key) : reference.key
        guard let value = metrics.formatted(key, format: reference.format, wording: language.metricWording) else { continue }
        values[reference.placeholder] = value
        if key.hasSuffix("[*]"),
          case .success(let elements) = metrics.renderElements(of: String(key.dropLast(3)), format: reference.format, wording: language.metricWording)
        {
          let enumeration = language.metricWording.enumeration(elements)
          if enumeration != value { enumerations[reference.placeholder] = enumeration }
        }
      }
    }
    // Formulas are lifted out before the values go in, so that each value is grouped as
    // where it sits writes it (`MetricPlacement`). Unclosed math was reported by the lint,
    // at the line of the text as written.
    let extraction = MathExtraction(markdown: original)
    formulas = extraction.formulas.map {
      $0.replacingTeX(Self.fillingPlaceholders($0.tex, values: values, placement: .math))
    }
    let text = Self.fillingPlaceholders(extraction.markdown, values: values, placement: .prose, enumerations: enumerations)

    // Includes: the directive's line becomes the region's code, indented like
    // the directive; the fence opener learns where the code came from.
    var lines = text.components(separatedBy: "\n")
    var fenceOpener: Int?
    for index in lines.indices {
      let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        fenceOpener = fenceOpener == nil ? index : nil
        continue
      }
      guard trimmed.hasPrefix("{{#include "), trimmed.hasSuffix("}}") else { continue }
      let target = trimmed.dropFirst("{{#include ".count).dropLast(2).trimmingCharacters(in: .whitespaces)
      let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2, let code = inputs.regions[lint.resolve(parts[0]).path]?.code(of: parts[1]) else {
        continue  // ChapterLint has reported it.
      }
      let indentation = String(lines[index].prefix { $0 == " " })
      lines[index] = code.components(separatedBy: "\n").map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
      if let opener = fenceOpener, !lines[opener].contains("source=") {
        // `page=`: the file's own page, where the caption links (`SourcePage`).
        let page = language.root + SourcePage.fileName(for: configuration.relativePath(lint.resolve(parts[0])))
        lines[opener] += " source=\(parts[0])#\(parts[1]) page=\(page)"
      }
    }
    markdown = Self.expandingEpochRows(lines.joined(separator: "\n"), metrics: inputs.metrics, language: language)

    figures = directives.figures.map { ($0.path, runDirectory.appendingPathComponent($0.path)) }
    var dependencies = inputs.files.mapValues(StableHash.of(bytes:))
    let metricsPath = runDirectory.appendingPathComponent("metrics.json").path
    if dependencies[metricsPath] == nil { dependencies[metricsPath] = "absent" }
    // A translation is checked against its English text: a change there checks it again.
    if let englishText { dependencies[englishText.path] = StableHash.of(bytes: englishText.data) }
    for figure in figures where dependencies[figure.file.path] == nil {
      dependencies[figure.file.path] = StableHash.ofFile(figure.file.path)
    }
    self.dependencies = dependencies
  }

  /// The text with every `{{…}}` that `values` knows replaced by its value, in one
  /// pass (one `replacingOccurrences` per metric copied the whole text each time),
  /// large whole numbers grouped for `placement`: in `.prose`, code spans and fenced
  /// blocks keep their digits ungrouped. Other placeholders (`{{#include …}}`) stay as they are.
  ///
  /// - Complexity: O(n) in the text's length.
  ///
  /// A list placeholder in prose takes its `enumerations` form, unless it sits directly inside
  /// ASCII parentheses: `({{metric:v[*]}})` is a tuple, whose elements keep their commas.
  static func fillingPlaceholders(
    _ text: String, values: [String: String], placement: MetricPlacement, enumerations: [String: String] = [:]
  ) -> String {
    guard !values.isEmpty else { return text }
    let bytes = Array(text.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + bytes.count / 8)
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    let backtick = UInt8(ascii: "`")
    let newline = UInt8(ascii: "\n")
    var code = CodeTracker()
    var index = 0
    while index < bytes.count {
      if placement == .prose {
        if index == 0 || bytes[index - 1] == newline { code.startLine(bytes[index...].prefix { $0 != newline }) }
        if bytes[index] == backtick {
          var end = index
          while end < bytes.count, bytes[end] == backtick { end += 1 }
          code.backticks(end - index)
          output += bytes[index..<end]
          index = end
          continue
        }
      }
      // A placeholder is `{{`, anything but `}`, then `}}` (ChapterDirectives' pattern).
      if bytes[index] == open, index + 1 < bytes.count, bytes[index + 1] == open {
        var end = index + 2
        while end < bytes.count, bytes[end] != close { end += 1 }
        if end + 1 < bytes.count, bytes[end + 1] == close,
          let value = values[String(decoding: bytes[index...(end + 1)], as: UTF8.self)]
        {
          let placed = placement == .prose && code.isInCode ? MetricPlacement.code : placement
          let isTuple = index > 0 && bytes[index - 1] == UInt8(ascii: "(") && end + 2 < bytes.count && bytes[end + 2] == UInt8(ascii: ")")
          let enumeration = placed == .prose && !isTuple ? enumerations[String(decoding: bytes[index...(end + 1)], as: UTF8.self)] : nil
          output += placed.grouped(enumeration ?? value).utf8
          index = end + 2
          continue
        }
      }
      output.append(bytes[index])
      index += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The text with every line that repeats per epoch (`EpochLines`) written once
  /// for each epoch of the run, its placeholders filled.
  static func expandingEpochRows(_ text: String, metrics: MetricsFile?, language: SiteLanguage = .english) -> String {
    guard let metrics, let epochs = metrics.epochs,
      text.contains(EpochLines.index) || text.contains(EpochLines.numberPlaceholder)
    else { return text }
    let expanded = EpochLines.expand(text, epochs: epochs)
    var values: [String: String] = [:]
    for reference in ChapterDirectives.metricReferences(in: expanded) {
      if let value = metrics.formatted(reference.key, format: reference.format, wording: language.metricWording) {
        values[reference.placeholder] = value
      }
    }
    return fillingPlaceholders(expanded, values: values, placement: .prose)
  }

  /// The line of the first place the original text mentions `needle`.
  func line(of needle: String) -> Int { lineNumber(of: needle, in: original) }
}

/// FNV-1a over UTF-8, 64 bits: stable across runs (Swift's `hashValue` is not).
struct StableHash {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    for byte in text.utf8 {
      state ^= UInt64(byte)
      state = state &* 0x100_0000_01b3
    }
    state ^= 0xff
    state = state &* 0x100_0000_01b3
  }

  mutating func add(_ data: Data) {
    data.withUnsafeBytes { bytes in
      var state = self.state
      for byte in bytes {
        state ^= UInt64(byte)
        state = state &* 0x100_0000_01b3
      }
      self.state = state
    }
  }

  var value: String { String(state, radix: 16) }

  static func of(_ text: String) -> String {
    var hash = StableHash()
    hash.add(text)
    return hash.value
  }

  /// The hash of some bytes (of a file, say).
  static func of(bytes data: Data) -> String {
    var hash = StableHash()
    hash.add(data)
    return hash.value
  }

  /// The hash of a file's bytes, or "absent" when it cannot be read.
  static func ofFile(_ path: String) -> String {
    FileManager.default.contents(atPath: path).map(of(bytes:)) ?? "absent"
  }
}
