import Foundation

/// Named tensors and string metadata in the safetensors format, the format
/// Hugging Face uses for model weights.
///
/// The layout is simple enough to read with a hex dump:
///
///     bytes 0..<8      N, the header length, an unsigned 64-bit little-endian integer
///     bytes 8..<8+N    the header: UTF-8 JSON, padded with spaces so N is a multiple of 8
///                      {"__metadata__": {"epoch": "3"},
///                       "layers.0.bias": {"dtype": "F32", "shape": [64], "data_offsets": [0, 256]}, ...}
///     bytes 8+N...     the data: each tensor's elements, row-major, little-endian, one
///                      after another; data_offsets [begin, end) count from the start of the data
///
/// Only 32-bit floats (`"F32"`) are read and written: that is all this core computes in.
///
///     var file = SafetensorsFile(tensors: ["weight": w], metadata: ["epoch": "3"])
///     try file.write(to: url)
///     let loaded = try SafetensorsFile(contentsOf: url)
///
/// Reading checks the whole structure (lengths, JSON, dtypes, offsets against
/// shapes and against each other) and throws a ``CheckpointError`` naming the
/// file, the tensor and the offending numbers.
public struct SafetensorsFile {
  /// The tensors, by name. Stored in the file sorted by name.
  public var tensors: [String: Tensor]
  /// Free-form string pairs stored under the header's `__metadata__` key.
  public var metadata: [String: String]

  /// The largest header accepted, as in the reference implementation: anything
  /// larger is not a real header but a foreign or corrupt file.
  static let maximumHeaderLength = 100_000_000

  /// The key of the metadata entry in the header, which no tensor may use.
  static let metadataKey = "__metadata__"

  /// Creates a file's contents in memory.
  public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
    check(tensors[Self.metadataKey] == nil, "SafetensorsFile: '\(Self.metadataKey)' cannot name a tensor")
    check(!tensors.keys.contains(""), "SafetensorsFile: a tensor name cannot be empty")
    self.tensors = tensors.mapValues { $0.detached() }
    self.metadata = metadata
  }

  /// Reads and validates a safetensors file.
  ///
  /// - Parameter maximumSize: the largest file accepted, in bytes: a loader
  ///   that knows what the file should hold passes about that, so a wrong
  ///   file costs no more memory than a right one.
  /// - Throws: ``CheckpointError`` if the file is not a regular file of at
  ///   most `maximumSize` bytes, cannot be read or is not a well-formed
  ///   safetensors file of F32 tensors.
  /// - Complexity: O(file size).
  public init(contentsOf url: URL, maximumSize: Int = .max) throws(CheckpointError) {
    try self.init(data: CheckpointFile.contents(of: url, maximumSize: maximumSize), fileName: url.path)
  }

  /// Parses and validates the bytes of a safetensors file; `fileName` is used in errors.
  public init(data: Data, fileName: String = "<memory>") throws(CheckpointError) {
    let fileSize = data.count
    guard fileSize >= 8 else { throw .fileTooShort(file: fileName, size: fileSize) }
    let headerLength = data.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }  // Little-endian.
    guard headerLength <= UInt64(Self.maximumHeaderLength), headerLength <= UInt64(fileSize - 8) else {
      throw .oversizedHeader(
        file: fileName, headerLength: headerLength, fileSize: fileSize, limit: Self.maximumHeaderLength)
    }
    let dataStart = 8 + Int(headerLength)
    let header = try SafetensorsHeader(parsing: Array(data.dropFirst(8).prefix(Int(headerLength))), fileName: fileName)
    try header.validateLayout(dataSize: fileSize - dataStart, fileName: fileName)

    // Only now, with every offset known to be in bounds, copy the tensors out.
    var tensors: [String: Tensor] = [:]
    data.withUnsafeBytes { raw in  // Indices from 0, even if `data` is a slice.
      for entry in header.entries {
        let source = UnsafeRawBufferPointer(rebasing: raw[(dataStart + entry.begin)..<(dataStart + entry.end)])
        tensors[entry.name] = Tensor(shape: entry.shape) { destination in
          UnsafeMutableRawBufferPointer(destination).copyMemory(from: source)
          #if _endian(big)
            for index in destination.indices {
              destination[index] = Float(bitPattern: UInt32(littleEndian: destination[index].bitPattern))
            }
          #endif
        }
      }
    }
    self.tensors = tensors
    self.metadata = header.metadata
  }

  /// The bytes of the file: header length, space-padded JSON header, data.
  ///
  /// - Complexity: O(total number of scalars).
  public func serialized() -> Data {
    let names = tensors.keys.sorted()
    var fields: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { jsonString($0) + ":" + jsonString(metadata[$0]!) }
      fields.append(jsonString(Self.metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
    }
    var offset = 0
    for name in names {
      let tensor = tensors[name]!
      let end = offset + tensor.scalarCount * MemoryLayout<Float>.size
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      fields.append(jsonString(name) + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
    header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header)
    for name in names {
      #if _endian(big)
        let littleEndian = tensors[name]!.scalars.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        littleEndian.withUnsafeBytes { data.append(contentsOf: $0) }
      #else
        tensors[name]!.withUnsafeScalars { data.append($0) }
      #endif
    }
    return data
  }

  /// Writes the file atomically: to a temporary file in the same directory,
  /// flushed to disk, then renamed over `url`. A crash or a full disk leaves
  /// either the old file or the new one, never half of one.
  ///
  /// - Throws: ``CheckpointError/unwritable(file:reason:)``.
  public func write(to url: URL) throws(CheckpointError) {
    let temporary = CheckpointFile.temporaryURL(for: url)
    do {
      try serialized().write(to: temporary)
      let handle = try FileHandle(forUpdating: temporary)
      try handle.synchronize()
      try handle.close()
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .unwritable(file: url.path, reason: (error as NSError).localizedDescription)
    }
    // POSIX rename replaces an existing file atomically (FileManager's move would refuse).
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw .unwritable(file: url.path, reason: reason)
    }
  }
}

/// `text` as a JSON string literal, quoted and escaped by Foundation's encoder.
private func jsonString(_ text: String) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = .withoutEscapingSlashes
  // Encoding a String cannot fail.
  return String(decoding: try! encoder.encode(text), as: UTF8.self)
}
