import Foundation

/// The core's API reference as one page of the site, from the compiler's
/// symbol graph (`swift build -Xswiftc -emit-symbol-graph`): every public
/// type with its declaration and documentation, then its members. Unlike
/// DocC's web app, it reads from `file://` and is in the search index.
struct APIReferencePage {
  struct Symbol: Decodable {
    struct Kind: Decodable { let identifier: String; let displayName: String }
    struct Identifier: Decodable { let precise: String }
    struct Fragment: Decodable { let spelling: String }
    struct Names: Decodable { let title: String }
    struct DocComment: Decodable {
      struct Line: Decodable { let text: String }
      let lines: [Line]
    }
    let kind: Kind
    let identifier: Identifier
    let pathComponents: [String]
    let names: Names
    let declarationFragments: [Fragment]?
    let docComment: DocComment?
  }

  struct Graph: Decodable {
    struct Module: Decodable { let name: String }
    let module: Module
    let symbols: [Symbol]
  }

  let graph: Graph

  init(symbolGraph: URL) throws {
    graph = try JSONDecoder().decode(Graph.self, from: Data(contentsOf: symbolGraph))
  }

  /// The page's Markdown-free body: headings with ids, declarations highlighted.
  func body() -> String {
    let symbols = graph.symbols.filter { !$0.identifier.precise.contains("::SYNTHESIZED::") }
    let topLevel = symbols.filter { $0.pathComponents.count == 1 }.sorted { Self.order($0, $1) }
    var members: [String: [Symbol]] = [:]
    for symbol in symbols where symbol.pathComponents.count >= 2 {
      members[symbol.pathComponents.dropLast().joined(separator: "."), default: []].append(symbol)
    }
    var html = "<h1>API reference: \(HTMLText.escape(graph.module.name))</h1>\n"
    html += "<p>Every public symbol of the core, from the compiler's symbol graph. Types first, then free functions;"
      + " each type's members follow its description.</p>\n"
    var used: Set<String> = []
    for symbol in topLevel {
      html += section(symbol, level: 2, used: &used)
      let path = symbol.pathComponents.joined(separator: ".")
      for member in (members[path] ?? []).sorted(by: { Self.order($0, $1) }) {
        html += section(member, level: 3, used: &used)
      }
    }
    return html
  }

  private func section(_ symbol: Symbol, level: Int, used: inout Set<String>) -> String {
    var id = "api-" + HTMLText.slug(symbol.pathComponents.joined(separator: "-"))
    var suffix = 2
    while used.contains(id) { id = "api-" + HTMLText.slug(symbol.pathComponents.joined(separator: "-")) + "-\(suffix)"; suffix += 1 }
    used.insert(id)
    let declaration = (symbol.declarationFragments ?? []).map(\.spelling).joined()
    let documentation = symbol.docComment.map { $0.lines.map(\.text).joined(separator: "\n") } ?? ""
    let title = level == 2 ? symbol.names.title : symbol.pathComponents.joined(separator: ".")
    var html = "<section class=\"api-symbol api-level-\(level)\"><h\(level) id=\"\(id)\"><code>\(HTMLText.escape(title))</code>"
      + " <span class=\"api-kind\">\(HTMLText.escape(symbol.kind.displayName))</span></h\(level)>"
    if !declaration.isEmpty {
      html += "<figure class=\"code-block\"><pre><code class=\"language-swift\">\(SwiftHighlighter.html(for: declaration))</code></pre></figure>"
    }
    if !documentation.isEmpty {
      // Doc comments are Markdown; their code examples are Swift.
      html += Markdown.html(documentation).replacingOccurrences(of: "<pre><code>", with: "<pre><code class=\"language-swift\">")
    }
    return html + "</section>\n"
  }

  /// Types before functions, then by name.
  private static func order(_ left: Symbol, _ right: Symbol) -> Bool {
    let rank: (Symbol) -> Int = { ["swift.protocol": 0, "swift.struct": 1, "swift.class": 1, "swift.enum": 1].keys.contains($0.kind.identifier) ? 0 : 1 }
    return (rank(left), left.names.title.lowercased()) < (rank(right), right.names.title.lowercased())
  }
}
