extension ExerciseCatalog {
  static let chineseAttention = chineseChapter("attention", [])
  static let chineseCompression = chineseChapter("compression", [])
  static let chineseEngine = chineseChapter("engine", [])
}
