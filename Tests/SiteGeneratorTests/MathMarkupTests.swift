import Foundation
import Testing
@testable import SiteGenerator

/// KaTeX's markup and stylesheet shortened together (`MathStyleSheet`,
/// `MathMarkupCompactor`), and formulas as readable text (`MathText`).
@Suite("Site math markup")
struct MathMarkupTests {
  static let katexDirectory = URL(fileURLWithPath: "/usr/share/nodejs/katex")
  static let formula = #"\sigma(z) = \frac{1}{1+e^{-z}} + x_{1,ij}"#

  /// KaTeX's HTML for `formula`, as the build gets it.
  func rendered() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("math-markup-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let renderer = KaTeXRenderer(
      katexDirectory: Self.katexDirectory,
      script: SiteFixture.repositoryRoot.appendingPathComponent("Site/scripts/render-math.js"),
      cacheFile: folder.appendingPathComponent("cache.json"))
    let request = KaTeXRenderer.Request(tex: Self.formula, display: false)
    return try renderer.render([request]).results[request]!.get()
  }

  @Test("KaTeX's classes are renamed in its stylesheet and in the markup alike")
  func classRewrite() throws {
    let html = try rendered()
    let katexCSS = try String(contentsOf: Self.katexDirectory.appendingPathComponent("dist/katex.min.css"), encoding: .utf8)
    let sheet = MathStyleSheet(katexCSS: katexCSS, siteCSS: [".katex { font-size: 1.1em; }"], formulas: [html])
    let compact = sheet.compactor.compact(html)
    #expect(compact.utf8.count * 2 < html.utf8.count)

    // The site's hook stays; KaTeX's own names and inline styles are gone from the markup.
    #expect(compact.hasPrefix("<span class=katex>"))
    #expect(!compact.contains("vlist") && !compact.contains("mathnormal") && !compact.contains("style="))
    #expect(!compact.contains("<span class=\"mord"))
    // The MathML for screen readers keeps its elements.
    #expect(compact.contains("<mfrac><mn>1</mn>"))

    // Every class the markup uses is a class selector of the stylesheet (or the kept `katex`).
    let selectors = StyleSheetSelectors.selectors(sheet.css).joined(separator: ",")
    let defined = Set(StyleSheetSelectors.classNames(in: selectors))
    let used = Set(allMatches(of: #"class=(?:"([^"]*)"|([^ >]+))"#, in: compact).flatMap { ($0[1] + " " + $0[2]).split(separator: " ").map(String.init) })
    #expect(!used.isEmpty && used.isSubset(of: defined))
    // No original KaTeX class is left in a selector, fonts are still named, `.katex` kept.
    #expect(!defined.contains("vlist") && !defined.contains("mathnormal") && !defined.contains("sizing"))
    #expect(defined.contains("katex"))
    #expect(sheet.css.contains("url(fonts/KaTeX_Main-Regular.woff2)"))
    #expect(!sheet.css.contains(">span") && sheet.css.contains(">k-"))

    // The compound `.sizing.reset-size6.size3` (the subscript's font size) matches the
    // generated class that KaTeX's `sizing reset-size6 size3 mtight` element became.
    let original = allMatches(of: #"<span class="sizing reset-size6 size3 mtight"(?: style="([^"]*)")?>"#, in: html)
    #expect(!original.isEmpty)
    let key = MathMarkupCompactor.combination(
      classes: ["sizing", "reset-size6", "size3", "mtight"], style: original.first?[1].isEmpty == false ? original.first?[1] : nil,
      katexClasses: Set(sheet.compactor.classNames.keys), keptClasses: sheet.compactor.keptClasses)
    let generated = try #require(key.flatMap { sheet.compactor.combinedClasses[$0] })
    #expect(compact.contains("<k- class=\(generated)>"))
    let sizeRule = try #require(allMatches(of: #"([^{}]*)\{font-size:\.7em\}"#, in: sheet.css).first { $0[1].contains(".\(generated),") || $0[1].contains(".\(generated))") })
    // Each of the compound's three classes became an :is() that accepts the generated class.
    #expect(sizeRule[1].components(separatedBy: ":is(").count - 1 >= 3)

    // An inline style became a class whose declarations are !important, like the inline style they replace.
    #expect(sheet.css.contains("!important}"))
  }

  @Test("a formula reads as text in the search index")
  func readableText() throws {
    let html = KaTeXRenderer.compact(try rendered())
    #expect(MathText.readable(html) == "σ(z) = 1/(1+e^(−z))+x_(1,ij)")
    #expect(MathText.readable("<span>no math</span>") == nil)
  }

  @Test("the search index holds formulas as text, not TeX")
  func searchIndexMath() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    _ = try fixture.build()
    let index = try fixture.page("assets/search-index.js")
    #expect(index.contains("z = w⋅x+b"))
    #expect(index.contains("σ(z) = 1/(1+e^(−z))"))
    #expect(!index.contains("\\\\frac") && !index.contains("\\\\cdot"))
  }
}
