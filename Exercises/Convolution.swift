// Chapter 4 — Convolutional networks. Exercises
//
// Replace each `fatalError("not attempted")` with your solution, then run
//
//     swift run course check cnn
//
// to see which pass (`swift run course watch` re-checks on every save). Stuck on one?
// `swift run course hint` gives hints, one at a time, from a nudge to nearly the answer.
// Images are plain Swift arrays of rows, `image[row][column]`,
// one channel; no tensors needed here.

import Foundation

/// Exercise 1 — How many outputs a convolution (or pooling) has along one
/// axis: windows of `kernelSize` inputs, one every `stride` positions, over
/// `inputSize` inputs with `padding` zeros added at each end.
///
/// A 28-pixel row with a 3-wide kernel, stride 1 and no padding gives 26;
/// with padding 1 it gives 28; with stride 2 and padding 1 it gives 14.
///
/// Hint: the padded row has inputSize + 2·padding positions, and the last
/// window must start at least kernelSize positions before its end; count the
/// starts 0, stride, 2·stride, … that fit (integer division rounds down).
public func convolutionOutputSize(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  fatalError("not attempted")
}

/// Exercise 2 — The 2-D convolution of one image with one kernel, as every
/// deep-learning library computes it (a cross-correlation: the kernel is not
/// flipped):
///
///     output[i][j] = Σ_u Σ_v kernel[u][v] · image[i·stride + u − padding][j·stride + v − padding],
///
/// where a position outside the image (in the padding) reads as 0.
///
/// Hint: compute the output's height and width first (your exercise 1, once
/// per axis), then four nested loops: i, j over the output, u, v over the
/// kernel; skip the terms whose row or column falls outside the image.
public func naiveConvolution2D(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 3 — Max pooling: the largest value of each `size`×`size` window,
/// windows side by side (stride = size) and no padding; rows or columns left
/// over at the bottom or right, too few for a window, are dropped.
///
/// [[1, 3], [4, 2]] pooled with size 2 is [[4]]; a 5×5 image pooled with size
/// 2 gives 2×2.
///
/// Hint: output[i][j] is the maximum of image[i·size + u][j·size + v] for u, v in 0..<size.
public func maxPoolForward(_ image: [[Double]], size: Int) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 4 — The backward pass of max pooling: given the gradient of the
/// loss with respect to each pooled output, the gradient with respect to each
/// input pixel.
///
/// Each output is its window's maximum, so only the pixel that won changed
/// it: that pixel receives the output's gradient, every other pixel of the
/// window 0. When two pixels of a window tie, the first in reading order
/// (row by row, left to right) wins. Pixels in no window get 0.
///
/// Hint: start from an all-zero array the size of the image; for each window,
/// find the (row, column) of its maximum with a strict `>` while scanning in
/// reading order, and add outputGradient[i][j] there.
public func maxPoolBackwardMask(_ image: [[Double]], size: Int, outputGradient: [[Double]]) -> [[Double]] {
  fatalError("not attempted")
}

/// Exercise 5 — im2col for one channel: the matrix with one row per output
/// pixel of a stride-1, unpadded convolution with a kernelSize×kernelSize
/// kernel, rows in reading order of the output, and in each row the window's
/// pixels in reading order.
///
/// For the 4×4 image with pixels 1 … 16 (row by row) and kernelSize 3 it has
/// 4 rows, the first [1, 2, 3, 5, 6, 7, 9, 10, 11]. Multiplying it by the
/// kernel flattened row by row gives the convolution, one output per row.
///
/// Hint: for each output (i, j), the row is image[i + u][j + v] for u in
/// 0..<kernelSize (outer) and v in 0..<kernelSize (inner).
public func im2colSingleChannel(_ image: [[Double]], kernelSize: Int) -> [[Double]] {
  fatalError("not attempted")
}
