import Autograd
import CourseKit
import Foundation

// region: int8-tensors
/// The int8 network as named tensors: each layer's weights as I8 in the float
/// checkpoint's shape and name, one float32 scale per output channel, the
/// float32 bias, and the activation scales.
func int8Tensors(of network: Int8Network, names: [String], shapes: [[Int]]) -> [String: (shape: [Int], values: Int8Safetensors.Values)] {
  var tensors: [String: (shape: [Int], values: Int8Safetensors.Values)] = [:]
  for (index, layer) in network.layers.enumerated() {
    tensors[names[index]] = (shapes[index], .int8(layer.weights.levels))
    tensors[names[index] + "_scale"] = ([layer.weights.columns], .float32(layer.weights.scales))
    tensors[layerPrefix(names[index]) + "bias"] = ([layer.bias.count], .float32(layer.bias))
  }
  tensors["activation_scales"] = ([network.activationScales.count], .float32(network.activationScales))
  return tensors
}
// endregion

/// `layers.3.filter` → `layers.3.`.
private func layerPrefix(_ name: String) -> String { String(name[...name.lastIndex(of: ".")!]) }

/// Rebuilds the int8 network from its tensors, checking that each one is there with the right dtype.
func int8Network(from file: Int8Safetensors, names: [String], shapes: [[Int]], path: String) throws -> Int8Network {
  func values(_ name: String) throws -> Int8Safetensors.Values {
    guard let tensor = file.tensors[name] else { throw ChapterError("\(path): missing tensor '\(name)'") }
    return tensor.values
  }
  var layers: [QuantizedLayer] = []
  for (index, name) in names.enumerated() {
    guard case .int8(let levels) = try values(name), case .float32(let scales) = try values(name + "_scale"),
      case .float32(let bias) = try values(layerPrefix(name) + "bias")
    else { throw ChapterError("\(path): tensors of '\(name)' have the wrong dtypes") }
    let shape = shapes[index]
    let weights = QuantizedWeights(levels: levels, scales: scales, depth: shape.dropLast().reduce(1, *), columns: shape.last!)
    layers.append(QuantizedLayer(weights: weights, bias: bias, kernelSize: shape.count == 4 ? shape[0] : 1))
  }
  guard case .float32(let activationScales) = try values("activation_scales") else {
    throw ChapterError("\(path): 'activation_scales' is not F32")
  }
  return Int8Network(layers: layers, activationScales: activationScales)
}

/// Section: the int8 model in safetensors, its size against the float32 file, and a reload that must predict the same.
func saveInt8Model(_ chapter: ChapterRun, teacher: Sequential, int8: Int8Network, data: FashionData) throws {
  chapter.section("Saving the int8 model")
  let weights = teacher.namedParameters.filter { !$0.name.hasSuffix("bias") }
  let (names, shapes) = (weights.map(\.name), weights.map(\.parameter.shape))
  // Staged: they reach the output folder with metrics.json, only if the whole run succeeds.
  let floatURL = chapter.stagedOutput(named: "model-float32.safetensors")
  let int8URL = chapter.stagedOutput(named: "model-int8.safetensors")
  try saveCheckpoint(of: teacher, to: floatURL)
  let file = Int8Safetensors(tensors: int8Tensors(of: int8, names: names, shapes: shapes), metadata: [
    "format": "int8 weights per output channel (w = scale[j] * q), uint7 activations (x = scale * q, zero point 0)",
  ])
  try writeAtomically(file.serialized(), to: int8URL)
  let floatBytes = try FileManager.default.attributesOfItem(atPath: floatURL.path)[.size] as! Int
  let int8Bytes = try FileManager.default.attributesOfItem(atPath: int8URL.path)[.size] as! Int

  let reloaded = try int8Network(from: Int8Safetensors(contentsOf: int8URL), names: names, shapes: shapes, path: int8URL.path)
  let sample = data.test.nhwcImages(at: Array(0..<min(500, data.test.count)))
  let same = reloaded(sample).scalars == int8(sample).scalars
  chapter.say("\(floatURL.lastPathComponent): \(floatBytes) bytes; \(int8URL.lastPathComponent): \(int8Bytes) bytes "
    + String(format: "(%.3f of float32); reloaded, it gives %@ logits", Double(int8Bytes) / Double(floatBytes),
      same ? "the same" : "different"))
  chapter.metrics.record("float_file_bytes", floatBytes)
  chapter.metrics.record("int8_file_bytes", int8Bytes)
  chapter.metrics.record("int8_size_ratio", Double(int8Bytes) / Double(floatBytes))
  chapter.metrics.record("int8_reload_identical", same)
  guard same else { throw ChapterError("\(int8URL.path): the reloaded int8 model does not give the logits it was saved with") }
}
