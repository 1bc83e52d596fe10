import Testing

@testable import Autograd

/// Random activation levels 0…127 for `rows` rows of `depth`, and weights
/// levels −127…127 for [depth, columns], from a fixed seed.
private func randomLevels(rows: Int, depth: Int, columns: Int, seed: UInt64) -> ([UInt8], [Int8]) {
  var generator = SplitMix(seed: seed)
  let activations = (0..<(rows * depth)).map { _ in UInt8(generator.next() % 128) }
  let weights = (0..<(depth * columns)).map { _ in Int8(Int(generator.next() % 255) - 127) }
  return (activations, weights)
}

/// A small deterministic generator, so that the levels do not depend on the core's Float generator.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The textbook product in Int, on unpacked levels: the judge of every kernel.
private func referenceProduct(_ a: [UInt8], _ b: [Int8], rows: Int, depth: Int, columns: Int) -> [Int32] {
  (0..<(rows * columns)).map { index in
    let (row, column) = index.quotientAndRemainder(dividingBy: columns)
    return Int32((0..<depth).reduce(0) { $0 + Int(a[row * depth + $1]) * Int(b[$1 * columns + column]) })
  }
}

/// `activations` rows of `depth` widened with zeros to `padded`.
private func padded(_ activations: [UInt8], rows: Int, depth: Int, to padded: Int) -> [UInt8] {
  (0..<rows).flatMap { row in activations[(row * depth)..<((row + 1) * depth)] + repeatElement(0, count: padded - depth) }
}

@Suite("Int8 kernels")
struct Int8KernelTests {
  /// Shapes with every edge: rows not a multiple of 4, depths not a multiple of 4,
  /// columns short of a block of 16, more than one block, more than 64.
  static let shapes: [(rows: Int, depth: Int, columns: Int)] = [
    (1, 4, 1), (3, 9, 10), (4, 12, 16), (7, 288, 64), (9, 576, 64), (5, 64, 10), (13, 20, 70), (600, 36, 32),
  ]

  @Test("Every kernel this processor has gives the reference's exact sums", arguments: Int8Kernel.available)
  func kernelMatchesReference(kernel: Int8Kernel) {
    for (index, shape) in Self.shapes.enumerated() {
      let (a, b) = randomLevels(rows: shape.rows, depth: shape.depth, columns: shape.columns, seed: UInt64(index))
      let weights = QuantizedWeights(levels: b, scales: Array(repeating: 1, count: shape.columns), depth: shape.depth, columns: shape.columns)
      let sums = weights.multiply(padded(a, rows: shape.rows, depth: shape.depth, to: weights.paddedDepth), rows: shape.rows, kernel: kernel)
      let expected = referenceProduct(a, b, rows: shape.rows, depth: shape.depth, columns: shape.columns)
      let first = zip(sums, expected).enumerated().first { $0.element.0 != $0.element.1 }
      let shapes = "\(kernel) kernel, \(shape.rows)×\(shape.depth) times \(shape.depth)×\(shape.columns)"
      #expect(
        sums.count == expected.count && first == nil,
        "\(shapes): sum \(first?.offset ?? -1) is \(first?.element.0 ?? 0), not \(first?.element.1 ?? 0)")
    }
  }

  @Test("The largest levels do not saturate: 127 · ±127 summed over 576", arguments: Int8Kernel.available)
  func extremeLevelsDoNotSaturate(kernel: Int8Kernel) {
    let (rows, depth, columns) = (5, 576, 20)
    let a = [UInt8](repeating: largestActivationLevel, count: rows * depth)
    let b = (0..<(depth * columns)).map { $0 % columns < 10 ? largestWeightLevel : -largestWeightLevel }
    let weights = QuantizedWeights(levels: b, scales: Array(repeating: 1, count: columns), depth: depth, columns: columns)
    let sums = weights.multiply(a, rows: rows, kernel: kernel)
    #expect(sums == referenceProduct(a, b, rows: rows, depth: depth, columns: columns))
    #expect(sums.first == 576 * 127 * 127 && sums[10] == -576 * 127 * 127)
  }

  @Test(
    "The AVX2 kernel, forced on a processor that also has VNNI, agrees with VNNI",
    .enabled(if: Int8Kernel.avx2.isAvailable && Int8Kernel.avx512VNNI.isAvailable,
      "this processor lacks AVX2 or AVX-512 VNNI: the two paths cannot both run here (the test above covers those it has)"))
  func forcedAVX2AgreesWithVNNI() {
    let (rows, depth, columns) = (257, 576, 64)
    let (a, b) = randomLevels(rows: rows, depth: depth, columns: columns, seed: 99)
    let weights = QuantizedWeights(levels: b, scales: Array(repeating: 1, count: columns), depth: depth, columns: columns)
    #expect(weights.multiply(a, rows: rows, kernel: .avx2) == weights.multiply(a, rows: rows, kernel: .avx512VNNI))
  }

  @Test("The best kernel is the fastest one the processor has")
  func bestKernel() {
    #expect(Int8Kernel.available.contains(.scalar))
    #expect(Int8Kernel.best == Int8Kernel.available.last)
    #if arch(x86_64)
    if Int8Kernel.avx512VNNI.isAvailable { #expect(Int8Kernel.best == .avx512VNNI) }
    #endif
  }

  @Test("Per-channel weights: each column's largest magnitude becomes level ±127")
  func perChannelScales() {
    let weights = Tensor(shape: [3, 2], scalars: [0.4, -0.005, -1.0, 0.02, 0.25, 0.0])
    let quantized = QuantizedWeights(quantizing: weights)
    #expect(quantized.scales == [1.0 / 127, 0.02 / 127])
    #expect(quantized.levels == [51, -32, -127, 127, 32, 0])  // 50.8, −31.75, −127, 127, 31.75, 0 rounded
    expectTensor(quantized.dequantized(), shape: [3, 2], weights.scalars, tolerance: 0.5 / 127)
  }

  @Test("Activations: round to the nearest level, clamp to 0…127")
  func activationLevels() {
    let x = Tensor(shape: [5], scalars: [-0.3, 0.0, 0.25, 1.26, 5])
    let quantized = QuantizedActivations(quantizing: x, scale: 0.01)
    #expect(quantized.levels == [0, 0, 25, 126, 127])
    expectTensor(quantized.dequantized(), shape: [5], [0, 0, 0.25, 1.26, 1.27])
  }

  @Test("A quantized convolution and dense layer agree with the float ones within quantization error", arguments: Int8Kernel.available)
  func layersAgreeWithFloat(kernel: Int8Kernel) {
    let random = RandomGenerator(seed: 5)
    let images = Tensor.uniform(shape: [3, 7, 7, 5], in: 0...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, 5, 12], in: -0.3...0.3, using: random)
    let bias = Tensor.uniform(shape: [12], in: -0.2...0.2, using: random)
    let float = withoutGradient { images.conv2d(filter, addingBias: bias).relu() }
    let outputScale = float.scalars.max()! / 127
    let input = QuantizedActivations(quantizing: images, scale: 1 / 127)
    let layer = QuantizedLayer(filter: filter, bias: bias)
    let output = layer(input, outputScale: outputScale, kernel: kernel)
    #expect(output.shape == float.shape)
    // Errors: half an input level times Σ|w| per patch, the weights' rounding, half an output level.
    let worst = zip(output.dequantized().scalars, float.scalars).map { abs($0 - $1) }.max()!
    #expect(worst < 3 * outputScale, "largest difference \(worst) against an output level of \(outputScale)")

    // The same layer as a dense layer on flattened rows gives the logits path.
    let rows = Tensor.uniform(shape: [4, 45], in: 0...1, using: random)
    let weight = filter.reshaped(to: [45, 12])
    let dense = QuantizedLayer(filter: weight, bias: bias)
    let logits = dense.logits(QuantizedActivations(quantizing: rows, scale: 1 / 127), kernel: kernel)
    let expected = withoutGradient { rows.matmul(weight, addingBias: bias) }
    expectTensor(logits, shape: [4, 12], expected.scalars, tolerance: 0.05)
  }

  @Test("Max pooling levels equals quantizing the pooled values")
  func poolingLevels() {
    let x = Tensor.uniform(shape: [2, 6, 5, 3], in: 0...1, using: RandomGenerator(seed: 8))
    let quantized = QuantizedActivations(quantizing: x, scale: 1 / 127)
    let pooled = withoutGradient { quantized.dequantized().maxPool2d(size: 2, stride: 2) }
    #expect(quantized.maxPooled().levels == QuantizedActivations(quantizing: pooled, scale: 1 / 127).levels)
    #expect(quantized.maxPooled().shape == [2, 3, 2, 3])
  }
}

@Suite("Int8 requantization")
struct Int8RequantizationTests {
  @Test("The C requantization gives the formula's levels, and pooling sums first gives pooling levels after")
  func requantizationAndPooling() {
    let random = RandomGenerator(seed: 11)
    let images = Tensor.uniform(shape: [3, 9, 9, 4], in: 0...1, using: random)
    let layer = QuantizedLayer(
      filter: Tensor.uniform(shape: [3, 3, 4, 20], in: -0.5...0.5, using: random),
      bias: Tensor.uniform(shape: [20], in: -0.3...0.3, using: random))
    let input = QuantizedActivations(quantizing: images, scale: 1 / 127)
    let (sums, _, shape) = layer.sums(input)
    let reference = layer.requantizedReference(sums, inputScale: input.scale, outputScale: 0.02)
    #expect(layer.requantized(sums, inputScale: input.scale, outputScale: 0.02) == reference)
    #expect(Set(reference).count > 20, "the example should use many levels, including 0 and 127")
    #expect(reference.contains(0) && reference.contains(127))
    let poolAfter = QuantizedActivations(shape: shape, levels: reference, scale: 0.02).maxPooled()
    let poolFirst = layer(input, outputScale: 0.02, pooled: true)
    #expect(poolFirst.shape == [3, 3, 3, 20] && poolFirst.levels == poolAfter.levels)
  }
}
