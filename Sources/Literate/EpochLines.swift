import Foundation

/// Lines of a chapter's text that repeat once per epoch of the run, so that a
/// table of epochs shows the epochs the run had (eight in a full run, one in a
/// quick one) and never needs an epoch the run lacks.
///
/// A line repeats when it holds `{{epoch}}` (the epoch's number, from 1) or a
/// metric indexed `[epoch]`:
///
///     | {{epoch}} | {{metric:train_bpc[epoch]:.4f}} | {{metric:val_bpc_per_epoch[epoch]:.4f}} |
///
/// becomes one table row per epoch, with `[epoch]` read as `[0]`, `[1]`, …
/// The number of epochs is the run's `epochs` metric; every list indexed
/// `[epoch]` must have a value for each.
public enum EpochLines {
  /// The placeholder for the epoch's number.
  public static let numberPlaceholder = "{{epoch}}"
  /// The index that stands for each epoch in turn.
  public static let index = "[epoch]"

  /// Whether a line repeats once per epoch.
  public static func repeats(_ line: some StringProtocol) -> Bool {
    line.contains(numberPlaceholder) || (line.contains(index) && line.contains("{{metric:"))
  }

  /// The line for the epoch at `position` (0-based): `[epoch]` inside every placeholder
  /// becomes `[position]`, and `{{epoch}}` the epoch's number.
  public static func line(_ line: String, epoch position: Int) -> String {
    var result = ""
    var rest = Substring(line)
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
      result += rest[..<open.lowerBound]
      let placeholder = rest[open.lowerBound..<close.upperBound]
      result += placeholder == numberPlaceholder
        ? String(position + 1) : placeholder.replacingOccurrences(of: index, with: "[\(position)]")
      rest = rest[close.upperBound...]
    }
    return result + rest
  }

  /// The text with every repeating line written once per epoch.
  public static func expand(_ text: String, epochs: Int) -> String {
    guard text.contains(index) || text.contains(numberPlaceholder) else { return text }
    return text.components(separatedBy: "\n").map { line in
      repeats(line) ? (0..<epochs).map { Self.line(line, epoch: $0) }.joined(separator: "\n") : line
    }.joined(separator: "\n")
  }
}
