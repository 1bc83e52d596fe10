import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 4's exercises, from one implementation.
private struct ConvolutionFunctions {
  let outputSize: (Int, Int, Int, Int) -> Int
  let convolution: ([[Double]], [[Double]], Int, Int) -> [[Double]]
  let maxPool: ([[Double]], Int) -> [[Double]]
  let maxPoolBackward: ([[Double]], Int, [[Double]]) -> [[Double]]
  let im2col: ([[Double]], Int) -> [[Double]]

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      outputSize = Exercises.convolutionOutputSize
      convolution = Exercises.naiveConvolution2D
      maxPool = Exercises.maxPoolForward
      maxPoolBackward = Exercises.maxPoolBackwardMask
      im2col = Exercises.im2colSingleChannel
    case .reference:
      outputSize = ExerciseSolutions.convolutionOutputSize
      convolution = ExerciseSolutions.naiveConvolution2D
      maxPool = ExerciseSolutions.maxPoolForward
      maxPoolBackward = ExerciseSolutions.maxPoolBackwardMask
      im2col = ExerciseSolutions.im2colSingleChannel
    }
  }
}

private func convolutionExercise(
  _ number: Int, _ function: String,
  check: @escaping @Sendable (ConvolutionFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "cnn", number: number, function: function, file: "Convolution.swift") { implementation, log in
    check(ConvolutionFunctions(implementation), &log)
  }
}

/// A height×width image of deterministic values in [−1, 1], distinct with probability one.
private func randomImage(height: Int, width: Int, seed: UInt64) -> [[Double]] {
  let values = Tensor.uniform(shape: [height, width], in: -1...1, using: RandomGenerator(seed: seed)).scalars
  return (0..<height).map { row in (0..<width).map { Double(values[row * width + $0]) } }
}

/// The image as an NHWC tensor [1, height, width, 1] for the core's operations.
private func imageTensor(_ image: [[Double]]) -> Tensor {
  Tensor(shape: [1, image.count, image[0].count, 1], scalars: image.joined().map(Float.init))
}

/// The rows of an NHWC tensor [1, height, width, 1].
private func rows(of tensor: Tensor) -> [[Double]] {
  (0..<tensor.shape[1]).map { row in (0..<tensor.shape[2]).map { Double(tensor[0, row, $0, 0]) } }
}

/// Expects `actual` to have `expected`'s shape, every entry within `tolerance`.
private func expectCloseMatrices(
  _ report: inout ExpectationLog, _ actual: [[Double]], _ expected: [[Double]], tolerance: Double, _ call: String
) {
  let (shape, wanted) = ("\(actual.count)×\(actual.first?.count ?? 0)", "\(expected.count)×\(expected.first?.count ?? 0)")
  guard actual.count == expected.count, zip(actual, expected).allSatisfy({ $0.count == $1.count }) else {
    report.expect(false, "\(call) returned a \(shape) array, expected \(wanted)")
    return
  }
  for (row, (values, wantedRow)) in zip(actual, expected).enumerated() {
    for (column, (value, target)) in zip(values, wantedRow).enumerated()
    where abs(value - target) > tolerance * max(1, abs(target)) {
      report.expect(false, "\(call)[\(row)][\(column)] returned \(value), expected \(target)")
      return
    }
  }
}

let convolutionExercises: [Exercise] = [
  convolutionExercise(1, "convolutionOutputSize") { f, report in
    let cases: [(Int, Int, Int, Int)] = [
      (28, 3, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (28, 3, 2, 0), (26, 2, 2, 0), (11, 2, 2, 0), (5, 3, 1, 0),
      (7, 7, 1, 0), (32, 5, 3, 2), (1, 1, 1, 0),
    ]
    for (size, kernel, stride, padding) in cases {
      // The core's conv2d is the judge: the width of its output.
      let measured = Tensor.zeros([1, 1, size, 1]).conv2d(
        Tensor.zeros([1, kernel, 1, 1]), stride: stride, padding: padding).shape[2]
      let answer = f.outputSize(size, kernel, stride, padding)
      report.expect(answer == measured,
        "convolutionOutputSize(inputSize: \(size), kernelSize: \(kernel), stride: \(stride), padding: \(padding)) "
          + "returned \(answer), expected \(measured)")
    }
  },
  convolutionExercise(2, "naiveConvolution2D") { f, report in
    // Article 003's example as a 1×3 image: windows (1, 2) and (2, 3).
    expectCloseMatrices(&report, f.convolution([[1, 2, 3]], [[1, 1]], 1, 0), [[3, 5]], tolerance: 1e-12,
      "naiveConvolution2D(image: [[1, 2, 3]], kernel: [[1, 1]], stride: 1, padding: 0)")
    // No flipping: an asymmetric kernel tells cross-correlation from convolution.
    expectCloseMatrices(&report, f.convolution([[1, 2, 3]], [[1, -1]], 1, 0), [[-1, -1]], tolerance: 1e-12,
      "naiveConvolution2D(image: [[1, 2, 3]], kernel: [[1, -1]], stride: 1, padding: 0)")
    for (size, kernel, stride, padding, seed) in [(5, 3, 1, 0, 1), (6, 3, 1, 1, 2), (7, 3, 2, 1, 3), (6, 2, 2, 0, 4),
      (5, 5, 1, 2, 5)] as [(Int, Int, Int, Int, UInt64)]
    {
      let image = randomImage(height: size, width: size + 1, seed: seed)
      let filter = randomImage(height: kernel, width: kernel, seed: seed + 100)
      let expected = rows(of: imageTensor(image).conv2d(
        Tensor(shape: [kernel, kernel, 1, 1], scalars: filter.joined().map(Float.init)), stride: stride, padding: padding))
      expectCloseMatrices(&report, f.convolution(image, filter, stride, padding), expected, tolerance: 1e-5,
        "naiveConvolution2D of a \(size)×\(size + 1) image, \(kernel)×\(kernel) kernel, stride \(stride), padding \(padding)")
    }
  },
  convolutionExercise(3, "maxPoolForward") { f, report in
    expectCloseMatrices(&report, f.maxPool([[1, 3], [4, 2]], 2), [[4]], tolerance: 0,
      "maxPoolForward([[1, 3], [4, 2]], size: 2)")
    expectCloseMatrices(&report, f.maxPool([[-5, -3], [-4, -2]], 2), [[-2]], tolerance: 0,
      "maxPoolForward([[-5, -3], [-4, -2]], size: 2)")
    for (height, width, size, seed) in [(4, 4, 2, 11), (5, 7, 2, 12), (6, 6, 3, 13), (26, 26, 2, 14)]
      as [(Int, Int, Int, UInt64)]
    {
      let image = randomImage(height: height, width: width, seed: seed)
      let expected = rows(of: imageTensor(image).maxPool2d(size: size))
      expectCloseMatrices(&report, f.maxPool(image, size), expected, tolerance: 1e-6,
        "maxPoolForward of a \(height)×\(width) image, size \(size)")
    }
  },
  convolutionExercise(4, "maxPoolBackwardMask") { f, report in
    // Ties: the first maximum in reading order takes the whole gradient.
    expectCloseMatrices(&report, f.maxPoolBackward([[1, 1], [1, 1]], 2, [[5]]), [[5, 0], [0, 0]], tolerance: 0,
      "maxPoolBackwardMask([[1, 1], [1, 1]], size: 2, outputGradient: [[5]])")
    // A leftover row and column get no gradient.
    let odd = randomImage(height: 5, width: 5, seed: 21)
    let oddGradient = f.maxPoolBackward(odd, 2, [[1, 1], [1, 1]])
    report.expect(oddGradient.count == 5 && oddGradient.allSatisfy { $0.count == 5 },
      "maxPoolBackwardMask of a 5×5 image must return a 5×5 array")
    if oddGradient.count == 5 && oddGradient.allSatisfy({ $0.count == 5 }) {
      report.expect(oddGradient[4].allSatisfy { $0 == 0 } && oddGradient.allSatisfy { $0[4] == 0 },
        "maxPoolBackwardMask of a 5×5 image gave gradient to the last row or column, which no 2×2 window covers")
    }
    // Finite differences of L(x) = Σ g ⊙ maxpool(x), computed by the core, on inputs without ties.
    for (height, width, size, seed) in [(4, 4, 2, 22), (6, 5, 2, 23), (6, 6, 3, 24)] as [(Int, Int, Int, UInt64)] {
      let image = randomImage(height: height, width: width, seed: seed)
      let outputGradient = randomImage(height: height / size, width: width / size, seed: seed + 50)
      func loss(_ x: [[Double]]) -> Double {
        let pooled = rows(of: imageTensor(x).maxPool2d(size: size))
        return zip(pooled.joined(), outputGradient.joined()).reduce(0) { $0 + $1.0 * $1.1 }
      }
      let step = 1e-3
      let numeric = image.indices.map { row in
        image[row].indices.map { column -> Double in
          var (plus, minus) = (image, image)
          plus[row][column] += step
          minus[row][column] -= step
          return (loss(plus) - loss(minus)) / (2 * step)
        }
      }
      expectCloseMatrices(&report, f.maxPoolBackward(image, size, outputGradient), numeric, tolerance: 1e-3,
        "maxPoolBackwardMask of a \(height)×\(width) image, size \(size) (against finite differences)")
    }
  },
  convolutionExercise(5, "im2colSingleChannel") { f, report in
    let counting = (0..<4).map { row in (0..<4).map { Double(row * 4 + $0 + 1) } }
    expectCloseMatrices(&report, f.im2col(counting, 3), [
      [1, 2, 3, 5, 6, 7, 9, 10, 11], [2, 3, 4, 6, 7, 8, 10, 11, 12],
      [5, 6, 7, 9, 10, 11, 13, 14, 15], [6, 7, 8, 10, 11, 12, 14, 15, 16],
    ], tolerance: 0, "im2colSingleChannel(4×4 image 1 … 16, kernelSize: 3)")
    // The patch matrix times the flattened kernel is the convolution.
    for (height, width, kernel, seed) in [(5, 6, 3, 31), (4, 4, 2, 32), (6, 6, 1, 33)] as [(Int, Int, Int, UInt64)] {
      let image = randomImage(height: height, width: width, seed: seed)
      let filter = randomImage(height: kernel, width: kernel, seed: seed + 100)
      let patches = f.im2col(image, kernel)
      let outputs = (height - kernel + 1) * (width - kernel + 1)
      guard patches.count == outputs, patches.allSatisfy({ $0.count == kernel * kernel }) else {
        report.expect(false, "im2colSingleChannel of a \(height)×\(width) image, kernelSize \(kernel), returned "
          + "\(patches.count) rows of \(patches.first?.count ?? 0), expected \(outputs) rows of \(kernel * kernel)")
        continue
      }
      let product = patches.map { row in [zip(row, filter.joined()).reduce(0) { $0 + $1.0 * $1.1 }] }
      let expected = rows(of: imageTensor(image).conv2d(
        Tensor(shape: [kernel, kernel, 1, 1], scalars: filter.joined().map(Float.init)))).joined().map { [$0] }
      expectCloseMatrices(&report, product, expected, tolerance: 1e-5,
        "im2colSingleChannel(\(height)×\(width) image, kernelSize: \(kernel)) times the flattened kernel")
    }
  },
]
