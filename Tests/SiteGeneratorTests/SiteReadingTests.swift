import Foundation
import Testing
@testable import SiteGenerator

/// What makes a page readable: figures shown at a size whose labels can be read,
/// code blocks with a caption bar for their copy button, the page's sections in the chapter list.
@Suite("Site reading")
struct SiteReadingTests {
  @Test("an SVG's drawn size and smallest label are read from gnuplot's and CSS's ways of writing them")
  func figureSize() throws {
    let gnuplot = """
      <?xml version="1.0"?>
      <svg
       viewBox="0 0 840 370"
       xmlns="http://www.w3.org/2000/svg">
      <text font-size="13.00">Title</text><g font-size="11.00"><text>0.5</text></g><text font-size="8.00">7</text></svg>
      """
    let size = try #require(FigureSize(svg: gnuplot))
    #expect(size == FigureSize(width: 840, height: 370, smallestLabel: 8))
    // Labels of 8 px reach 11 px at 840 × 11 / 8 = 1155 px: shown no narrower, so no wider than drawn is not enough.
    #expect(size.readableWidth == 1155)
    #expect(size.largestWidth == 1155)
    let css = #"<svg xmlns="http://www.w3.org/2000/svg" width="260px" height="280"><style>text { font-size: 14px }</style></svg>"#
    let small = try #require(FigureSize(svg: css))
    #expect(small == FigureSize(width: 260, height: 280, smallestLabel: 14))
    // A small map is shown at most as drawn: never blown up to the column.
    #expect(small.imageAttributes.contains("max-width:260px;min-width:205px"))
    #expect(FigureSize(svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>") == nil)
    // gnuplot's own <desc> says nothing about the figure: no description.
    #expect(FigureSize(svg: gnuplot.replacingOccurrences(of: "<text", with: "<desc>Produced by GNUPLOT 5.4 patchlevel 4 </desc><text"))?.description == nil)
  }

  @Test("a figure opens full size on a click and carries its drawn size; every code block has a caption bar")
  func figureAndCodeMarkup() throws {
    let fixture = try SiteFixture(text: SiteFixture.chapterText.replacingOccurrences(
      of: "Write `sigmoid(_:)`.", with: "Write `sigmoid(_:)`.\n\n```sh\nswift run course check\n```"))
    defer { fixture.remove() }
    let svg = SiteFixture.svg.replacingOccurrences(
      of: "<title>", with: "<desc>\u{201C}Loss\u{201D}: a line \u{201C}train\u{201D} of loss against epoch.</desc><text font-size=\"10\">x</text><title>")
    try fixture.write(svg, to: ".build/course/demo/figures/loss.svg")
    _ = try fixture.build()
    let page = try fixture.page("demo.html")
    #expect(page.contains(
      "<a class=\"figure-open\" href=\"figures/demo/loss.svg\" title=\"Open the figure full size\"><img src=\"figures/demo/loss.svg\""))
    #expect(page.contains("width=\"200\" height=\"100\" data-label-px=\"10\" style=\"max-width:220px;min-width:220px\""))
    // The alt text says what the figure draws (its <desc>, from Plotting); the caption stays beside it.
    #expect(page.contains("alt=\"\u{201C}Loss\u{201D}: a line \u{201C}train\u{201D} of loss against epoch.\""))
    #expect(page.contains("<figcaption>The loss falls, as"))
    #expect(page.contains("<figcaption class=\"code-source\"><span class=\"code-language\">shell</span></figcaption><pre><code class=\"language-sh\">"))
    // The page's sections, under its entry in the chapter list (the contents on a phone).
    #expect(page.contains("<ol class=\"nav-sections\" aria-label=\"On this page\"><li><a href=\"#the-figure\">"))
  }
}
