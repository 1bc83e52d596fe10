import Autograd
import Foundation

/// Chapter 4's network in int8: five quantized layers and the five activation
/// scales before them (the images', then each of the four ReLUs').
struct Int8Network {
  /// conv1, conv2, conv3, dense1, dense2.
  let layers: [QuantizedLayer]
  /// The scale of the images, and of the outputs of conv1, conv2, conv3 and dense1.
  let activationScales: [Float]

  /// Quantizes `model`'s weights per output channel, with activation scales from calibration.
  init(_ model: Sequential, activationScales: [Float]) {
    let weighted = model.layers.filter { $0.parameterCount > 0 }
    layers = weighted.map { layer in
      let parameters = Dictionary(uniqueKeysWithValues: layer.namedParameters.map { ($0.name, $0.parameter.value) })
      return QuantizedLayer(filter: parameters["filter"] ?? parameters["weight"]!, bias: parameters["bias"]!)
    }
    self.activationScales = activationScales
  }

  init(layers: [QuantizedLayer], activationScales: [Float]) {
    (self.layers, self.activationScales) = (layers, activationScales)
  }

  // region: int8-forward
  /// The logits of NHWC images [count, 28, 28, 1], every product in integers.
  func callAsFunction(_ images: Tensor, kernel: Int8Kernel = .best) -> Tensor {
    let s = activationScales
    var x = QuantizedActivations(quantizing: images, scale: s[0])
    x = layers[0](x, outputScale: s[1], pooled: true, kernel: kernel)    // conv1, ReLU, pool: 13×13×32
    x = layers[1](x, outputScale: s[2], pooled: true, kernel: kernel)    // conv2, ReLU, pool: 5×5×64
    x = layers[2](x, outputScale: s[3], kernel: kernel)                  // conv3, ReLU: 3×3×64
    x = x.reshaped(to: [images.shape[0], 576])                           // flatten
    x = layers[3](x, outputScale: s[4], kernel: kernel)                  // dense1, ReLU
    return layers[4].logits(x, kernel: kernel)                           // dense2: float logits
  }
  // endregion

  /// The logits of every image of a data set, 500 at a time.
  func logits(for images: (Range<Int>) -> Tensor, count: Int) -> Tensor {
    Tensor.concatenated(stride(from: 0, to: count, by: 500).map { self(images($0..<min($0 + 500, count))) }, alongAxis: 0)
  }
}

// region: calibration
/// The activation scales of `model` from calibration images: the largest value
/// each ReLU gives on them (and the images' largest pixel), over 127.
func calibratedScales(of model: Sequential, images: Tensor) -> [Float] {
  var largest = [images.scalars.max() ?? 1]
  var x = images
  withoutGradient {
    for layer in model.layers {
      x = layer(x)
      if layer is ReLU { largest.append(x.scalars.max() ?? 1) }
    }
  }
  return largest.map { max($0, 1e-6) / Float(largestActivationLevel) }
}
// endregion

// region: simulated-quantization
/// The float network with every weight and activation rounded to its int8
/// level and back ("fake" quantization): the numbers of int8 inference,
/// computed in float32.
func simulatedQuantization(of model: Sequential, scales: [Float], images: Tensor) -> Tensor {
  let roundTrip = { (x: Tensor, scale: Float) in QuantizedActivations(quantizing: x, scale: scale).dequantized() }
  var x = roundTrip(images, scales[0])
  var next = 1
  withoutGradient {
    for layer in model.layers {
      if let conv = layer as? Conv2D {
        x = x.conv2d(QuantizedLayer(filter: conv.filter.value, bias: conv.bias.value).weights.dequantized()
          .reshaped(to: conv.filter.shape), addingBias: conv.bias.value)
      } else if let dense = layer as? Linear {
        x = x.matmul(QuantizedWeights(quantizing: dense.weight.value).dequantized(), addingBias: dense.bias!.value)
      } else {
        x = layer(x)
        if layer is ReLU {
          x = roundTrip(x, scales[next])
          next += 1
        }
      }
    }
  }
  return x
}
// endregion
