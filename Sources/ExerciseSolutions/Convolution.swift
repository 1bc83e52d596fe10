// Reference solutions of Exercises/Convolution.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func convolutionOutputSize(inputSize: Int, kernelSize: Int, stride: Int, padding: Int) -> Int {
  (inputSize + 2 * padding - kernelSize) / stride + 1
}

public func naiveConvolution2D(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int) -> [[Double]] {
  let (height, width) = (image.count, image.first?.count ?? 0)
  let (kernelHeight, kernelWidth) = (kernel.count, kernel.first?.count ?? 0)
  let outHeight = convolutionOutputSize(inputSize: height, kernelSize: kernelHeight, stride: stride, padding: padding)
  let outWidth = convolutionOutputSize(inputSize: width, kernelSize: kernelWidth, stride: stride, padding: padding)
  return (0..<outHeight).map { i in
    (0..<outWidth).map { j in
      var sum = 0.0
      for u in 0..<kernelHeight {
        for v in 0..<kernelWidth {
          let (row, column) = (i * stride + u - padding, j * stride + v - padding)
          if row >= 0 && row < height && column >= 0 && column < width { sum += kernel[u][v] * image[row][column] }
        }
      }
      return sum
    }
  }
}

/// The (row, column) of the first maximum, in reading order, of the window at output (i, j).
private func winner(_ image: [[Double]], size: Int, i: Int, j: Int) -> (row: Int, column: Int) {
  var best = (row: i * size, column: j * size)
  for u in 0..<size {
    for v in 0..<size where image[i * size + u][j * size + v] > image[best.row][best.column] {
      best = (i * size + u, j * size + v)
    }
  }
  return best
}

public func maxPoolForward(_ image: [[Double]], size: Int) -> [[Double]] {
  let (outHeight, outWidth) = (image.count / size, (image.first?.count ?? 0) / size)
  return (0..<outHeight).map { i in
    (0..<outWidth).map { j in
      let position = winner(image, size: size, i: i, j: j)
      return image[position.row][position.column]
    }
  }
}

public func maxPoolBackwardMask(_ image: [[Double]], size: Int, outputGradient: [[Double]]) -> [[Double]] {
  var gradient = image.map { [Double](repeating: 0, count: $0.count) }
  for i in 0..<image.count / size {
    for j in 0..<(image.first?.count ?? 0) / size {
      let position = winner(image, size: size, i: i, j: j)
      gradient[position.row][position.column] += outputGradient[i][j]
    }
  }
  return gradient
}

public func im2colSingleChannel(_ image: [[Double]], kernelSize: Int) -> [[Double]] {
  let (height, width) = (image.count, image.first?.count ?? 0)
  var rows: [[Double]] = []
  for i in 0...(height - kernelSize) {
    for j in 0...(width - kernelSize) {
      rows.append((0..<kernelSize).flatMap { u in (0..<kernelSize).map { v in image[i + u][j + v] } })
    }
  }
  return rows
}
