import CZlib

/// gzip decompression with zlib, in memory, all at once.
///
/// The data files are small enough (Fashion-MNIST's largest is 26 MB compressed,
/// 47 MB inflated) that reading the whole file and inflating it in one buffer is
/// both the simplest and the fastest way.
enum Gzip {
  /// Whether `bytes` start with gzip's two-byte signature, 1f 8b.
  static func hasSignature(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
  }

  /// The uncompressed contents of the gzip data `compressed`, read from `path`
  /// (which only names the file in errors).
  ///
  /// Several gzip members one after another (what `cat a.gz b.gz` makes) are
  /// inflated one after another, as `gunzip` and Python's `gzip` module do;
  /// zero bytes after the last member are ignored, like theirs.
  ///
  /// - Throws: ``DatasetError`` with `.notGzip` when the signature is missing,
  ///   `.truncatedCompressedData` when the data stops before its stream ends,
  ///   `.corruptCompressedData` when zlib finds it damaged (bad checksum too).
  /// - Complexity: O(n) in the uncompressed size; zlib inflates at a few hundred MB/s.
  static func decompress(_ compressed: [UInt8], path: String) throws(DatasetError) -> [UInt8] {
    func failure(_ problem: DatasetError.Problem) -> DatasetError {
      DatasetError(path: path, problem: problem)
    }
    guard hasSignature(compressed) else { throw failure(.notGzip) }

    var stream = z_stream()
    // 15 + 16: the largest window, and a gzip wrapper (not zlib's) around the data.
    guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw failure(.corruptCompressedData(detail: "inflateInit2 failed (out of memory?)"))
    }
    defer { inflateEnd(&stream) }

    // One byte beyond the announced size, so that a correct size never makes the
    // buffer grow just to find out that the stream has ended.
    var output = [UInt8](repeating: 0, count: initialCapacity(for: compressed) + 1)
    var produced = 0

    try compressed.withUnsafeBufferPointer { (input) throws(DatasetError) in
      guard let inputStart = input.baseAddress else { return }
      var consumed = 0
      while true {
        if produced == output.count {
          output.append(contentsOf: repeatElement(0, count: output.count))
        }
        // zlib counts in 32 bits, so feed it at most 1 GB per call.
        let inputChunk = min(input.count - consumed, 1 << 30)
        let outputChunk = min(output.count - produced, 1 << 30)
        stream.next_in = UnsafeMutablePointer(mutating: inputStart + consumed)
        stream.avail_in = UInt32(inputChunk)
        let status = output.withUnsafeMutableBufferPointer { buffer in
          stream.next_out = buffer.baseAddress! + produced
          stream.avail_out = UInt32(outputChunk)
          return inflate(&stream, Z_NO_FLUSH)
        }
        consumed += inputChunk - Int(stream.avail_in)
        produced += outputChunk - Int(stream.avail_out)

        switch status {
        case Z_OK:
          continue
        case Z_BUF_ERROR where stream.avail_out == 0:
          continue  // the output buffer is full: grow it and go on
        case Z_BUF_ERROR:
          throw failure(.truncatedCompressedData)
        case Z_STREAM_END:
          let rest = UnsafeBufferPointer(rebasing: input[consumed...])
          if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) { return }
          guard rest.count >= 2, rest[0] == 0x1F, rest[1] == 0x8B else {
            throw failure(.corruptCompressedData(detail: "\(rest.count) bytes of garbage after the gzip data"))
          }
          inflateReset(&stream)  // another gzip member follows
        default:
          let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
          throw failure(.corruptCompressedData(detail: detail))
        }
      }
    }
    output.removeLast(output.count - produced)
    return output
  }

  /// A good first size for the output buffer: gzip's trailer holds the
  /// uncompressed size modulo 2³², which is exact for files under 4 GB.
  /// Damaged files may claim anything, so the claim is capped at deflate's
  /// largest possible ratio (about 1032 : 1).
  private static func initialCapacity(for compressed: [UInt8]) -> Int {
    let fallback = 4 * compressed.count
    guard compressed.count >= 18 else { return fallback }  // shorter than an empty gzip file
    let trailer = compressed.suffix(4).reversed().reduce(0) { ($0 << 8) | Int($1) }
    return trailer > 0 && trailer <= 1040 * compressed.count ? trailer : fallback
  }
}
