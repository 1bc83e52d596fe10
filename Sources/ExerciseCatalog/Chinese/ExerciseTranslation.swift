/// One exercise in Simplified Chinese: what the stub's doc comment says in
/// English (its task and its `Hint:` paragraph) and its graded hints, in the
/// same order as the English ones. Code, identifiers and math stay as they are.
public struct ExerciseTranslation: Sendable {
  /// The exercise's id, `chapter.function`.
  public let id: String
  /// The stub's task: the doc comment before its hint, without `Exercise N —`.
  public let task: String
  /// The doc comment's hint, which `course check` shows under the next exercise.
  public let hint: String
  /// The graded hints of `course hint`, one for each English hint.
  public let hints: [String]
}

extension ExerciseCatalog {
  /// Every exercise's translation, in course order (a test requires one for each exercise, and no more).
  public static let chineseTranslations: [ExerciseTranslation] =
    chineseNeurons + chineseBackprop + chineseCrossEntropy + chineseConvolution + chineseGeneralization
    + chineseRecurrent + chineseAttention + chineseCompression + chineseEngine

  /// The translations by exercise id.
  static let chineseByID: [String: ExerciseTranslation] = Dictionary(
    chineseTranslations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

  /// The chapters' titles in the Chinese edition, by slug (the glossary fixes them).
  public static let chineseChapterTitles: [String: String] = [
    "neurons": "神经元", "backprop": "反向传播", "cross-entropy": "交叉熵", "cnn": "卷积神经网络", "generalization": "泛化",
    "lstm": "长短期记忆网络", "attention": "注意力机制", "compression": "模型压缩", "engine": "引擎：核心库如何变快",
  ]

  /// A chapter's translations, with ids made from `slug` as ``chapter(_:module:_:)`` makes them.
  static func chineseChapter(
    _ slug: String, _ exercises: [(function: String, task: String, hint: String, hints: [String])]
  ) -> [ExerciseTranslation] {
    exercises.map { ExerciseTranslation(id: "\(slug).\($0.function)", task: $0.task, hint: $0.hint, hints: $0.hints) }
  }

  /// How a chapter's block in the table starts: `Chapter neurons`, `第 1 章 神经元（neurons）`.
  public static func chapterHeading(_ slug: String, in language: Language) -> String {
    guard language == .chinese, let title = chineseChapterTitles[slug], let index = chapters.firstIndex(of: slug) else {
      return "Chapter \(slug)"
    }
    return "第 \(index + 1) 章 \(title)（\(slug)）"
  }
}

extension ExerciseEntry {
  /// This exercise in Chinese, if translated.
  public var chinese: ExerciseTranslation? { ExerciseCatalog.chineseByID[id] }

  /// How the table and messages name it: `exercise 1 (sigmoid)`, `练习 1（sigmoid）`.
  public func title(in language: Language) -> String {
    language.text(title, "练习 \(number)（\(function)）")
  }

  /// The graded hints in `language` (the English ones where a translation is missing).
  public func hints(in language: Language) -> [String] {
    guard language == .chinese, let chinese, chinese.hints.count == hints.count else { return hints }
    return chinese.hints
  }
}
