import Foundation

/// Named regions of a source file, marked by comment lines:
///
///     // region: forward-pass
///     let z = x.matmul(w, addingBias: b)
///     // endregion
///
/// A chapter's text includes a region by name, so the code it shows is the
/// code that ran. The marker lines themselves are never shown, and markers of
/// other regions nested inside an included one are dropped too.
public struct SourceRegions {
  /// The lines of each region, without the markers, indentation kept.
  public private(set) var regions: [String: [String]] = [:]
  /// Problems in the markers themselves, with 1-based line numbers.
  public private(set) var problems: [(line: Int, message: String)] = []

  public init(source: String) {
    var open: [(name: String, line: Int)] = []
    for (index, line) in source.components(separatedBy: "\n").enumerated() {
      // Only a line with a slash can be a marker: spare the others the trimming.
      guard line.utf8.contains(UInt8(ascii: "/")) else {
        for region in open { regions[region.name, default: []].append(line) }
        continue
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if let name = Self.marker("// region:", in: trimmed) {
        if regions[name] != nil || open.contains(where: { $0.name == name }) {
          problems.append((index + 1, "region '\(name)' is marked twice"))
        }
        open.append((name, index + 1))
        regions[name] = []
      } else if trimmed == "// endregion" || Self.marker("// endregion:", in: trimmed) != nil {
        if open.popLast() == nil { problems.append((index + 1, "'// endregion' without a '// region:'")) }
      } else {
        for region in open { regions[region.name, default: []].append(line) }
      }
    }
    for region in open { problems.append((region.line, "region '\(region.name)' is never closed with '// endregion'")) }
  }

  /// The region's code, its common indentation removed.
  public func code(of name: String) -> String? {
    guard let lines = regions[name] else { return nil }
    let indentation = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
      .map { $0.prefix { $0 == " " }.count }.min() ?? 0
    return lines.map { String($0.dropFirst(min(indentation, $0.prefix { $0 == " " }.count))) }
      .joined(separator: "\n")
  }

  private static func marker(_ prefix: String, in line: String) -> String? {
    guard line.hasPrefix(prefix) else { return nil }
    let name = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
    return name.isEmpty ? nil : name
  }
}
