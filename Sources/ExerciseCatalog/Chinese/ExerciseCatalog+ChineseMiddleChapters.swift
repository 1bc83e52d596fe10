extension ExerciseCatalog {
  static let chineseConvolution = chineseChapter("cnn", [])
  static let chineseGeneralization = chineseChapter("generalization", [])
  static let chineseRecurrent = chineseChapter("lstm", [])
}
