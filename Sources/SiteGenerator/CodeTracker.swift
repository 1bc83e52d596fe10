/// Whether a scan through Markdown, line by line and backtick run by backtick run,
/// is inside code: a fenced block (``` or ~~~) or a code span, which ends at the
/// same number of backticks that opened it or at a blank line (as the parser reads it).
struct CodeTracker {
  /// The fence that opened the block we are in (its character and length).
  private var fence: (character: UInt8, count: Int)?
  /// The backticks that opened the code span we are in.
  private var spanTicks: Int?
  /// Whether this line is a fence, which is code whether it opens or closes.
  private var onFenceLine = false

  var isInCode: Bool { fence != nil || spanTicks != nil || onFenceLine }

  /// Called with each line's bytes before the scan enters it.
  mutating func startLine(_ line: some Collection<UInt8>) {
    let trimmed = line.drop { $0 == UInt8(ascii: " ") }
    onFenceLine = false
    if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { spanTicks = nil }
    guard line.count - trimmed.count < 4, let first = trimmed.first,
      first == UInt8(ascii: "`") || first == UInt8(ascii: "~")
    else { return }
    let run = trimmed.prefix { $0 == first }.count
    guard run >= 3 else { return }
    if let open = fence {
      // Only the same character, at least as many, and nothing after closes the block.
      if first == open.character, run >= open.count, trimmed.dropFirst(run).allSatisfy({ $0 == UInt8(ascii: " ") }) {
        fence = nil
        onFenceLine = true
      }
    } else if spanTicks == nil {
      fence = (first, run)
      onFenceLine = true
    }
  }

  /// Called at each run of `count` backticks outside a fence line.
  mutating func backticks(_ count: Int) {
    guard fence == nil, !onFenceLine else { return }
    if let open = spanTicks {
      if open == count { spanTicks = nil }
    } else {
      spanTicks = count
    }
  }
}
