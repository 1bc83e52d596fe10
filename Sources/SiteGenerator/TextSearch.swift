/// Finding and replacing plain text in the build's large strings, over their UTF-8 bytes.
///
/// Foundation's `range(of:)` and `replacingOccurrences(of:with:)` copy a
/// Swift string into UTF-16 on every call: on a 300 KB chapter page, a few of
/// those cost more than rendering the page. These walk the bytes in place.
extension String {
  /// The first occurrence of `needle` at or after `start` (the start of the string by default).
  ///
  /// - Complexity: O(n·m) at worst, O(n) for the HTML the build searches.
  func firstRange(ofText needle: String, from start: Index? = nil) -> Range<Index>? {
    let from = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
    let found: Int?? = utf8.withContiguousStorageIfAvailable { bytes in
      Array(needle.utf8).withUnsafeBufferPointer { pattern in Self.offset(of: pattern, in: bytes, from: from) }
    }
    guard let offset = found ?? Array(utf8).withUnsafeBufferPointer({ bytes in
      Array(needle.utf8).withUnsafeBufferPointer { pattern in Self.offset(of: pattern, in: bytes, from: from) }
    })
    else { return nil }
    let lower = utf8.index(utf8.startIndex, offsetBy: offset)
    return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
  }

  /// The string with every occurrence of `target` replaced, left to right, without overlaps.
  ///
  /// - Complexity: O(n) for the HTML the build rewrites.
  func replacingText(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var copy = self
    return copy.withUTF8 { bytes in
      Array(target.utf8).withUnsafeBufferPointer { pattern in
        var output: [UInt8] = []
        var last = 0
        var position = 0
        while let found = Self.offset(of: pattern, in: bytes, from: position) {
          if output.isEmpty { output.reserveCapacity(bytes.count + bytes.count / 16) }
          output += bytes[last..<found]
          output += replacement.utf8
          last = found + pattern.count
          position = last
        }
        if last == 0 { return self }
        output += bytes[last...]
        return String(decoding: output, as: UTF8.self)
      }
    }
  }

  private static func offset(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard let first = pattern.first, pattern.count <= bytes.count else { return nil }
    var index = start
    let last = bytes.count - pattern.count
    while index <= last {
      if bytes[index] == first {
        var matched = 1
        while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
        if matched == pattern.count { return index }
      }
      index += 1
    }
    return nil
  }
}
