import Foundation
import Literate

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
///   between chapter texts become links between pages), and the articles' folder
///   (its quotes were checked against them, or not; the cited articles are dependencies);
/// - the math style (`styleDigest`): KaTeX's version and render script, and the
///   short class names and stylesheet that every formula's markup is written
///   with (decided by KaTeX's stylesheet, the site's and every formula of the
///   site: a new formula that leaves them as they were changes no other page);
/// - the generator itself (`generatorVersion`).
///
/// A section link's number (`[section](../cnn/chapter.md#x)` → "section 3") is not in the
/// cached body, which keeps a marker: it is written on every build from every chapter's
/// sections as they are, so a section added to one chapter renumbers links from the others.
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
    /// The rendered page; its body is kept beside the entry as `<name>.html`
    /// (as JSON, its every quote escaped, it took longer to read than to render).
    var content: PageContent
    /// Every `id` in the body, for checking links to the page.
    let anchors: [String]
  }

  func entry(_ name: String) -> Entry? {
    guard let data = FileManager.default.contents(atPath: file(name).path),
      var entry = try? JSONDecoder().decode(Entry.self, from: data),
      let body = FileManager.default.contents(atPath: file(name, extension: "html").path)
    else { return nil }
    entry.content.body = String(decoding: body, as: UTF8.self)
    return entry
  }

  func store(_ entry: Entry, as name: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var withoutBody = entry
    withoutBody.content.body = ""
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // The body first: an entry is only read when its body is there.
    try Data(entry.content.body.utf8).write(to: file(name, extension: "html"), options: .atomic)
    try encoder.encode(withoutBody).write(to: file(name), options: .atomic)
  }

  /// A page's formulas as its last render placed them: KaTeX's markup shortened
  /// under the math style `digest`, and readable text (for the search index).
  /// A page that changes but keeps most of its formulas re-renders from these,
  /// without reading the whole site's KaTeX cache.
  struct PageMath {
    let digest: String
    var formulas: [KaTeXRenderer.Request: (html: String, text: String?)] = [:]
  }

  /// The page's saved formulas, when they were shortened under the math style `digest`.
  ///
  /// The file is NUL-separated fields: the digest, then key, markup and text of each
  /// formula (TeX, HTML and text hold no NUL; one that did would not be saved).
  func pageMath(_ name: String, digest: String) -> PageMath? {
    guard let data = FileManager.default.contents(atPath: file(name, extension: "math").path) else { return nil }
    let fields = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard fields.first == digest, fields.count % 3 == 1 else { return nil }
    var math = PageMath(digest: digest)
    var index = 1
    while index + 2 < fields.count {
      let key = fields[index]
      let request = KaTeXRenderer.Request(tex: String(key.dropFirst(2)), display: key.hasPrefix("D:"))
      math.formulas[request] = (fields[index + 1], fields[index + 2].isEmpty ? nil : fields[index + 2])
      index += 3
    }
    return math
  }

  func storePageMath(_ math: PageMath, as name: String) throws {
    var fields = [math.digest]
    for (request, formula) in math.formulas.sorted(by: { $0.key.cacheKey < $1.key.cacheKey }) {
      fields += [request.cacheKey, formula.html, formula.text ?? ""]
    }
    guard !fields.contains(where: { $0.utf8.contains(0) }) else { return }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(fields.joined(separator: "\u{0}").utf8).write(to: file(name, extension: "math"), options: .atomic)
  }

  /// Whether every file an entry was made from still has the bytes it had.
  ///
  /// - Complexity: reads each dependency once (a chapter's are about 0.5 MB).
  static func dependenciesUnchanged(_ dependencies: [String: String]) -> Bool {
    dependencies.allSatisfy { path, hash in StableHash.ofFile(path) == hash }
  }

  /// The math style of a site, remembered under the digest of what decides it
  /// (`SiteBuilder.mathDigest`), with the digest of the style itself (`SiteBuilder.styleDigest`).
  struct MathStyleEntry: Codable {
    let digest: String
    let styleDigest: String
    let style: MathStyleSheet
  }

  func mathStyle(digest: String) -> MathStyleEntry? {
    guard let data = FileManager.default.contents(atPath: file("math-style").path),
      let entry = try? JSONDecoder().decode(MathStyleEntry.self, from: data), entry.digest == digest
    else { return nil }
    return entry
  }

  func storeMathStyle(_ style: MathStyleSheet, digest: String, styleDigest: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let entry = MathStyleEntry(digest: digest, styleDigest: styleDigest, style: style)
    try JSONEncoder().encode(entry).write(to: file("math-style"), options: .atomic)
  }

  private func file(_ name: String, extension: String = "json") -> URL {
    directory.appendingPathComponent(name + "." + `extension`)
  }

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
