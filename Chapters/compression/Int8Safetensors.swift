import Autograd
import CourseKit
import Foundation

/// A safetensors file of int8 and float32 tensors, as the format allows and
/// the safetensors library reads (`safetensors.numpy.load_file`): the core's
/// ``SafetensorsFile`` writes float32 only, so the int8 model has this writer
/// and reader of its own, with the same layout (8-byte header length, JSON
/// header, data).
struct Int8Safetensors {
  /// A tensor's element type and bytes.
  enum Values: Equatable {
    case int8([Int8])
    case float32([Float])

    var dtype: String {
      switch self {
      case .int8: "I8"
      case .float32: "F32"
      }
    }
    /// Little-endian bytes.
    var bytes: [UInt8] {
      switch self {
      case .int8(let values): values.map { UInt8(bitPattern: $0) }
      case .float32(let values): values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
      }
    }
  }

  var tensors: [String: (shape: [Int], values: Values)] = [:]
  var metadata: [String: String] = [:]

  // region: write-int8
  /// The file's bytes: tensors sorted by name, each with its dtype, shape and byte range.
  func serialized() -> Data {
    var fields = metadata.isEmpty ? [] : [quoted("__metadata__") + ":{" + metadata.keys.sorted()
      .map { quoted($0) + ":" + quoted(metadata[$0]!) }.joined(separator: ",") + "}"]
    var body: [UInt8] = []
    for name in tensors.keys.sorted() {
      let (shape, values) = tensors[name]!
      let bytes = values.bytes
      fields.append(quoted(name) + ":{\"dtype\":\"\(values.dtype)\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],"
        + "\"data_offsets\":[\(body.count),\(body.count + bytes.count)]}")
      body += bytes
    }
    var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
    header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    return Data(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header + body)
  }
  // endregion

  init(tensors: [String: (shape: [Int], values: Values)], metadata: [String: String]) {
    (self.tensors, self.metadata) = (tensors, metadata)
  }

  /// Reads a file written by ``serialized()``, checking every entry's dtype,
  /// shape and byte range; any problem throws a one-line error naming the file.
  init(contentsOf url: URL) throws {
    let data = try Data(contentsOf: url)
    func failure(_ reason: String) -> ChapterError { ChapterError("\(url.path): not an int8 model file: \(reason)") }
    guard data.count >= 8 else { throw failure("\(data.count) bytes, fewer than the 8-byte header length") }
    let headerLength = Int(data.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    guard headerLength <= data.count - 8 else { throw failure("header length \(headerLength) runs past the end") }
    let body = data.dropFirst(8 + headerLength)
    guard let header = try? JSONSerialization.jsonObject(with: data.dropFirst(8).prefix(headerLength)) as? [String: Any] else {
      throw failure("the header is not a JSON object")
    }
    for (name, entry) in header where name != "__metadata__" {
      guard let fields = entry as? [String: Any], let dtype = fields["dtype"] as? String,
        let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int], offsets.count == 2
      else { throw failure("tensor '\(name)' lacks a dtype, shape or data_offsets") }
      let count = shape.reduce(1, *)
      let size = dtype == "I8" ? 1 : dtype == "F32" ? 4 : 0
      guard size > 0 else { throw failure("tensor '\(name)' has dtype \(dtype), not I8 or F32") }
      guard offsets[0] >= 0, offsets[1] == offsets[0] + count * size, offsets[1] <= body.count else {
        throw failure("tensor '\(name)' has data_offsets \(offsets) for \(count) values of \(dtype) in \(body.count) bytes")
      }
      let bytes = Array(body.dropFirst(offsets[0]).prefix(count * size))
      tensors[name] = (shape, dtype == "I8"
        ? .int8(bytes.map { Int8(bitPattern: $0) })
        : .float32(stride(from: 0, to: bytes.count, by: 4).map { start in
          Float(bitPattern: bytes[start..<(start + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }))
    }
    metadata = header["__metadata__"] as? [String: String] ?? [:]
  }
}

/// `text` as a JSON string.
private func quoted(_ text: String) -> String {
  String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}
