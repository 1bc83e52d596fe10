/// Why a checkpoint could not be read, written or loaded into a model.
///
/// Every case names the file, and where one is involved the tensor, its shapes
/// or its byte offsets, so the one-line ``description`` tells the user what is
/// wrong and where. Loading throws before changing anything: after an error
/// the model and the optimizer are exactly as they were.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
  /// The file could not be read (missing, a directory, no permission).
  case unreadable(file: String, reason: String)
  /// Larger than any checkpoint of the model: refused before it is read.
  case fileTooLarge(file: String, size: Int, limit: Int)
  /// A tensor holds NaN or an infinity (`value` is "nan", "inf" or "-inf"):
  /// the run that wrote it had diverged.
  case nonFiniteValue(file: String, tensor: String, index: Int, value: String)
  /// The file or its temporary sibling could not be written or renamed.
  case unwritable(file: String, reason: String)
  /// Fewer than the 8 bytes that hold the header length.
  case fileTooShort(file: String, size: Int)
  /// The header length is beyond the limit or beyond the end of the file.
  case oversizedHeader(file: String, headerLength: UInt64, fileSize: Int, limit: Int)
  /// The header is not UTF-8 JSON of the expected structure.
  case malformedHeader(file: String, reason: String)
  /// A tensor stored with an element type other than 32-bit float.
  case unsupportedDType(file: String, tensor: String, dtype: String)
  /// A tensor's offsets are reversed, overlap another tensor, leave a gap, or
  /// do not span `shape × 4` bytes.
  case invalidOffsets(file: String, tensor: String, offsets: [Int], reason: String)
  /// A tensor whose bytes run past the end of the file (a truncated file).
  case dataOutOfBounds(file: String, tensor: String, offsets: [Int], dataSize: Int)
  /// Bytes after the last tensor that no tensor accounts for.
  case trailingData(file: String, dataSize: Int, usedSize: Int)
  /// The model or optimizer has a tensor the file lacks.
  case missingTensor(file: String, tensor: String, expectedShape: [Int])
  /// The file has a tensor the model and optimizer do not know.
  case unexpectedTensor(file: String, tensor: String, shape: [Int])
  /// The file's tensor and the model's differ in shape.
  case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
  /// A metadata entry the loader needs is missing or unreadable.
  case invalidMetadata(file: String, key: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "\(file): cannot read the checkpoint: \(reason)"
    case .fileTooLarge(let file, let size, let limit):
      return "\(file): not a checkpoint of this model: \(size) bytes, more than the \(limit) one can have"
    case .nonFiniteValue(let file, let tensor, let index, let value):
      return "\(file): tensor '\(tensor)' holds \(value) at element \(index): "
        + "the run that wrote it had diverged, so there is nothing to continue"
    case .unwritable(let file, let reason):
      return "\(file): cannot write the checkpoint: \(reason) (is the directory there and writable?)"
    case .fileTooShort(let file, let size):
      return "\(file): truncated or not a safetensors file: \(size) bytes, fewer than the 8-byte header length"
    case .oversizedHeader(let file, let headerLength, let fileSize, let limit):
      if headerLength > UInt64(limit) {
        return "\(file): not a safetensors file (or a corrupt one): header length \(headerLength) bytes "
          + "exceeds the \(limit / 1_000_000) MB limit"
      }
      return "\(file): truncated or not a safetensors file: header length \(headerLength) bytes "
        + "runs past the end of the \(fileSize)-byte file"
    case .malformedHeader(let file, let reason):
      return "\(file): malformed safetensors header: \(reason)"
    case .unsupportedDType(let file, let tensor, let dtype):
      return "\(file): tensor '\(tensor)' has dtype \(dtype); only F32 is supported (convert the file to float32)"
    case .invalidOffsets(let file, let tensor, let offsets, let reason):
      return "\(file): tensor '\(tensor)' has invalid data_offsets \(offsets): \(reason)"
    case .dataOutOfBounds(let file, let tensor, let offsets, let dataSize):
      return "\(file): truncated: tensor '\(tensor)' has data_offsets \(offsets) "
        + "but the data section holds only \(dataSize) bytes"
    case .trailingData(let file, let dataSize, let usedSize):
      return "\(file): corrupt: the data section holds \(dataSize) bytes but the tensors cover only \(usedSize)"
    case .missingTensor(let file, let tensor, let expectedShape):
      return "\(file): missing tensor '\(tensor)' of shape \(expectedShape) "
        + "(is the checkpoint from a different model or optimizer?)"
    case .unexpectedTensor(let file, let tensor, let shape):
      return "\(file): unexpected tensor '\(tensor)' of shape \(shape): the model has no such parameter "
        + "(is the checkpoint from a different model or optimizer?)"
    case .shapeMismatch(let file, let tensor, let expected, let found):
      return "\(file): tensor '\(tensor)' has shape \(found) but the model expects \(expected)"
    case .invalidMetadata(let file, let key, let reason):
      return "\(file): metadata '\(key)': \(reason)"
    }
  }
}
