import Foundation
import Testing

@testable import Autograd

// MARK: - A tiny model (the real layers are written elsewhere)

/// y = x·W + b, with W of shape [inputs, outputs].
private final class TinyLinear: Layer {
  let weight: Parameter
  let bias: Parameter

  init(inputs: Int, outputs: Int, random: RandomGenerator) {
    weight = Parameter(Tensor.normal(shape: [inputs, outputs], standardDeviation: 0.5, using: random))
    bias = Parameter(Tensor.normal(shape: [outputs], standardDeviation: 0.1, using: random))
  }

  func callAsFunction(_ input: Tensor) -> Tensor { input.matmul(weight.value) + bias.value }

  var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}

/// Two linear layers with a tanh between them; parameters named `layers.0.weight` etc.
private final class TinyModel: Layer {
  let layers: [TinyLinear]

  init(sizes: [Int] = [3, 4, 2], seed: UInt64) {
    let random = RandomGenerator(seed: seed)
    layers = zip(sizes, sizes.dropFirst()).map { TinyLinear(inputs: $0, outputs: $1, random: random) }
  }

  func callAsFunction(_ input: Tensor) -> Tensor {
    layers.dropFirst().reduce(layers[0](input)) { hidden, layer in layer(hidden.tanh()) }
  }

  var namedParameters: [(name: String, parameter: Parameter)] {
    layers.enumerated().flatMap { index, layer in
      layer.namedParameters.map { (name: "layers.\(index).\($0.name)", parameter: $0.parameter) }
    }
  }
}

// MARK: - Helpers

/// A fresh directory, removed after `body`.
private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("SafetensorsTests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  try body(directory)
}

/// A model and an Adam optimizer after `steps` training steps on a fixed batch.
private func trainedModel(seed: UInt64, steps: Int = 2) -> (TinyModel, Adam) {
  let model = TinyModel(seed: seed)
  let optimizer = Adam(parameters: model.namedParameters, learningRate: 0.01)
  for _ in 0..<steps { trainingStep(model, optimizer) }
  return (model, optimizer)
}

private func trainingStep(_ model: TinyModel, _ optimizer: some Optimizer) {
  let input = Tensor.normal(shape: [5, 3], using: RandomGenerator(seed: 99))
  optimizer.clearGradients()
  model(input).squared().mean().backward()
  optimizer.step()
}

private func values(of model: some Layer) -> [[Float]] { model.parameters.map(\.value.scalars) }
private func values(of optimizer: some Optimizer) -> [[Float]] { optimizer.namedState.map(\.tensor.scalars) }

/// The bytes of a safetensors file with the given header (padded here) and data.
private func rawSafetensors(header: String, data: [UInt8]) -> Data {
  var headerBytes = Array(header.utf8)
  headerBytes += repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)
  return Data(withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian, Array.init)) + headerBytes + data
}

/// Writes `bytes` as a checkpoint, loads it into a trained model and its Adam,
/// and returns the error; expects that neither the model nor the optimizer changed.
private func loadError(
  from bytes: Data, sourceLocation: SourceLocation = #_sourceLocation
) throws -> (error: CheckpointError?, path: String) {
  var result: (CheckpointError?, String) = (nil, "")
  try withTemporaryDirectory { directory in
    let url = directory.appendingPathComponent("model.safetensors")
    try bytes.write(to: url)
    let (model, optimizer) = trainedModel(seed: 7)
    let (modelBefore, stateBefore) = (values(of: model), values(of: optimizer))
    let error = #expect(throws: CheckpointError.self, sourceLocation: sourceLocation) {
      try loadCheckpoint(into: model, optimizer: optimizer, from: url)
    }
    #expect(values(of: model) == modelBefore, "the model changed", sourceLocation: sourceLocation)
    #expect(values(of: optimizer) == stateBefore, "the optimizer changed", sourceLocation: sourceLocation)
    #expect(optimizer.stepCount == 2, sourceLocation: sourceLocation)
    if let error {
      #expect(error.description.contains(url.path), "\(error)", sourceLocation: sourceLocation)
    }
    result = (error, url.path)
  }
  return result
}

/// A valid checkpoint of `trainedModel(seed:)` with its optimizer.
private func validCheckpointBytes(seed: UInt64 = 1) throws -> Data {
  let (model, optimizer) = trainedModel(seed: seed)
  var bytes = Data()
  try withTemporaryDirectory { directory in
    let url = directory.appendingPathComponent("valid.safetensors")
    try saveCheckpoint(of: model, optimizer: optimizer, to: url)
    bytes = try Data(contentsOf: url)
  }
  return bytes
}

// MARK: - Tests

@Suite("Safetensors checkpoints")
struct SafetensorsTests {
  @Test("A model and its Adam state survive a round trip through a file")
  func roundTrip() throws {
    try withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("checkpoint.safetensors")
      let (model, optimizer) = trainedModel(seed: 1)
      try saveCheckpoint(of: model, optimizer: optimizer, metadata: ["epoch": "2"], to: url)
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["checkpoint.safetensors"])

      let file = try SafetensorsFile(contentsOf: url)
      let parameterNames = ["layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight"]
      let stateNames = ["m", "v"].flatMap { moment in parameterNames.map { "optimizer.\(moment).\($0)" } }
      #expect(file.tensors.keys.sorted() == parameterNames + stateNames)
      #expect(file.tensors["optimizer.m.layers.0.weight"]!.shape == [3, 4])

      let (restored, restoredOptimizer) = trainedModel(seed: 2, steps: 0)
      #expect(values(of: restored) != values(of: model))
      let metadata = try loadCheckpoint(into: restored, optimizer: restoredOptimizer, from: url)
      #expect(metadata == ["epoch": "2", checkpointStepCountKey: "2"])
      #expect(values(of: restored) == values(of: model))
      #expect(values(of: restoredOptimizer) == values(of: optimizer))
      #expect(restoredOptimizer.stepCount == 2)
      #expect(restored.parameters.allSatisfy { $0.value.requiresGradient })

      // Training resumes exactly: one more step on each gives identical values.
      trainingStep(model, optimizer)
      trainingStep(restored, restoredOptimizer)
      #expect(values(of: restored) == values(of: model))

      // Without an optimizer, only the weights are loaded and its state is ignored.
      let weightsOnly = TinyModel(seed: 3)
      try loadCheckpoint(into: weightsOnly, from: url)
      #expect(values(of: weightsOnly) == weightsOnly.namedParameters.map { file.tensors[$0.name]!.scalars })
    }
  }

  @Test("The bytes on disk: header length, space-padded JSON, little-endian data at the offsets")
  func byteLayout() throws {
    let file = SafetensorsFile(
      tensors: ["b": Tensor(shape: [1, 1], scalars: [3]), "a": Tensor(shape: [2], scalars: [1, -2])],
      metadata: ["note": "hi \"there\""])
    let json =
      #"{"__metadata__":{"note":"hi \"there\""},"#
      + #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
      + #""b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}"#
    let paddedLength = (json.utf8.count + 7) / 8 * 8
    #expect(paddedLength % 8 == 0 && paddedLength > json.utf8.count)

    try withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("tiny.safetensors")
      try file.write(to: url)
      let bytes = [UInt8](try Data(contentsOf: url))
      #expect(bytes == [UInt8](file.serialized()))
      #expect(bytes.count == 8 + paddedLength + 12)
      #expect(Array(bytes[0..<8]) == [UInt8(paddedLength), 0, 0, 0, 0, 0, 0, 0])
      let header = bytes[8..<(8 + paddedLength)]
      #expect(Array(header.prefix(json.utf8.count)) == Array(json.utf8))
      #expect(header.dropFirst(json.utf8.count).allSatisfy { $0 == UInt8(ascii: " ") })
      #expect(try JSONSerialization.jsonObject(with: Data(header)) is [String: Any])
      // 1.0 = 0x3F800000, −2.0 = 0xC0000000, 3.0 = 0x40400000, least significant byte first.
      #expect(Array(bytes[(8 + paddedLength)...]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0x40, 0x40])

      let loaded = try SafetensorsFile(contentsOf: url)
      #expect(loaded.metadata == file.metadata)
      #expect(loaded.tensors["a"]!.shape == [2] && loaded.tensors["a"]!.scalars == [1, -2])
      #expect(loaded.tensors["b"]!.shape == [1, 1] && loaded.tensors["b"]!.scalars == [3])
    }
  }

  @Test("A truncated file is refused, whether cut in the data, in the header or in the length")
  func truncated() throws {
    let valid = try validCheckpointBytes()
    let (cutData, path) = try loadError(from: valid.dropLast(4))
    let lastTensor = "optimizer.v.layers.1.weight"  // Stored last: names are sorted.
    guard case .dataOutOfBounds(path, lastTensor, let offsets, let dataSize) = cutData else {
      Issue.record("expected dataOutOfBounds for \(lastTensor), got \(String(describing: cutData))")
      return
    }
    #expect(offsets[1] == dataSize + 4)
    #expect(cutData!.description.contains(lastTensor) && cutData!.description.contains("\(offsets)"))

    let (cutHeader, _) = try loadError(from: valid.prefix(40))
    guard case .oversizedHeader(_, _, 40, _) = cutHeader else {
      Issue.record("expected oversizedHeader, got \(String(describing: cutHeader))")
      return
    }
    let (cutLength, cutLengthPath) = try loadError(from: valid.prefix(5))
    #expect(cutLength == .fileTooShort(file: cutLengthPath, size: 5))
  }

  @Test("A header length over 100 MB is refused without reading further")
  func oversizedHeader() throws {
    let bytes = Data(withUnsafeBytes(of: UInt64(200_000_000).littleEndian, Array.init)) + Array("{}".utf8)
    let (error, path) = try loadError(from: bytes)
    #expect(error == .oversizedHeader(file: path, headerLength: 200_000_000, fileSize: 10, limit: 100_000_000))
    #expect(error?.description.contains("100 MB") == true)
  }

  @Test("Foreign files (text, random bytes, a bad header) are refused")
  func foreignFiles() throws {
    let text = Data("This is a text file, not a checkpoint.\n".utf8)
    let (textError, _) = try loadError(from: text)
    guard case .oversizedHeader = textError else {
      Issue.record("expected oversizedHeader, got \(String(describing: textError))")
      return
    }
    #expect(textError!.description.contains("not a safetensors file"))

    let random = RandomGenerator(seed: 5)
    let noise = Data((0..<256).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    let (noiseError, _) = try loadError(from: noise)
    #expect(noiseError != nil)

    let (notJSON, _) = try loadError(from: rawSafetensors(header: "hello world", data: []))
    guard case .malformedHeader = notJSON else {
      Issue.record("expected malformedHeader, got \(String(describing: notJSON))")
      return
    }
    let (badJSON, _) = try loadError(from: rawSafetensors(header: #"{"layers.0.bias": {"dtype": "F32""#, data: []))
    guard case .malformedHeader = badJSON else {
      Issue.record("expected malformedHeader, got \(String(describing: badJSON))")
      return
    }
  }

  @Test("A tensor stored as F16 is refused by name")
  func unsupportedDType() throws {
    let header = #"{"layers.0.weight":{"dtype":"F16","shape":[3,4],"data_offsets":[0,24]}}"#
    let (error, path) = try loadError(from: rawSafetensors(header: header, data: Array(repeating: 0, count: 24)))
    #expect(error == .unsupportedDType(file: path, tensor: "layers.0.weight", dtype: "F16"))
    #expect(error?.description.contains("F16") == true)
  }

  @Test("Offsets that overlap, leave a gap, disagree with the shape or leave trailing bytes are refused")
  func invalidOffsets() throws {
    func entry(_ name: String, _ shape: [Int], _ begin: Int, _ end: Int) -> String {
      #""\#(name)":{"dtype":"F32","shape":\#(shape),"data_offsets":[\#(begin),\#(end)]}"#
    }
    let zeros = [UInt8](repeating: 0, count: 64)
    let overlap = "{" + entry("a", [4], 0, 16) + "," + entry("b", [4], 12, 28) + "}"
    let (overlapError, path) = try loadError(from: rawSafetensors(header: overlap, data: Array(zeros.prefix(28))))
    guard case .invalidOffsets(path, "b", [12, 28], let reason) = overlapError else {
      Issue.record("expected invalidOffsets for b, got \(String(describing: overlapError))")
      return
    }
    #expect(reason.contains("overlaps tensor 'a'"))

    let gap = "{" + entry("a", [4], 0, 16) + "," + entry("b", [4], 20, 36) + "}"
    let (gapError, _) = try loadError(from: rawSafetensors(header: gap, data: Array(zeros.prefix(36))))
    guard case .invalidOffsets(_, "b", [20, 36], _) = gapError else {
      Issue.record("expected invalidOffsets for b, got \(String(describing: gapError))")
      return
    }

    let wrongSize = "{" + entry("a", [2, 3], 0, 16) + "}"
    let (sizeError, _) = try loadError(from: rawSafetensors(header: wrongSize, data: Array(zeros.prefix(16))))
    guard case .invalidOffsets(_, "a", [0, 16], let sizeReason) = sizeError else {
      Issue.record("expected invalidOffsets for a, got \(String(describing: sizeError))")
      return
    }
    #expect(sizeReason.contains("[2, 3]") && sizeReason.contains("24 bytes"))

    let (trailing, _) = try loadError(from: try validCheckpointBytes() + [0, 0, 0, 0])
    guard case .trailingData = trailing else {
      Issue.record("expected trailingData, got \(String(describing: trailing))")
      return
    }
  }

  @Test("A missing, renamed or extra tensor is refused by name")
  func wrongTensorNames() throws {
    let (model, optimizer) = trainedModel(seed: 1)
    var tensors = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.parameter.value) })
    for (name, tensor) in optimizer.namedState { tensors["optimizer." + name] = tensor }
    let metadata = [checkpointStepCountKey: "2"]

    var renamed = tensors
    renamed["layers.0.weights"] = renamed.removeValue(forKey: "layers.0.weight")
    let (missing, path) = try loadError(from: SafetensorsFile(tensors: renamed, metadata: metadata).serialized())
    #expect(missing == .missingTensor(file: path, tensor: "layers.0.weight", expectedShape: [3, 4]))

    var extra = tensors
    extra["layers.2.weight"] = Tensor(shape: [2, 2], repeating: 1)
    let (unexpected, unexpectedPath) = try loadError(
      from: SafetensorsFile(tensors: extra, metadata: metadata).serialized())
    #expect(unexpected == .unexpectedTensor(file: unexpectedPath, tensor: "layers.2.weight", shape: [2, 2]))
    #expect(unexpected?.description.contains("layers.2.weight") == true)

    let (noStepCount, _) = try loadError(from: SafetensorsFile(tensors: tensors).serialized())
    guard case .invalidMetadata(_, checkpointStepCountKey, _) = noStepCount else {
      Issue.record("expected invalidMetadata, got \(String(describing: noStepCount))")
      return
    }
  }

  @Test("A tensor whose shape differs from the model's is refused with both shapes")
  func wrongShape() throws {
    let wider = TinyModel(sizes: [3, 5, 2], seed: 1)
    let optimizer = Adam(parameters: wider.namedParameters)
    try withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("wider.safetensors")
      try saveCheckpoint(of: wider, optimizer: optimizer, to: url)
      let (error, path) = try loadError(from: try Data(contentsOf: url))
      #expect(error == .shapeMismatch(file: path, tensor: "layers.0.weight", expected: [3, 4], found: [3, 5]))
      #expect(error?.description.contains("[3, 5]") == true && error?.description.contains("[3, 4]") == true)
    }
  }

  @Test("Writing into a missing directory throws unwritable, naming the file")
  func unwritable() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("no-such-directory-\(UUID().uuidString)/model.safetensors")
    let error = #expect(throws: CheckpointError.self) {
      try saveCheckpoint(of: TinyModel(seed: 1), to: url)
    }
    guard case .unwritable(url.path, _) = error else {
      Issue.record("expected unwritable, got \(String(describing: error))")
      return
    }
  }
}
