import Foundation

/// The metadata key under which a checkpoint stores the optimizer's step count.
public let checkpointStepCountKey = "optimizer.step_count"

/// The prefix of the optimizer's state tensors in a checkpoint: Adam's first
/// moment of `layers.0.weight` is stored as `optimizer.m.layers.0.weight`.
public let checkpointOptimizerPrefix = "optimizer."

/// Saves a model's parameters, and optionally its optimizer's state, to a
/// safetensors file, atomically.
///
/// Parameters are stored under their ``Layer/namedParameters`` names
/// (`layers.0.weight`), the optimizer's state under `optimizer.` + its
/// ``Optimizer/namedState`` names, and its step count in the metadata under
/// ``checkpointStepCountKey``. The file opens with any safetensors reader
/// (`safetensors.torch.load_file` in Python).
///
///     try saveCheckpoint(of: model, optimizer: optimizer, metadata: ["epoch": "\(epoch)"], to: url)
///
/// - Parameters:
///   - model: the layer whose parameters to save.
///   - optimizer: the optimizer whose state to save, or nil for the weights only.
///   - metadata: extra string pairs to store (the step count key is reserved).
///   - url: the file to create or replace.
/// - Throws: ``CheckpointError/unwritable(file:reason:)``; an existing file is then left as it was.
public func saveCheckpoint(
  of model: some Layer, optimizer: (any Optimizer)? = nil, metadata: [String: String] = [:], to url: URL
) throws(CheckpointError) {
  var tensors: [String: Tensor] = [:]
  for (name, parameter) in model.namedParameters {
    check(
      !name.hasPrefix(checkpointOptimizerPrefix),
      "saveCheckpoint: parameter name '\(name)' clashes with the '\(checkpointOptimizerPrefix)' prefix")
    check(tensors[name] == nil, "saveCheckpoint: two parameters of the model are named '\(name)'")
    tensors[name] = parameter.value
  }
  var metadata = metadata
  if let optimizer {
    for (name, tensor) in optimizer.namedState {
      tensors[checkpointOptimizerPrefix + name] = tensor
    }
    metadata[checkpointStepCountKey] = String(optimizer.stepCount)
  }
  try SafetensorsFile(tensors: tensors, metadata: metadata).write(to: url)
}

/// Loads a checkpoint written by ``saveCheckpoint(of:optimizer:metadata:to:)``
/// into a model and optionally its optimizer, after validating everything.
///
/// The file must hold exactly the model's parameters, with their shapes, and,
/// when an optimizer is given, exactly its state and a step count. Without an
/// optimizer, any `optimizer.` tensors in the file are ignored, so a training
/// checkpoint also serves for evaluation.
///
///     let metadata = try loadCheckpoint(into: model, optimizer: optimizer, from: url)
///     let epoch = Int(metadata["epoch"] ?? "0")!
///
/// A file larger than the model's tensors and a generous header (16 MB, for
/// metadata such as a long training history) is refused before it is read,
/// and so is a file of NaN or infinite values: nothing could be continued from it.
///
/// - Returns: the file's metadata, including ``checkpointStepCountKey``.
/// - Throws: ``CheckpointError`` for an unreadable, oversized or malformed
///   file, a missing, unexpected or misshapen tensor, a value that is not
///   finite, or a bad step count. Nothing is changed then: the model and the
///   optimizer keep their values.
@discardableResult
public func loadCheckpoint(
  into model: some Layer, optimizer: (any Optimizer)? = nil, from url: URL
) throws(CheckpointError) -> [String: String] {
  let file = try SafetensorsFile(contentsOf: url, maximumSize: largestCheckpointSize(of: model, optimizer: optimizer))
  let fileName = url.path

  // 1. Validate: every expected tensor is there with its shape, nothing else is.
  var expected = model.namedParameters.map { (name: $0.name, shape: $0.parameter.shape) }
  var stepCount = 0
  if let optimizer {
    expected += optimizer.namedState.map { (name: checkpointOptimizerPrefix + $0.name, shape: $0.tensor.shape) }
    guard let text = file.metadata[checkpointStepCountKey] else {
      throw .invalidMetadata(
        file: fileName, key: checkpointStepCountKey,
        reason: "missing: the checkpoint holds no optimizer state (load it without an optimizer)")
    }
    guard let count = Int(text), count >= 0 else {
      throw .invalidMetadata(file: fileName, key: checkpointStepCountKey, reason: "'\(text)' is not a step count")
    }
    stepCount = count
  }
  for (name, shape) in expected {
    guard let tensor = file.tensors[name] else {
      throw .missingTensor(file: fileName, tensor: name, expectedShape: shape)
    }
    guard tensor.shape == shape else {
      throw .shapeMismatch(file: fileName, tensor: name, expected: shape, found: tensor.shape)
    }
  }
  for (name, _) in expected {
    let scalars = file.tensors[name]!.scalars
    if let index = scalars.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteValue(file: fileName, tensor: name, index: index, value: "\(scalars[index])")
    }
  }
  let expectedNames = Set(expected.map(\.name))
  for name in file.tensors.keys.sorted() where !expectedNames.contains(name) {
    if optimizer == nil && name.hasPrefix(checkpointOptimizerPrefix) { continue }
    throw .unexpectedTensor(file: fileName, tensor: name, shape: file.tensors[name]!.shape)
  }

  // 2. Change: the optimizer first, since its own validation could still refuse.
  if let optimizer {
    var state: [String: Tensor] = [:]
    for (name, _) in optimizer.namedState {
      state[name] = file.tensors[checkpointOptimizerPrefix + name]
    }
    do {
      try optimizer.restoreState(state, stepCount: stepCount)
    } catch {
      throw checkpointError(for: error, fileName: fileName)
    }
  }
  for (name, parameter) in model.namedParameters {
    // Replace the values but keep the parameter's leaf node, which graphs refer to.
    parameter.value.scalars = file.tensors[name]!.scalars
  }
  return file.metadata
}

/// The most bytes a checkpoint of `model` (and `optimizer`) can take: its
/// tensors, plus 16 MB for the header. Without an optimizer the file may
/// still hold one's state, which is ignored: room for three tensors per parameter.
private func largestCheckpointSize(of model: some Layer, optimizer: (any Optimizer)?) -> Int {
  let headerAllowance = 16 << 20
  let parameterBytes = model.namedParameters.reduce(0) { $0 + $1.parameter.value.scalarCount } * MemoryLayout<Float>.size
  guard let optimizer else { return headerAllowance + 4 * parameterBytes }
  let stateBytes = optimizer.namedState.reduce(0) { $0 + $1.tensor.scalarCount } * MemoryLayout<Float>.size
  return headerAllowance + parameterBytes + stateBytes
}

/// The checkpoint error that corresponds to an optimizer refusing its state.
private func checkpointError(for error: OptimizerStateError, fileName: String) -> CheckpointError {
  switch error {
  case .missing(let name, let shape):
    .missingTensor(file: fileName, tensor: checkpointOptimizerPrefix + name, expectedShape: shape)
  case .unexpected(let name, let shape):
    .unexpectedTensor(file: fileName, tensor: checkpointOptimizerPrefix + name, shape: shape)
  case .shapeMismatch(let name, let expected, let found):
    .shapeMismatch(file: fileName, tensor: checkpointOptimizerPrefix + name, expected: expected, found: found)
  case .negativeStepCount(let count):
    .invalidMetadata(file: fileName, key: checkpointStepCountKey, reason: "step count \(count) is negative")
  }
}
