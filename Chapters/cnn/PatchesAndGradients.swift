import Autograd
import CourseKit
import Foundation

/// Section 2: why a convolution layer is small, how the core computes it as
/// one matrix product, and what its backward pass and max pooling's do.
func patchesAndGradients(_ chapter: ChapterRun) {
  chapter.section("A small layer with shared weights")
  // region: parameter-counts
  // The first layer of the network: 3×3 filters over a 28×28×1 image, 32 of them.
  let (imageSide, kernelSide, filters) = (28, 3, 32)
  let convolutionParameters = kernelSide * kernelSide * 1 * filters + filters  // a filter and a bias per output channel
  // Without padding a 3×3 window fits at 28 − 3 + 1 = 26 positions across.
  let outputSide = imageSide - kernelSide + 1
  // A dense layer with the same input and the same output size, 26×26×32, would need
  // a weight from every pixel to every output, and a bias per output.
  let denseOutputs = outputSide * outputSide * filters
  let denseParameters = imageSide * imageSide * denseOutputs + denseOutputs
  // endregion
  chapter.say("Conv 3×3, 1 → 32 channels: \(convolutionParameters) parameters; a dense layer from 784 pixels to the same "
    + "\(denseOutputs) outputs: \(denseParameters) (\(denseParameters / convolutionParameters)× as many).")
  chapter.metrics.record("conv1_parameters", convolutionParameters)
  chapter.metrics.record("dense_equivalent_outputs", denseOutputs)
  chapter.metrics.record("dense_equivalent_parameters", denseParameters)
  chapter.metrics.record("dense_to_conv_ratio", denseParameters / convolutionParameters)
  // Multiply-adds per image are the same kind of count: each output pixel of each channel needs 3·3·1 of them.
  chapter.metrics.record("conv1_multiply_adds", denseOutputs * kernelSide * kernelSide)

  patchMatrix(chapter)
  convolutionGradients(chapter)
  poolingGradients(chapter)
}

/// The patch matrix of a 4×4 image, built by the core's conv2d itself.
private func patchMatrix(_ chapter: ChapterRun) {
  chapter.section("im2col: a convolution as one matrix product")
  // region: patches-by-convolution
  // im2col copies the 3×3 window under every output pixel into one row. A
  // convolution with nine one-hot filters does the same: filter k picks the
  // k-th pixel of each window, so output channel k is column k of the patch matrix.
  let image = Tensor(shape: [1, 4, 4, 1], scalars: (1...16).map(Float.init))  // pixels 1 … 16, row by row
  var picker = [Float](repeating: 0, count: 9 * 9)
  for k in 0..<9 { picker[k * 9 + k] = 1 }  // filter [3, 3, 1, 9]: weight (u, v) of filter k is 1 when 3u + v = k
  let patches = image.conv2d(Tensor(shape: [3, 3, 1, 9], scalars: picker)).reshaped(to: [4, 9])
  // endregion
  let rows = (0..<4).map { row in (0..<9).map { Int(patches[row, $0]) } }
  for row in rows { chapter.say("patch row \(row)") }
  chapter.metrics.record("patch_matrix", rows)
  chapter.metrics.record("patch_matrix_first_row", rows[0].map(String.init).joined(separator: ", "))
  chapter.metrics.record("patch_matrix_last_row", rows[3].map(String.init).joined(separator: ", "))
  // The network's first two layers as products, for a batch of 32: a row of the patch
  // matrix per image and output pixel (26 × 26, then 11 × 11 after pooling to 13 × 13),
  // a column per filter weight that sees one pixel (3 · 3 · input channels).
  let (batch, kernelSide) = (32, 3)
  let conv1Side = 28 - kernelSide + 1
  let conv2Side = conv1Side / 2 - kernelSide + 1
  chapter.metrics.record("conv1_patch_rows", batch * conv1Side * conv1Side)
  chapter.metrics.record("conv1_patch_columns", kernelSide * kernelSide * 1)
  chapter.metrics.record("conv2_patch_rows", batch * conv2Side * conv2Side)
  chapter.metrics.record("conv2_patch_columns", kernelSide * kernelSide * 32)
}

/// The backward pass of conv2d, checked against finite differences for the
/// filter, the input and the bias, on each of the core's three paths.
private func convolutionGradients(_ chapter: ChapterRun) {
  chapter.section("The backward pass of a convolution")
  let random = RandomGenerator(seed: chapter.seed &+ 23)
  // (path, images, input channels, output channels, stride, padding): shapes that send conv2d down each path.
  let cases = [
    ("im2col", [2, 5, 5, 2], 2, 3, 1, 0), ("im2col", [2, 5, 5, 2], 2, 3, 2, 1),
    ("direct", [2, 5, 5, 1], 1, 8, 1, 0), ("Winograd", [1, 6, 6, 16], 16, 16, 1, 0),
  ]
  var worst = 0.0
  var passed = true
  var paths: [String] = []
  for (path, imageShape, inChannels, outChannels, stride, padding) in cases {
    let images = Tensor.uniform(shape: imageShape, in: -1...1, using: random)
    let filter = Tensor.uniform(shape: [3, 3, inChannels, outChannels], in: -1...1, using: random)
    let bias = Tensor.uniform(shape: [outChannels], in: -1...1, using: random)
    // The convolution is linear in each argument, so a large nudge adds no error of its own, only less rounding.
    // region: conv2d-gradient-check
    let check = checkGradients(at: [images, filter, bias], step: 0.1) { inputs in
      inputs[0].conv2d(inputs[1], addingBias: inputs[2], stride: stride, padding: padding)
    }
    // endregion
    chapter.say("conv2d (\(path)) stride \(stride), padding \(padding): \(check)")
    worst = max(worst, check.maxAbsoluteError)
    passed = passed && check.passed
    if !paths.contains(path) { paths.append(path) }
  }
  chapter.metrics.record("conv2d_gradient_max_error", worst)
  chapter.metrics.record("conv2d_gradient_passed", passed)
  // A list in parentheses after "on each of the core's paths"; Chinese lists with 、.
  chapter.metrics.record("conv2d_gradient_paths", english: paths.joined(separator: ", "),
    chinese: paths.map { $0 == "direct" ? "直接法" : $0 }.joined(separator: "、"))
}

/// Max pooling's backward pass: the gradient goes to the winner of each window.
private func poolingGradients(_ chapter: ChapterRun) {
  chapter.section("The backward pass of max pooling")
  // region: pool-mask
  let grid = Tensor(shape: [1, 4, 4, 1], scalars: [
    1, 3, 2, 0,
    4, 2, 1, 5,
    0, 1, 7, 2,
    6, 2, 3, 1,
  ]).requiringGradient()
  let pooled = grid.maxPool2d()  // [[4, 5], [6, 7]]
  pooled.sum().backward()  // every output's gradient is 1: where does it land?
  let mask = grid.gradient!  // 1 at each window's maximum, 0 everywhere else
  // endregion
  let pooledRows = (0..<2).map { row in (0..<2).map { Int(pooled[0, row, $0, 0]) } }
  let maskRows = (0..<4).map { row in (0..<4).map { Int(mask[0, row, $0, 0]) } }
  chapter.say("max-pooled \(pooledRows); gradient mask \(maskRows)")
  chapter.metrics.record("pool_example_output", pooledRows)
  chapter.metrics.record("pool_example_mask", maskRows)
  chapter.metrics.record("pool_mask_ones", maskRows.joined().reduce(0, +))

  // On random inputs (no ties), finite differences agree.
  let random = RandomGenerator(seed: chapter.seed &+ 29)
  let input = Tensor.uniform(shape: [2, 6, 6, 3], in: -1...1, using: random)
  let check = checkGradients(at: [input], step: 1e-3) { $0[0].maxPool2d() }
  chapter.say("maxPool2d: \(check)")
  chapter.metrics.record("maxpool_gradient_max_error", check.maxAbsoluteError)
  chapter.metrics.record("maxpool_gradient_passed", check.passed)
}
