// Wrong implementations of chapter 4's exercises (Exercises/Convolution.swift).

import ExerciseSolutions
import Foundation

let convolutionMistakes: [Mistake] = [
  Mistake("cnn.convolutionOutputSize", "outputSizeWithoutPlusOne", outputSizeWithoutPlusOne),
  Mistake("cnn.convolutionOutputSize", "outputSizePaddingOneEnd", outputSizePaddingOneEnd),
  Mistake("cnn.convolutionOutputSize", "outputSizeIgnoringStride", outputSizeIgnoringStride),
  Mistake("cnn.convolutionOutputSize", "outputSizeAddingOneBeforeDividing", outputSizeAddingOneBeforeDividing),
  Mistake("cnn.convolutionOutputSize", "outputSizeRoundingUp", outputSizeRoundingUp),
  Mistake("cnn.naiveConvolution2D", "convolutionFlippingKernel", convolutionFlippingKernel),
  Mistake("cnn.naiveConvolution2D", "convolutionPaddingOneSide", convolutionPaddingOneSide),
  Mistake("cnn.naiveConvolution2D", "convolutionMissingLastColumn", convolutionMissingLastColumn),
  Mistake("cnn.naiveConvolution2D", "convolutionIgnoringStride", convolutionIgnoringStride),
  Mistake("cnn.maxPoolForward", "maxPoolStartingFromZero", maxPoolStartingFromZero),
  Mistake("cnn.maxPoolForward", "averagePool", averagePool),
  Mistake("cnn.maxPoolForward", "maxPoolMissingLastRowOfWindow", maxPoolMissingLastRowOfWindow),
  Mistake("cnn.maxPoolForward", "maxPoolTransposed", maxPoolTransposed),
  Mistake("cnn.maxPoolBackwardMask", "maxPoolBackwardMaskWithoutGradient", maxPoolBackwardMaskWithoutGradient),
  Mistake("cnn.maxPoolBackwardMask", "maxPoolBackwardToEveryTie", maxPoolBackwardToEveryTie),
  Mistake("cnn.maxPoolBackwardMask", "maxPoolBackwardToLastTie", maxPoolBackwardToLastTie),
  Mistake("cnn.maxPoolBackwardMask", "maxPoolBackwardSpreadEvenly", maxPoolBackwardSpreadEvenly),
  Mistake("cnn.im2colSingleChannel", "im2colColumnMajorPatches", im2colColumnMajorPatches),
  Mistake("cnn.im2colSingleChannel", "im2colMissingLastWindows", im2colMissingLastWindows),
  Mistake("cnn.im2colSingleChannel", "im2colColumnFirstOrder", im2colColumnFirstOrder),
  Mistake("cnn.im2colSingleChannel", "im2colWithStrideOfKernel", im2colWithStrideOfKernel),
]

/// Forgets the + 1: counts the gaps between window starts, not the starts.
func outputSizeWithoutPlusOne(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  (inputSize + 2 * padding - kernelSize) / stride
}

/// Adds the padding at one end only.
func outputSizePaddingOneEnd(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  (inputSize + padding - kernelSize) / stride + 1
}

/// Ignores the stride.
func outputSizeIgnoringStride(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  inputSize + 2 * padding - kernelSize + 1
}

/// Adds 1 before the integer division instead of after it.
func outputSizeAddingOneBeforeDividing(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  (inputSize + 2 * padding - kernelSize + 1) / stride
}

/// Rounds the division up: counts a last window that would stick out of the padded row.
func outputSizeRoundingUp(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  (inputSize + 2 * padding - kernelSize + stride - 1) / stride + 1
}

/// Flips the kernel: a true convolution, not the cross-correlation libraries compute.
func convolutionFlippingKernel(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int) -> [[Double]] {
  naiveConvolution2D(image: image, kernel: kernel.reversed().map { $0.reversed() }, stride: stride, padding: padding)
}

/// Pads only the bottom and right: forgets to subtract the padding from the image index.
func convolutionPaddingOneSide(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int) -> [[Double]] {
  let padded = image.map { $0 + [Double](repeating: 0, count: 2 * padding) }
    + [[Double]](repeating: [Double](repeating: 0, count: (image.first?.count ?? 0) + 2 * padding), count: 2 * padding)
  return naiveConvolution2D(image: padded, kernel: kernel, stride: stride, padding: 0)
}

/// Off by one: the output's last column is missing.
func convolutionMissingLastColumn(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int) -> [[Double]] {
  naiveConvolution2D(image: image, kernel: kernel, stride: stride, padding: padding).map { Array($0.dropLast()) }
}

/// Ignores the stride: every window position.
func convolutionIgnoringStride(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int) -> [[Double]] {
  naiveConvolution2D(image: image, kernel: kernel, stride: 1, padding: padding)
}

/// Starts each window's maximum at 0: windows of negative values give 0.
func maxPoolStartingFromZero(_ image: [[Double]], size: Int) -> [[Double]] {
  maxPoolForward(image, size: size).map { $0.map { max($0, 0) } }
}

/// The mean of each window instead of its maximum.
func averagePool(_ image: [[Double]], size: Int) -> [[Double]] {
  (0..<image.count / size).map { i in
    (0..<(image.first?.count ?? 0) / size).map { j in
      var sum = 0.0
      for u in 0..<size { for v in 0..<size { sum += image[i * size + u][j * size + v] } }
      return sum / Double(size * size)
    }
  }
}

/// Off by one: the window's rows run over 0..<size − 1, missing the last.
func maxPoolMissingLastRowOfWindow(_ image: [[Double]], size: Int) -> [[Double]] {
  (0..<image.count / size).map { i in
    (0..<(image.first?.count ?? 0) / size).map { j in
      var largest = -Double.infinity
      for u in 0..<max(1, size - 1) { for v in 0..<size { largest = max(largest, image[i * size + u][j * size + v]) } }
      return largest
    }
  }
}

/// Transposed: output[j][i] instead of output[i][j].
func maxPoolTransposed(_ image: [[Double]], size: Int) -> [[Double]] {
  let pooled = maxPoolForward(image, size: size)
  return (0..<(pooled.first?.count ?? 0)).map { j in pooled.map { $0[j] } }
}

/// Marks the winner with 1 instead of passing on the output's gradient.
func maxPoolBackwardMaskWithoutGradient(_ image: [[Double]], size: Int, outputGradient: [[Double]]) -> [[Double]] {
  maxPoolBackwardMask(image, size: size, outputGradient: outputGradient.map { $0.map { _ in 1 } })
}

/// Gives the gradient to every pixel equal to the maximum, so ties count it twice.
func maxPoolBackwardToEveryTie(_ image: [[Double]], size: Int, outputGradient: [[Double]]) -> [[Double]] {
  let pooled = maxPoolForward(image, size: size)
  return image.indices.map { row in
    image[row].indices.map { column in
      let (i, j) = (row / size, column / size)
      guard i < pooled.count, j < pooled[i].count else { return 0 }
      return image[row][column] == pooled[i][j] ? outputGradient[i][j] : 0
    }
  }
}

/// Scans with ≥, so the last of tied maxima wins instead of the first.
func maxPoolBackwardToLastTie(_ image: [[Double]], size: Int, outputGradient: [[Double]]) -> [[Double]] {
  let flipped = image.reversed().map { Array($0.reversed()) }
  let height = image.count - image.count % size
  let width = (image.first?.count ?? 0) - (image.first?.count ?? 0) % size
  // Reverse the pooled part only, so windows stay aligned, then reverse back.
  let part = Array(flipped.suffix(height)).map { Array($0.suffix(width)) }
  let gradient = maxPoolBackwardMask(part, size: size, outputGradient: outputGradient.reversed().map { $0.reversed() })
  var result = image.map { $0.map { _ in 0.0 } }
  for row in 0..<height { for column in 0..<width { result[row][column] = gradient[height - 1 - row][width - 1 - column] } }
  return result
}

/// Spreads each output's gradient evenly over its window, as average pooling's backward does.
func maxPoolBackwardSpreadEvenly(_ image: [[Double]], size: Int, outputGradient: [[Double]]) -> [[Double]] {
  image.indices.map { row in
    image[row].indices.map { column in
      let (i, j) = (row / size, column / size)
      guard i < outputGradient.count, j < outputGradient[i].count else { return 0 }
      return outputGradient[i][j] / Double(size * size)
    }
  }
}

/// Each patch in column-major order (v outer, u inner): the window transposed.
func im2colColumnMajorPatches(_ image: [[Double]], kernelSize: Int) -> [[Double]] {
  im2colSingleChannel(image, kernelSize: kernelSize).map { row in
    (0..<kernelSize).flatMap { v in (0..<kernelSize).map { u in row[u * kernelSize + v] } }
  }
}

/// Off by one: window starts 0..<(height − kernelSize), missing the last row and column of outputs.
func im2colMissingLastWindows(_ image: [[Double]], kernelSize: Int) -> [[Double]] {
  let (height, width) = (image.count, image.first?.count ?? 0)
  return (0..<max(0, height - kernelSize)).flatMap { i in
    (0..<max(0, width - kernelSize)).map { j in
      (0..<kernelSize).flatMap { u in (0..<kernelSize).map { v in image[i + u][j + v] } }
    }
  }
}

/// Rows in column-first order of the outputs: (0, 0), (1, 0), … instead of reading order.
func im2colColumnFirstOrder(_ image: [[Double]], kernelSize: Int) -> [[Double]] {
  let rows = im2colSingleChannel(image, kernelSize: kernelSize)
  let (height, width) = (image.count - kernelSize + 1, (image.first?.count ?? 0) - kernelSize + 1)
  return (0..<width).flatMap { j in (0..<height).map { i in rows[i * width + j] } }
}

/// Windows side by side (stride = kernelSize) instead of at every position.
func im2colWithStrideOfKernel(_ image: [[Double]], kernelSize: Int) -> [[Double]] {
  let (height, width) = (image.count, image.first?.count ?? 0)
  return stride(from: 0, through: height - kernelSize, by: kernelSize).flatMap { i in
    stride(from: 0, through: width - kernelSize, by: kernelSize).map { j in
      (0..<kernelSize).flatMap { u in (0..<kernelSize).map { v in image[i + u][j + v] } }
    }
  }
}
