import Foundation

/// The parsed JSON header of a safetensors file: where each tensor's bytes
/// are and what shape they have, plus the metadata.
///
/// Parsing checks each entry on its own (JSON structure, dtype, offsets
/// against the shape); ``validateLayout(dataSize:fileName:)`` then checks the
/// entries against each other and against the data section, as the reference
/// implementation does: the tensors must tile the data exactly, with no
/// overlap, no gap and nothing left over.
struct SafetensorsHeader {
  struct Entry {
    var name: String
    var shape: [Int]
    /// The byte range [begin, end) within the data section.
    var begin: Int
    var end: Int
    var offsets: [Int] { [begin, end] }
  }

  /// The tensors, in the order of their data.
  var entries: [Entry]
  var metadata: [String: String]

  init(parsing bytes: [UInt8], fileName: String) throws(CheckpointError) {
    guard bytes.first == UInt8(ascii: "{") else {
      let start = String(decoding: bytes.prefix(16), as: UTF8.self).debugDescription
      throw .malformedHeader(file: fileName, reason: "it does not start with '{' but with \(start)")
    }
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      throw .malformedHeader(file: fileName, reason: "the \(bytes.count) header bytes are not valid UTF-8 JSON")
    }
    guard let object = parsed as? [String: Any] else {
      throw .malformedHeader(file: fileName, reason: "the JSON is not an object")
    }

    metadata = [:]
    if let rawMetadata = object[SafetensorsFile.metadataKey] {
      guard let strings = rawMetadata as? [String: String] else {
        throw .malformedHeader(
          file: fileName, reason: "'\(SafetensorsFile.metadataKey)' must map strings to strings")
      }
      metadata = strings
    }

    entries = []
    for name in object.keys.sorted() where name != SafetensorsFile.metadataKey {
      entries.append(try Self.entry(named: name, from: object[name]!, fileName: fileName))
    }
    entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
  }

  /// Reads and checks one tensor's entry on its own.
  private static func entry(named name: String, from value: Any, fileName: String) throws(CheckpointError) -> Entry {
    guard let fields = value as? [String: Any] else {
      throw .malformedHeader(file: fileName, reason: "the entry of tensor '\(name)' is not a JSON object")
    }
    guard let dtype = fields["dtype"] as? String else {
      throw .malformedHeader(file: fileName, reason: "tensor '\(name)' has no \"dtype\" string")
    }
    guard dtype == "F32" else { throw .unsupportedDType(file: fileName, tensor: name, dtype: dtype) }
    guard let shape = fields["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
      throw .malformedHeader(file: fileName, reason: "tensor '\(name)' has no \"shape\" list of sizes ≥ 0")
    }
    guard let offsets = fields["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0 else {
      throw .malformedHeader(
        file: fileName, reason: "tensor '\(name)' has no \"data_offsets\" pair [begin, end] of byte offsets ≥ 0")
    }
    let (begin, end) = (offsets[0], offsets[1])
    guard begin <= end else {
      throw .invalidOffsets(file: fileName, tensor: name, offsets: offsets, reason: "begin is after end")
    }
    guard let neededBytes = byteCount(ofShape: shape), end - begin == neededBytes else {
      let needed = byteCount(ofShape: shape).map { "\($0) bytes" } ?? "more bytes than a file can hold"
      throw .invalidOffsets(
        file: fileName, tensor: name, offsets: offsets,
        reason: "they span \(end - begin) bytes but shape \(shape) of F32 needs \(needed)")
    }
    return Entry(name: name, shape: shape, begin: begin, end: end)
  }

  /// 4 × the product of `shape`, or nil if that overflows.
  private static func byteCount(ofShape shape: [Int]) -> Int? {
    var count = MemoryLayout<Float>.size
    for size in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      if overflow { return nil }
      count = product
    }
    return count
  }

  /// Checks that the tensors tile the `dataSize` bytes after the header
  /// exactly, in order: each begins where the previous ends.
  func validateLayout(dataSize: Int, fileName: String) throws(CheckpointError) {
    var expectedBegin = 0
    var previousName: String?
    for entry in entries {
      if entry.begin != expectedBegin {
        let reason =
          if let previousName {
            entry.begin < expectedBegin
              ? "it overlaps tensor '\(previousName)', which ends at byte \(expectedBegin)"
              : "it leaves a gap after tensor '\(previousName)', which ends at byte \(expectedBegin)"
          } else {
            "the first tensor must begin at byte 0 of the data"
          }
        throw .invalidOffsets(file: fileName, tensor: entry.name, offsets: entry.offsets, reason: reason)
      }
      guard entry.end <= dataSize else {
        throw .dataOutOfBounds(file: fileName, tensor: entry.name, offsets: entry.offsets, dataSize: dataSize)
      }
      expectedBegin = entry.end
      previousName = entry.name
    }
    guard expectedBegin == dataSize else {
      throw .trailingData(file: fileName, dataSize: dataSize, usedSize: expectedBegin)
    }
  }
}
