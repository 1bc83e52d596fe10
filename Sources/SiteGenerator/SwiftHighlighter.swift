/// Colours Swift code at build time: a small tokenizer that wraps keywords,
/// types, strings, numbers, comments and attributes in `<span class="hl-…">`.
///
///     SwiftHighlighter.html(for: "let x = 1 // one")
///     // <span class="hl-kw">let</span> x = <span class="hl-num">1</span> <span class="hl-com">// one</span>
///
/// It is not a parser: it colours what a reader needs to scan code, and every
/// byte of the input comes out (escaped) in order.
enum SwiftHighlighter {
  static let keywords: Set<String> = [
    "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "continue",
    "convenience", "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false",
    "fileprivate", "final", "for", "func", "guard", "if", "import", "in", "indirect", "init", "inout",
    "internal", "is", "lazy", "let", "mutating", "nil", "nonisolated", "open", "operator", "override",
    "private", "protocol", "public", "repeat", "rethrows", "return", "self", "Self", "some", "static", "struct",
    "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias", "var", "weak", "where",
    "while", "consuming", "borrowing", "sending",
  ]

  /// The highlighted HTML of a piece of Swift code (escaped, ready for `<pre><code>`).
  ///
  /// - Complexity: linear in the code's length.
  static func html(for code: String) -> String {
    let bytes = Array(code.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count * 2)
    var position = 0

    func append(_ range: Range<Int>, class name: String?) {
      if let name { output += Array("<span class=\"hl-\(name)\">".utf8) }
      for byte in bytes[range] {
        switch byte {
        case UInt8(ascii: "<"): output += Array("&lt;".utf8)
        case UInt8(ascii: ">"): output += Array("&gt;".utf8)
        case UInt8(ascii: "&"): output += Array("&amp;".utf8)
        case UInt8(ascii: "\""): output += Array("&quot;".utf8)
        default: output.append(byte)
        }
      }
      if name != nil { output += Array("</span>".utf8) }
    }
    func isIdentifierByte(_ byte: UInt8) -> Bool {
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == UInt8(ascii: "_") || byte >= 0x80
    }
    func starts(with text: String, at index: Int) -> Bool {
      let pattern = Array(text.utf8)
      return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
    }

    while position < bytes.count {
      let byte = bytes[position]
      let start = position
      if starts(with: "//", at: position) {
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        append(start..<position, class: "com")
      } else if starts(with: "/*", at: position) {
        var depth = 0
        while position < bytes.count {
          if starts(with: "/*", at: position) { depth += 1; position += 2 }
          else if starts(with: "*/", at: position) { depth -= 1; position += 2; if depth == 0 { break } }
          else { position += 1 }
        }
        append(start..<position, class: "com")
      } else if byte == UInt8(ascii: "\"") {
        let delimiter = starts(with: "\"\"\"", at: position) ? "\"\"\"" : "\""
        position += delimiter.utf8.count
        while position < bytes.count, !starts(with: delimiter, at: position) {
          if delimiter == "\"" && bytes[position] == UInt8(ascii: "\n") { break }
          position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
        }
        position = min(bytes.count, position + delimiter.utf8.count)
        append(start..<position, class: "str")
      } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        while position < bytes.count,
          isIdentifierByte(bytes[position])
            || (bytes[position] == UInt8(ascii: ".") && position + 1 < bytes.count
              && bytes[position + 1] >= UInt8(ascii: "0") && bytes[position + 1] <= UInt8(ascii: "9"))
            || ((bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+"))
              && (bytes[position - 1] == UInt8(ascii: "e") || bytes[position - 1] == UInt8(ascii: "E")))
        { position += 1 }
        append(start..<position, class: "num")
      } else if byte == UInt8(ascii: "@") || byte == UInt8(ascii: "#") {
        position += 1
        while position < bytes.count, isIdentifierByte(bytes[position]) { position += 1 }
        append(start..<position, class: position - start > 1 ? (byte == UInt8(ascii: "@") ? "attr" : "kw") : nil)
      } else if isIdentifierByte(byte) {
        while position < bytes.count, isIdentifierByte(bytes[position]) { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        let previous = start > 0 ? bytes[start - 1] : 0
        if keywords.contains(word) && previous != UInt8(ascii: ".") {
          append(start..<position, class: "kw")
        } else if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
          append(start..<position, class: "ty")
        } else if position < bytes.count && bytes[position] == UInt8(ascii: "(") {
          append(start..<position, class: "fn")
        } else {
          append(start..<position, class: nil)
        }
      } else {
        position += 1
        append(start..<position, class: nil)
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}
