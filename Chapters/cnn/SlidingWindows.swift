import Autograd
import CourseKit
import Foundation

// region: correlate-1d
/// The "valid" 1-D convolution of deep learning (strictly, a cross-correlation):
/// the kernel slides along the input, and each output is the dot product of
/// the kernel with the window under it,
///
///     y[i] = Σⱼ w[j] · x[i·stride + j],   i = 0 … (n − k) / stride.
///
/// Nothing is flipped: what the kernel looks like is what it looks for.
func slidingDotProducts(_ x: [Double], kernel w: [Double], stride: Int = 1) -> [Double] {
  let outputCount = (x.count - w.count) / stride + 1
  return (0..<outputCount).map { i in
    w.indices.reduce(0) { sum, j in sum + w[j] * x[i * stride + j] }
  }
}
// endregion

// region: convolve-1d
/// The convolution of signal processing: the kernel is flipped before it
/// slides, y[i] = Σⱼ w[j] · x[i + k − 1 − j]. For a symmetric kernel such
/// as (1, 1) the two agree; a learned kernel does not care which one is used,
/// since learning it flipped is just as easy.
func flippedConvolution(_ x: [Double], kernel w: [Double]) -> [Double] {
  slidingDotProducts(x, kernel: Array(w.reversed()))
}
// endregion

/// Adds `count` zeros on both ends: the padding that makes "same" and "full"
/// convolutions.
func zeroPadded(_ x: [Double], by count: Int) -> [Double] {
  [Double](repeating: 0, count: count) + x + [Double](repeating: 0, count: count)
}

// region: output-size
/// How many windows of size `kernel`, starting every `stride` positions, fit
/// into `size` inputs padded with `padding` zeros on each side.
func convolutionOutputLength(size: Int, kernel: Int, stride: Int = 1, padding: Int = 0) -> Int {
  (size + 2 * padding - kernel) / stride + 1
}
// endregion

// region: naive-conv2d
/// The 2-D convolution of NHWC images written as the definition reads:
///
///     y[n, i, j, o] = Σ_{u, v, c} w[u, v, c, o] · x[n, i·s + u − p, j·s + v − p, c],
///
/// where positions outside the image (the padding) read as 0. The bias b[o]
/// is left out for clarity; the core's `conv2d` adds it itself (`addingBias:`).
/// Seven nested loops: clear, and far slower than the core's `conv2d`.
func naiveConv2d(_ x: Tensor, filter w: Tensor, stride s: Int = 1, padding p: Int = 0) -> Tensor {
  let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
  let (kernelHeight, kernelWidth, outChannels) = (w.shape[0], w.shape[1], w.shape[3])
  let outHeight = convolutionOutputLength(size: height, kernel: kernelHeight, stride: s, padding: p)
  let outWidth = convolutionOutputLength(size: width, kernel: kernelWidth, stride: s, padding: p)
  var y = [Float](repeating: 0, count: batch * outHeight * outWidth * outChannels)
  for n in 0..<batch {
    for i in 0..<outHeight {
      for j in 0..<outWidth {
        for o in 0..<outChannels {
          var sum: Float = 0
          for u in 0..<kernelHeight {
            for v in 0..<kernelWidth {
              let (row, column) = (i * s + u - p, j * s + v - p)
              guard row >= 0 && row < height && column >= 0 && column < width else { continue }
              for c in 0..<channels { sum += w[u, v, c, o] * x[n, row, column, c] }
            }
          }
          y[((n * outHeight + i) * outWidth + j) * outChannels + o] = sum
        }
      }
    }
  }
  return Tensor(shape: [batch, outHeight, outWidth, outChannels], scalars: y)
}
// endregion

/// Section 1: convolution from first principles, in one and two dimensions.
func slidingWindows(_ chapter: ChapterRun) {
  chapter.section("Convolution, one dimension at a time")
  // region: worked-example
  let x: [Double] = [1, 2, 3]
  let w: [Double] = [1, 1]
  let valid = slidingDotProducts(x, kernel: w)  // windows (1, 2) and (2, 3)
  let full = slidingDotProducts(zeroPadded(x, by: w.count - 1), kernel: w)  // every overlap, even partial
  let articleSum = zip(x, [1, 1, 1]).reduce(0) { $0 + $1.0 * $1.1 }  // 1·1 + 2·1 + 3·1, one weight too many
  // endregion
  chapter.say("x = \(x), w = \(w): valid convolution \(valid), full (padding 1) \(full); "
    + "1·1 + 2·1 + 3·1 = \(articleSum) needs a third weight.")
  chapter.metrics.record("example_valid", valid)
  chapter.metrics.record("example_valid_first", valid[0])
  chapter.metrics.record("example_valid_second", valid[1])
  chapter.metrics.record("example_full", full.map { Int($0) })  // whole numbers, shown as such
  chapter.metrics.record("example_full_sum", full.reduce(0, +))
  chapter.metrics.record("example_valid_sum", valid.reduce(0, +))
  chapter.metrics.record("example_article_sum", articleSum)
  chapter.metrics.record("example_valid_count", valid.count)

  // The core's conv2d agrees: the sequence as a 1×3 image with one channel, the kernel as a 1×2 filter.
  let coreValid = Tensor(shape: [1, 1, 3, 1], scalars: x.map(Float.init))
    .conv2d(Tensor(shape: [1, 2, 1, 1], scalars: w.map(Float.init))).scalars.map(Double.init)
  chapter.metrics.record("example_core_conv2d", coreValid)
  chapter.metrics.record("example_core_agrees", coreValid == valid)

  // An asymmetric kernel tells cross-correlation from the flipped convolution.
  let edge: [Double] = [1, -1]
  let correlated = slidingDotProducts(x, kernel: edge)
  let convolved = flippedConvolution(x, kernel: edge)
  chapter.say("With w = \(edge): cross-correlation \(correlated), flipped convolution \(convolved).")
  chapter.metrics.record("edge_correlation", correlated)
  chapter.metrics.record("edge_correlation_first", correlated[0])
  chapter.metrics.record("edge_convolution_first", convolved[0])

  outputSizes(chapter)
  twoDimensions(chapter)
}

/// The output-size formula against the shapes the core's conv2d returns.
private func outputSizes(_ chapter: ChapterRun) {
  let image = Tensor.zeros([1, 28, 28, 1])
  var rows: [(String, MetricValue)] = []
  var allAgree = true
  for (kernel, stride, padding) in [(3, 1, 0), (3, 1, 1), (3, 2, 0), (3, 2, 1), (5, 1, 2), (2, 2, 0)] {
    let formula = convolutionOutputLength(size: 28, kernel: kernel, stride: stride, padding: padding)
    let measured = image.conv2d(Tensor.zeros([kernel, kernel, 1, 1]), stride: stride, padding: padding).shape[1]
    allAgree = allAgree && formula == measured
    rows.append(("k\(kernel)_s\(stride)_p\(padding)", .integer(measured)))
    chapter.say("28 pixels, kernel \(kernel), stride \(stride), padding \(padding): formula \(formula), conv2d \(measured)")
  }
  chapter.metrics.record("output_sizes", MetricValue.object(rows))
  chapter.metrics.record("output_size_formula_agrees", allAgree)
}

/// Two dimensions, several channels, padding and stride: the naive loops against the core.
private func twoDimensions(_ chapter: ChapterRun) {
  let random = RandomGenerator(seed: chapter.seed &+ 11)
  let images = Tensor.uniform(shape: [2, 7, 7, 3], in: -1...1, using: random)
  let filter = Tensor.uniform(shape: [3, 3, 3, 4], in: -1...1, using: random)
  var largestDifference: Float = 0
  for (stride, padding) in [(1, 0), (1, 1), (2, 0), (2, 1)] {
    let naive = naiveConv2d(images, filter: filter, stride: stride, padding: padding)
    let core = images.conv2d(filter, stride: stride, padding: padding)
    let difference = zip(naive.scalars, core.scalars).map { abs($0 - $1) }.max() ?? 0
    largestDifference = max(largestDifference, difference)
  }
  chapter.say("Naive seven-loop conv2d against the core's im2col conv2d (2 images 7×7×3, 4 filters 3×3×3, "
    + "strides 1 and 2, padding 0 and 1): largest difference \(largestDifference).")
  chapter.metrics.record("naive_conv2d_max_difference", largestDifference)

  // A vertical-edge detector on a 6×6 image, dark on the left and bright on the right.
  // region: edge-detector
  let picture = Tensor(shape: [1, 6, 6, 1], scalars: (0..<36).map { $0 % 6 < 3 ? 0 : 1 })
  let verticalEdge = Tensor(shape: [3, 3, 1, 1], scalars: [-1, 0, 1, -1, 0, 1, -1, 0, 1])
  let response = picture.conv2d(verticalEdge)  // [1, 4, 4, 1]
  // endregion
  let firstRow = (0..<4).map { Double(response[0, 0, $0, 0]) }
  chapter.say("Vertical-edge filter on a half-dark 6×6 image, first row of the 4×4 response: \(firstRow)")
  chapter.metrics.record("edge_response_row", firstRow.map { Int($0) })
  chapter.metrics.record("edge_response_peak", firstRow.max() ?? 0)
}
