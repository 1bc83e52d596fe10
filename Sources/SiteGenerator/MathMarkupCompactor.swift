import Foundation

/// KaTeX's HTML for one formula, shortened without changing a pixel.
///
/// KaTeX's markup is most of a chapter page, and most of that markup is
/// repetition: long class names (`vlist-t vlist-t2`), the same few dozen
/// inline styles (`height:2.7em;`) and classes no stylesheet mentions
/// (`mord`). The elements themselves all stay, in place: removing even a
/// wrapper span that no rule styles moves glyphs by a fraction of a pixel in
/// Chromium (measured), so only names and attributes change. Per element:
///
/// - a class no stylesheet of the site names is dropped: it cannot style
///   anything (`keptClasses`, the site's own hooks like `katex`, stay as they are);
/// - what is left, KaTeX's classes and the inline style, becomes one class:
///   a lone KaTeX class its short name (`classNames`: `vlist-r` → `c`), any
///   combination a generated class (`combinedClasses`: `sizing reset-size6 size3`
///   → `C`, `strut` with `height:2.7em;` → `D`). `MathStyleSheet` rewrites
///   KaTeX's selectors to match: `.vlist` becomes `:is(.d,.D,…)`, the classes
///   whose element has vlist, with the same specificity. A generated class
///   carries its inline style as `!important` declarations, which, like an
///   inline style, beat every normal rule whatever its specificity (KaTeX's
///   one `!important` sets a property KaTeX never inlines);
/// - every `<span>` becomes `<k->` (`elementName`), the shortest valid custom
///   element name: like a span it has no default style and no role (it is
///   `display: inline` and generic), and KaTeX's selectors are rewritten to
///   match (`.vlist>span` → `.vlist>k-`). Spans with a kept class (`katex`,
///   `katex-display`) stay spans, the site's hooks as they were;
/// - attribute values that need no quotes lose them (`class=a`), as HTML allows.
///
/// The MathML that screen readers read keeps its elements and attributes.
struct MathMarkupCompactor: Codable {
  /// KaTeX's class → its short name.
  let classNames: [String: String]
  /// Classes kept under their own name: the ones the site's stylesheets use.
  let keptClasses: Set<String>
  /// The key of a combination of classes and style (`Self.combination`) → its generated class.
  let combinedClasses: [String: String]
  /// What KaTeX's spans become.
  static let elementName = "k-"

  /// One start or end tag, as KaTeX writes them: `<span class="a b" style="…">`, `</span>`, `<path d='…'/>`.
  struct Tag {
    var name: String
    var attributes: [(name: String, value: String)] = []
    var isEnd = false
    var isSelfClosing = false
    /// Characters an attribute value may hold without quotes (HTML forbids
    /// space, quotes, `=`, `<`, `>` and backtick; `/` is left out so `d=M0/>` cannot happen).
    static let unquotedCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:;#%")

    func value(_ attribute: String) -> String? { attributes.first { $0.name == attribute }?.value }

    var html: String {
      if isEnd { return "</\(name)>" }
      var text = "<" + name
      var endsBare = false
      for attribute in attributes {
        // Values keep KaTeX's escaping; choose the quote they do not contain, or none when none is needed.
        let bare = !attribute.value.isEmpty && attribute.value.unicodeScalars.allSatisfy(Self.unquotedCharacters.contains)
        let quote = bare ? "" : attribute.value.contains("\"") ? "'" : "\""
        text += " \(attribute.name)=\(quote)\(attribute.value)\(quote)"
        endsBare = bare
      }
      // `<mspace width=2em/>` would read as width "2em/": a bare value needs a space before `/>`.
      return text + (isSelfClosing ? (endsBare ? " />" : "/>") : ">")
    }
  }

  /// What an element's classes and style become, as the key of `combinedClasses`:
  /// nil when a lone KaTeX class (or nothing) is left, or when the element
  /// carries one of the site's classes (then it keeps its classes and style apart).
  static func combination(classes: [Substring], style: String?, katexClasses: Set<String>, keptClasses: Set<String>) -> String? {
    if classes.contains(where: { keptClasses.contains(String($0)) }) { return nil }
    let styled = classes.filter { katexClasses.contains(String($0)) }
    guard styled.count >= 2 || style != nil else { return nil }
    return styled.joined(separator: " ") + "|" + (style ?? "")
  }

  func compact(_ html: String) -> String {
    var output = ""
    output.reserveCapacity(html.utf8.count / 2)
    let katexClasses = Set(classNames.keys)
    // For each open element, whether it was renamed (an end tag does not say which span it closes).
    var renamed: [Bool] = []
    Self.scan(html, text: { output += $0 }) { tag in
      var rewritten = tag
      if tag.isEnd {
        if renamed.popLast() == true { rewritten.name = Self.elementName }
        output += rewritten.html
        return
      }
      let classes = tag.value("class")?.split(separator: " ") ?? []
      let kept = classes.contains { keptClasses.contains(String($0)) }
      if tag.name == "span" && !kept { rewritten.name = Self.elementName }
      if !tag.isSelfClosing && !Self.voidElements.contains(tag.name) { renamed.append(rewritten.name != tag.name) }
      guard !classes.isEmpty || tag.value("style") != nil else {
        output += rewritten.html
        return
      }
      var style = tag.value("style")
      var newClasses: [String]
      if let key = Self.combination(classes: classes, style: style, katexClasses: katexClasses, keptClasses: keptClasses),
        let generated = combinedClasses[key]
      {
        newClasses = [generated]
        style = nil
      } else {
        newClasses = classes.compactMap { keptClasses.contains(String($0)) ? String($0) : classNames[String($0)] }
      }
      rewritten.attributes = tag.attributes.filter { $0.name != "class" && $0.name != "style" }
      if !newClasses.isEmpty { rewritten.attributes.insert(("class", newClasses.joined(separator: " ")), at: 0) }
      if let style { rewritten.attributes.append(("style", style)) }
      output += rewritten.html
    }
    return output
  }

  /// Elements that never have an end tag.
  static let voidElements: Set<String> = ["br", "hr", "img", "wbr", "input", "col", "area", "embed", "source"]

  /// How often each combination of classes and style (`combination`) occurs in the formulas,
  /// to give the commonest the shortest names.
  static func usage(_ formulas: some Sequence<String>, katexClasses: Set<String>, keptClasses: Set<String>) -> [String: Int] {
    var combinations: [String: Int] = [:]
    for html in formulas {
      scan(html, text: { _ in }) { tag in
        let classes = tag.value("class")?.split(separator: " ") ?? []
        if let key = combination(classes: classes, style: tag.value("style"), katexClasses: katexClasses, keptClasses: keptClasses) {
          combinations[key, default: 0] += 1
        }
      }
    }
    return combinations
  }

  /// Walks KaTeX's HTML: text between tags to `text`, each tag parsed to `tag`.
  /// KaTeX writes well-formed markup with quoted attributes and escaped text,
  /// so a tag ends at the first `>` outside quotes.
  static func scan(_ html: String, text: (String) -> Void, tag: (Tag) -> Void) {
    let bytes = Array(html.utf8)
    var index = 0
    var textStart = 0
    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    func isNameByte(_ byte: UInt8) -> Bool {
      byte != UInt8(ascii: " ") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "=")
        && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t")
    }
    while index < bytes.count {
      guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
      if textStart < index { text(string(textStart..<index)) }
      var parsed = Tag(name: "")
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "/") { parsed.isEnd = true; index += 1 }
      let nameStart = index
      while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
      parsed.name = string(nameStart..<index)
      while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
        let byte = bytes[index]
        if byte == UInt8(ascii: "/") { parsed.isSelfClosing = true; index += 1; continue }
        if !isNameByte(byte) { index += 1; continue }
        let attributeStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        let name = string(attributeStart..<index)
        var value = ""
        if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
          index += 1
          let quote = bytes[index]
          if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let valueStart = index + 1
            index = valueStart
            while index < bytes.count, bytes[index] != quote { index += 1 }
            value = string(valueStart..<index)
            index += 1
          } else {
            let valueStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: ">") { index += 1 }
            value = string(valueStart..<index)
          }
        }
        parsed.isSelfClosing = false
        parsed.attributes.append((name, value))
      }
      index += 1
      textStart = index
      tag(parsed)
    }
    if textStart < bytes.count { text(string(textStart..<bytes.count)) }
  }
}
