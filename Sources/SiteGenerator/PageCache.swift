import Foundation

/// What the build remembers of each rendered page between runs, so a page
/// whose inputs did not change is not loaded, checked or rendered again.
///
/// A page is reused only when its key is the same as when it was rendered.
/// The key hashes everything the page's body depends on:
///
/// - the bytes of every file it was made from: for a chapter its `chapter.md`,
///   the source files it includes, its `metrics.json` and figures (the list is
///   kept with the entry, so a later build can check those files without
///   reading the text); for a site text its `Site/content/*.md`;
/// - the chapter's number, title and slug, and every chapter's slug (links
///   between chapter texts become links between pages);
/// - the math style (`mathDigest`): KaTeX's version, stylesheet, the render
///   script, the site's stylesheets and the set of every formula of the site,
///   which together decide the short class names in every formula's markup;
/// - the generator itself (`generatorVersion`).
///
/// The template, sidebar, contents, previous/next, the gathered pages and the
/// search index are not cached: they are made from the pages' contents on
/// every build, which is cheap, so they are always in step with every page.
/// Entries are written only after a build that found no problem, so a reused
/// page has passed every check of its text (lint, math) under the same inputs.
struct PageCache {
  /// `<cacheDirectory>/pages`: one JSON file per page, so a changed page rewrites one file.
  let directory: URL

  /// One rendered page and what it was made from.
  struct Entry: Codable {
    /// The key it was rendered under (see the type's documentation).
    let key: String
    /// Every input file (absolute path) with the hash of its bytes, or "absent".
    let dependencies: [String: String]
    /// The page's formulas, for the site's math style.
    let formulas: [MathExtraction.Formula]
    /// The figures the page places, as written (`figures/loss.svg`).
    let figures: [String]
    let content: PageContent
    /// Every `id` in the body, for checking links to the page.
    let anchors: [String]
  }

  func entry(_ name: String) -> Entry? {
    guard let data = FileManager.default.contents(atPath: file(name).path) else { return nil }
    return try? JSONDecoder().decode(Entry.self, from: data)
  }

  func store(_ entry: Entry, as name: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(entry).write(to: file(name), options: .atomic)
  }

  /// Whether every file an entry was made from still has the bytes it had.
  ///
  /// - Complexity: reads each dependency once (a chapter's are about 0.5 MB).
  static func dependenciesUnchanged(_ dependencies: [String: String]) -> Bool {
    dependencies.allSatisfy { path, hash in StableHash.ofFile(path) == hash }
  }

  /// The math style of a site, remembered under its digest.
  struct MathStyleEntry: Codable {
    let digest: String
    let style: MathStyleSheet
  }

  func mathStyle(digest: String) -> MathStyleSheet? {
    guard let data = FileManager.default.contents(atPath: file("math-style").path),
      let entry = try? JSONDecoder().decode(MathStyleEntry.self, from: data), entry.digest == digest
    else { return nil }
    return entry.style
  }

  func storeMathStyle(_ style: MathStyleSheet, digest: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try JSONEncoder().encode(MathStyleEntry(digest: digest, style: style)).write(to: file("math-style"), options: .atomic)
  }

  private func file(_ name: String) -> URL { directory.appendingPathComponent(name + ".json") }

  /// The generator's identity: the cache's format, and the size and modification
  /// time of the running executable, so a rebuilt generator renders every page afresh
  /// (hashing its tens of megabytes would cost more than the rendering it saves).
  static let generatorVersion: String = {
    var hash = StableHash()
    hash.add("page-cache-1")
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
    if let attributes = try? FileManager.default.attributesOfItem(atPath: executable) {
      hash.add(executable)
      hash.add("\(attributes[.size] ?? 0) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
    }
    return hash.value
  }()
}
