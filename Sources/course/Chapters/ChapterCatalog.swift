import Foundation

/// The chapters of the course, in reading order.
struct ChapterEntry {
  let number: Int
  let slug: String
  let title: String

  static let all: [ChapterEntry] = [
    ChapterEntry(number: 1, slug: "neurons", title: "Neurons"),
    ChapterEntry(number: 2, slug: "backprop", title: "Backpropagation"),
    ChapterEntry(number: 3, slug: "cross-entropy", title: "Cross-entropy and the MLP"),
    ChapterEntry(number: 4, slug: "cnn", title: "Convolutional networks"),
    ChapterEntry(number: 5, slug: "generalization", title: "Generalization: overfitting and its remedies"),
    ChapterEntry(number: 6, slug: "lstm", title: "Recurrent networks and the LSTM"),
    ChapterEntry(number: 7, slug: "attention", title: "Attention and the Transformer"),
    ChapterEntry(number: 8, slug: "compression", title: "Pruning, int8 and distillation"),
    ChapterEntry(number: 9, slug: "engine", title: "How the core is made fast"),
  ]

  /// The chapter with this slug, or a usage error listing the slugs.
  static func named(_ slug: String) throws -> ChapterEntry {
    guard let entry = all.first(where: { $0.slug == slug }) else {
      let slugs = all.map(\.slug).joined(separator: ", ")
      throw CourseToolError(help("unknown chapter '\(slug)'; the chapters are: \(slugs)", "没有名为 '\(slug)' 的章节；各章为：\(slugs)"))
    }
    return entry
  }

  func directory(in root: URL) -> URL { root.appendingPathComponent("Chapters").appendingPathComponent(slug) }

  /// Whether the chapter's executable exists yet.
  func isWritten(in root: URL) -> Bool {
    FileManager.default.fileExists(atPath: directory(in: root).appendingPathComponent("main.swift").path)
  }

  /// Where a run writes by default (the chapter contract): quick runs apart from full ones.
  func outputDirectory(in root: URL, quick: Bool = false) -> URL {
    root.appendingPathComponent(quick ? ".build/course-quick" : ".build/course").appendingPathComponent(slug)
  }
}

/// A problem the `course` tool reports in one line before exiting non-zero.
struct CourseToolError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The package root, or an error saying where to run the tool.
func requirePackageRoot() throws -> URL {
  var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
  while true {
    if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
      FileManager.default.fileExists(atPath: directory.appendingPathComponent("Chapters").path)
    {
      return directory
    }
    let parent = directory.deletingLastPathComponent()
    if parent.path == directory.path {
      throw CourseToolError(help(
        "not inside the course package: run `course` from the folder that holds Package.swift",
        "不在课程的包里：请在含有 Package.swift 的文件夹中运行 `course`"))
    }
    directory = parent
  }
}
