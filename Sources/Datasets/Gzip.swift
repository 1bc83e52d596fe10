import CZlib

/// gzip's signature.
enum Gzip {
  /// Whether `bytes` start with gzip's two-byte signature, 1f 8b.
  static func hasSignature(_ bytes: some Collection<UInt8>) -> Bool {
    bytes.count >= 2 && bytes[bytes.startIndex] == 0x1F && bytes[bytes.index(after: bytes.startIndex)] == 0x8B
  }
}

/// The inflated contents of a gzip file, read in pieces with zlib.
///
/// Nothing is inflated before the reader asks for it, so a small file that
/// inflates to gigabytes (a "zip bomb") costs only what the reader reads:
/// the IDX reader stops at the size the header gives.
///
/// Several gzip members one after another (what `cat a.gz b.gz` makes) are
/// inflated one after another, as `gunzip` and Python's `gzip` module do;
/// zero bytes after the last member are ignored, like theirs.
final class GzipStream: ByteStream {
  private let file: DataFile
  private var stream = z_stream()
  /// Compressed bytes read from the file; `stream.next_in` points into it.
  private var input: UnsafeMutableRawBufferPointer
  private var fileEnded = false
  private var streamEnded = false

  /// Starts inflating `file`.
  ///
  /// - Throws: `.notGzip` when the file does not start with the signature.
  init(file: DataFile) throws(DatasetError) {
    self.file = file
    input = .allocate(byteCount: 1 << 16, alignment: 1)
    let signature = try file.read(upTo: 2)
    // Once every property is set, a throwing init still runs deinit, which frees `input`.
    guard Gzip.hasSignature(signature) else { throw DatasetError(path: file.path, problem: .notGzip) }
    input.copyBytes(from: signature)
    stream.next_in = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
    stream.avail_in = 2
    // 15 + 16: the largest window, and a gzip wrapper (not zlib's) around the data.
    guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw failure(.corruptCompressedData(detail: "inflateInit2 failed (out of memory?)"))
    }
  }

  deinit {
    inflateEnd(&stream)  // harmless on a stream never initialized: zlib checks

    input.deallocate()
  }

  /// - Throws: `.truncatedCompressedData` when the data stops before its
  ///   stream ends, `.corruptCompressedData` when zlib finds it damaged
  ///   (a bad checksum too) or garbage follows it.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int {
    var filled = 0
    // zlib counts in 32 bits, so it fills at most 1 GB per call.
    while filled < buffer.count && !streamEnded {
      let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<min(buffer.count, filled + (1 << 30))])
      filled += try inflate(into: chunk)
    }
    return filled
  }

  /// Inflates into `buffer` (at most 4 GB) until it is full or the data ends.
  private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws(DatasetError) -> Int {
    stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    stream.avail_out = UInt32(buffer.count)
    while stream.avail_out > 0 && !streamEnded {
      if stream.avail_in == 0 && !fileEnded { try refill() }
      let status = CZlib.inflate(&stream, Z_NO_FLUSH)
      switch status {
      case Z_OK:
        continue
      case Z_BUF_ERROR where stream.avail_in == 0 && !fileEnded:
        continue  // zlib wants more input: read it
      case Z_BUF_ERROR:
        throw failure(.truncatedCompressedData)
      case Z_STREAM_END:
        try startNextMember()
      default:
        let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
        throw failure(.corruptCompressedData(detail: detail))
      }
    }
    return buffer.count - Int(stream.avail_out)
  }

  /// Reads the next piece of the compressed file into the input buffer.
  private func refill() throws(DatasetError) {
    let count = try file.read(into: input)
    if count < input.count { fileEnded = true }
    stream.next_in = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
    stream.avail_in = UInt32(count)
  }

  /// After a member's end: another member, zero padding to the end, or garbage.
  private func startNextMember() throws(DatasetError) {
    // Skip zero padding, reading on as far as it goes.
    while true {
      while stream.avail_in > 0 && stream.next_in.pointee == 0 {
        stream.next_in = stream.next_in.advanced(by: 1)
        stream.avail_in -= 1
      }
      if stream.avail_in > 0 || fileEnded { break }
      try refill()
    }
    guard stream.avail_in > 0 else {
      streamEnded = true
      return
    }
    if stream.avail_in < 2 && !fileEnded {
      // The next member's signature may straddle two reads: keep the byte and read on.
      let first = stream.next_in.pointee
      let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[1...]))
      if count < input.count - 1 { fileEnded = true }
      input[0] = first
      stream.next_in = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
      stream.avail_in = UInt32(1 + count)
    }
    let next = UnsafeBufferPointer(start: stream.next_in, count: Int(stream.avail_in))
    guard Gzip.hasSignature(next) else {
      let garbage = Int(stream.avail_in) + (try file.countRemainingBytes(upTo: file.size) ?? file.size)
      throw failure(.corruptCompressedData(detail: "\(garbage) bytes of garbage after the gzip data"))
    }
    inflateReset(&stream)  // another gzip member follows
  }

  private func failure(_ problem: DatasetError.Problem) -> DatasetError {
    DatasetError(path: file.path, problem: problem)
  }
}
