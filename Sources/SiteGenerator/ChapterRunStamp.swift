import Foundation
import Literate

/// Whether a chapter's last run is still current for the site: a digest of
/// the chapter's sources, the libraries it runs on (core, data, plots, chapter
/// runtime, the workloads' models), the package manifest and the run's flags, kept beside the run's
/// outputs as `.site-run-stamp`.
public struct ChapterRunStamp {
  /// The libraries whose code shapes every chapter's numbers.
  public static let libraryFolders = [
    "Sources/Autograd", "Sources/CourseKit", "Sources/Datasets", "Sources/Plotting", "Sources/Workloads",
  ]

  public let digest: String
  /// Whether the run is a quick one (`--quick` among its flags).
  let isQuick: Bool
  let stampFile: URL
  let metricsFile: URL

  public init(chapter: SiteChapter, configuration: SiteConfiguration, flags: [String]) {
    var hash = StableHash()
    hash.add(flags.joined(separator: " "))
    isQuick = flags.contains("--quick")
    let manager = FileManager.default
    let folders = [configuration.chapterDirectory(chapter)]
      + Self.libraryFolders.map { configuration.packageRoot.appendingPathComponent($0) }
    var files: [URL] = [configuration.packageRoot.appendingPathComponent("Package.swift")]
    for folder in folders {
      guard let enumerator = manager.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
      for case let url as URL in enumerator where ["swift", "c", "h"].contains(url.pathExtension) { files.append(url) }
    }
    for file in files.sorted(by: { $0.path < $1.path }) {
      hash.add(configuration.relativePath(file))
      if let data = manager.contents(atPath: file.path) { hash.add(data) }
    }
    digest = hash.value
    let output = configuration.runDirectory(chapter)
    stampFile = output.appendingPathComponent(".site-run-stamp")
    metricsFile = output.appendingPathComponent("metrics.json")
  }

  /// Whether the chapter must run again: no metrics yet, sources or flags changed since,
  /// or the metrics are of the other kind of run (a quick run's, written by hand into a
  /// full run's folder, is never taken for a full run's).
  public var isStale: Bool {
    guard let metrics = try? MetricsFile(contentsOf: metricsFile),
      let recorded = try? String(contentsOf: stampFile, encoding: .utf8)
    else { return true }
    let quickRun = metrics.value(at: "quick") as? Bool == true
    return recorded.trimmingCharacters(in: .whitespacesAndNewlines) != digest || quickRun != isQuick
  }

  /// Records that the run just finished matches the current sources and flags.
  public func record() throws {
    try Data((digest + "\n").utf8).write(to: stampFile, options: .atomic)
  }
}
