import Foundation
import Testing
@testable import SiteGenerator

@Suite("API reference page")
struct APIReferenceTests {
  static let graph = """
    {"module": {"name": "Autograd"}, "symbols": [
      {"kind": {"identifier": "swift.struct", "displayName": "Structure"}, "identifier": {"precise": "s:T"},
       "pathComponents": ["Tensor"], "names": {"title": "Tensor"},
       "declarationFragments": [{"spelling": "struct"}, {"spelling": " "}, {"spelling": "Tensor"}],
       "docComment": {"lines": [{"text": "A tensor of `Float`s."}]}},
      {"kind": {"identifier": "swift.method", "displayName": "Instance Method"}, "identifier": {"precise": "s:T.m"},
       "pathComponents": ["Tensor", "matmul(_:)"], "names": {"title": "matmul(_:)"},
       "declarationFragments": [{"spelling": "func matmul(_ other: Tensor) -> Tensor"}],
       "docComment": {"lines": [{"text": "The matrix product."}]}}
    ], "relationships": []}
    """

  @Test("the symbol graph becomes a page with declarations, documentation and search entries")
  func page() throws {
    let fixture = try SiteFixture()
    defer { fixture.remove() }
    let graphFile = fixture.root.appendingPathComponent("Autograd.symbols.json")
    try Data(Self.graph.utf8).write(to: graphFile)
    var configuration = fixture.configuration
    configuration.symbolGraph = graphFile
    let report = try SiteBuilder(configuration).build()
    #expect(report.pageCount == 8)  // the seven of SiteBuildTests and the API reference
    let page = try fixture.page("api.html")
    #expect(page.contains("<h2 id=\"api-tensor\"><code>Tensor</code>"))
    #expect(page.contains("<h3 id=\"api-tensor-matmul\"><code>Tensor.matmul(_:)</code>"))
    #expect(page.contains("<span class=\"hl-kw\">func</span> <span class=\"hl-fn\">matmul</span>"))
    #expect(page.contains("The matrix product."))
    #expect(try fixture.page("demo.html").contains("<a href=\"api.html\">API reference</a>"))
    #expect(try fixture.page("assets/search-index.js").contains("\"url\":\"api.html#api-tensor-matmul\""))
  }
}
