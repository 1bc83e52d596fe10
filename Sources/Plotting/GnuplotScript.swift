/// A gnuplot program being written: commands, inline data blocks and, when it
/// goes straight down a pipe, raw binary matrices.
///
/// This is how gnuplot-iostream talks to gnuplot: everything travels in one
/// stream. Text data sits in named data blocks (`$name << EOD … EOD`) defined
/// before the `plot` command that reads them. A matrix either follows its
/// `plot '-' binary array=(w,h) format='%float'` command as raw little-endian
/// floats (4 bytes a value, no parsing on either side), or, in a script meant
/// to be saved and read by a person, sits in a data block as text.
struct GnuplotScript {
  /// How matrices (heatmaps, fields, image grids) travel.
  enum MatrixEncoding {
    /// Raw floats after the plot command: for a pipe.
    case binary
    /// Text data blocks: for a self-contained `.gp` file.
    case text
  }

  let matrixEncoding: MatrixEncoding
  private(set) var bytes: [UInt8] = []

  init(matrixEncoding: MatrixEncoding) {
    self.matrixEncoding = matrixEncoding
  }

  /// The program as text (binary parts, if any, decoded lossily: for tests and errors).
  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Appends one command line.
  mutating func command(_ line: String) {
    bytes.append(contentsOf: line.utf8)
    bytes.append(UInt8(ascii: "\n"))
  }

  /// Appends a comment line for the reader of a saved script.
  mutating func comment(_ text: String) {
    command("# " + text.replacingNewlines())
  }

  /// Defines the data block `name` with one line per row of numbers.
  mutating func dataBlock(_ name: String, rows: Int, columns: (Int) -> [Double]) {
    command("\(name) << EOD")
    for row in 0..<rows {
      command(columns(row).map(Self.number).joined(separator: " "))
    }
    command("EOD")
  }

  /// Defines the data block `name` holding a row-major matrix as text, one
  /// matrix row a line, for `plot $name matrix`.
  mutating func matrixBlock(_ name: String, values: [Float], columns: Int) {
    command("\(name) << EOD")
    var row = 0
    while row * columns < values.count {
      // Double(value) prints the float's exact value, so the text reads back
      // as the same number the binary encoding sends: both render alike.
      let line = values[(row * columns)..<((row + 1) * columns)].map { Self.number(Double($0)) }
      command(line.joined(separator: " "))
      row += 1
    }
    command("EOD")
  }

  /// Appends a matrix as raw little-endian 32-bit floats; non-finite values
  /// become NaN, which gnuplot leaves undrawn.
  mutating func binaryMatrix(_ values: [Float]) {
    bytes.reserveCapacity(bytes.count + values.count * 4)
    for value in values {
      let bits = (value.isFinite ? value : .nan).bitPattern.littleEndian
      withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
    }
  }

  /// A number as gnuplot reads it; NaN (an undefined point) for non-finite values.
  static func number(_ value: Double) -> String {
    value.isFinite ? "\(value)" : "NaN"
  }

  /// A gnuplot string literal showing `text` as it is.
  ///
  /// Double quotes, so a newline can become `\n` (a second line of a title);
  /// backslashes and quotes are escaped. Every terminal here is `noenhanced`,
  /// so `_ ^ { } @ &` are plain characters, and the SVG terminal escapes
  /// `<` and `&` itself.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text.unicodeScalars {
      switch character {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": continue
      default:
        // Other control characters would end the command or confuse the SVG.
        if character.value < 0x20 || character.value == 0x7F { continue }
        result.unicodeScalars.append(character)
      }
    }
    return result + "\""
  }

  /// `title "…"`, or `notitle` for an empty title (no legend entry).
  static func titleClause(_ title: String) -> String {
    title.isEmpty ? "notitle" : "title " + quoted(title)
  }
}

extension String {
  func replacingNewlines() -> String {
    split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}
