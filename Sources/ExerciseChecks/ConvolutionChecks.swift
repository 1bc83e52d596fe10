import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 4's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct ConvolutionFunctions {
  var outputSize: @Sendable (Int, Int, Int, Int) -> Int
  var convolution: @Sendable ([[Double]], [[Double]], Int, Int) -> [[Double]]
  var maxPool: @Sendable ([[Double]], Int) -> [[Double]]
  var maxPoolBackward: @Sendable ([[Double]], Int, [[Double]]) -> [[Double]]
  var im2col: @Sendable ([[Double]], Int) -> [[Double]]

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
    substitute(&outputSize, for: "cnn.convolutionOutputSize")
    substitute(&convolution, for: "cnn.naiveConvolution2D")
    substitute(&maxPool, for: "cnn.maxPoolForward")
    substitute(&maxPoolBackward, for: "cnn.maxPoolBackwardMask")
    substitute(&im2col, for: "cnn.im2colSingleChannel")
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

/// A height×width image of small integers in −3 … 3, deterministic: short to
/// print, and exact in Float, so the core's results are exact too.
private func integerImage(height: Int, width: Int, seed: UInt64) -> [[Double]] {
  let values = Tensor.uniform(shape: [height, width], in: -3.5...3.5, using: RandomGenerator(seed: seed)).scalars
  return (0..<height).map { row in (0..<width).map { Double(values[row * width + $0].rounded()) } }
}

/// A height×width image holding 1 … height·width in a shuffled order: no two pixels tie.
private func distinctImage(height: Int, width: Int, seed: UInt64) -> [[Double]] {
  let keys = Tensor.uniform(shape: [height * width], in: 0...1, using: RandomGenerator(seed: seed)).scalars
  let ranks = keys.indices.sorted { keys[$0] < keys[$1] }
  var values = [Double](repeating: 0, count: keys.count)
  for (rank, index) in ranks.enumerated() { values[index] = Double(rank + 1) }
  return (0..<height).map { row in Array(values[(row * width)..<((row + 1) * width)]) }
}

/// The image as an NHWC tensor [1, height, width, 1] for the core's operations.
private func imageTensor(_ image: [[Double]]) -> Tensor {
  Tensor(shape: [1, image.count, image[0].count, 1], scalars: image.joined().map(Float.init))
}

/// The rows of an NHWC tensor [1, height, width, 1].
private func rows(of tensor: Tensor) -> [[Double]] {
  (0..<tensor.shape[1]).map { row in (0..<tensor.shape[2]).map { Double(tensor[0, row, $0, 0]) } }
}

/// The core's convolution of `image` with `kernel`, the judge of exercises 2 and 5.
private func coreConvolution(_ image: [[Double]], _ kernel: [[Double]], stride: Int = 1, padding: Int = 0) -> [[Double]] {
  let filter = Tensor(shape: [kernel.count, kernel[0].count, 1, 1], scalars: kernel.joined().map(Float.init))
  return rows(of: imageTensor(image).conv2d(filter, stride: stride, padding: padding))
}

let convolutionExercises: [Exercise] = [
  convolutionExercise(1, "convolutionOutputSize") { f, report in
    let cases: [(Int, Int, Int, Int)] = [
      (28, 3, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (28, 3, 2, 0), (26, 2, 2, 0), (11, 2, 2, 0), (5, 3, 1, 0),
      (7, 7, 1, 0), (32, 5, 3, 2), (1, 1, 1, 0),
    ]
    for (size, kernel, stride, padding) in cases where report.passedSoFar {
      // The core's conv2d is the judge: the width of its output.
      let measured = Tensor.zeros([1, 1, size, 1]).conv2d(
        Tensor.zeros([1, kernel, 1, 1]), stride: stride, padding: padding).shape[2]
      let why = report.text(
        "window starts 0, stride, 2·stride, … with the window inside the \(size + 2 * padding) padded positions",
        "窗口起点为 0, stride, 2·stride, …，窗口须在填充后的 \(size + 2 * padding) 个位置之内")
      report.expect(
        "convolutionOutputSize(inputSize: \(size), kernelSize: \(kernel), stride: \(stride), padding: \(padding))",
        returned: f.outputSize(size, kernel, stride, padding), expected: measured, why: why)
    }
  },
  convolutionExercise(2, "naiveConvolution2D") { f, report in
    let formula = "output[i][j] = Σ kernel[u][v] · image[i·stride + u − padding][j·stride + v − padding]"
    let why = report.text(formula + ", 0 outside the image, and no flipping", formula + "，图像外为 0，且卷积核不翻转")
    let cases: [(image: [[Double]], kernel: [[Double]], stride: Int, padding: Int)] = [
      ([[1, 2, 3]], [[1, 1]], 1, 0),
      ([[1, 2, 3]], [[1, -1]], 1, 0),
      ([[1, 2, 3], [4, 5, 6]], [[1, 0], [0, -1]], 1, 1),
      ([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[1, 2], [0, -1]], 2, 0),
    ] + ([(5, 3, 1, 0, 1), (6, 3, 1, 1, 2), (7, 3, 2, 1, 3), (6, 2, 2, 0, 4), (5, 5, 1, 2, 5)]
      as [(Int, Int, Int, Int, UInt64)]).map { size, kernel, stride, padding, seed in
        (integerImage(height: size, width: size + 1, seed: seed), integerImage(height: kernel, width: kernel, seed: seed + 100),
          stride, padding)
      }
    for test in cases where report.passedSoFar {
      report.expect(
        "naiveConvolution2D(image: \(printed(test.image)), kernel: \(printed(test.kernel)), stride: \(test.stride), "
          + "padding: \(test.padding))",
        returned: f.convolution(test.image, test.kernel, test.stride, test.padding),
        expected: coreConvolution(test.image, test.kernel, stride: test.stride, padding: test.padding), tolerance: 1e-9,
        why: why)
    }
  },
  convolutionExercise(3, "maxPoolForward") { f, report in
    let cases: [(image: [[Double]], size: Int, why: String)] = [
      ([[1, 3], [4, 2]], 2, "the largest of the one window"),
      ([[-5, -3], [-4, -2]], 2, "all negative: the largest is −2, not 0"),
      (distinctImage(height: 4, width: 4, seed: 11), 2, "the largest of each 2×2 window, windows side by side"),
      (distinctImage(height: 5, width: 7, seed: 12), 2, "5×7 pooled by 2 is 2×3: the leftover row and column are dropped"),
      (integerImage(height: 6, width: 6, seed: 13), 3, "the largest of each 3×3 window"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("maxPoolForward(\(printed(test.image)), size: \(test.size))", returned: f.maxPool(test.image, test.size),
        expected: rows(of: imageTensor(test.image).maxPool2d(size: test.size)), tolerance: 0, why: test.why)
    }
  },
  convolutionExercise(4, "maxPoolBackwardMask") { f, report in
    let cases: [(image: [[Double]], size: Int, outputGradient: [[Double]], expected: [[Double]], why: String)] = [
      ([[1, 3], [4, 2]], 2, [[5]], [[0, 0], [5, 0]], "the window's maximum, 4, takes the whole gradient"),
      ([[1, 1], [1, 1]], 2, [[5]], [[5, 0], [0, 0]], "ties: the first maximum in reading order takes the whole gradient"),
    ]
    for test in cases where report.passedSoFar {
      report.expect(
        "maxPoolBackwardMask(\(printed(test.image)), size: \(test.size), outputGradient: \(printed(test.outputGradient)))",
        returned: f.maxPoolBackward(test.image, test.size, test.outputGradient), expected: test.expected, tolerance: 0,
        why: test.why)
    }
    // Finite differences of L(x) = Σ g ⊙ maxpool(x), computed by the core, on inputs without ties.
    for (height, width, size, seed) in [(5, 5, 2, 21), (4, 4, 2, 22), (6, 5, 2, 23), (6, 6, 3, 24)] as [(Int, Int, Int, UInt64)] where report.passedSoFar {
      let image = distinctImage(height: height, width: width, seed: seed)
      let outputGradient = integerImage(height: height / size, width: width / size, seed: seed + 50)
      func loss(_ x: [[Double]]) -> Double {
        let pooled = rows(of: imageTensor(x).maxPool2d(size: size))
        return zip(pooled.joined(), outputGradient.joined()).reduce(0) { $0 + $1.0 * $1.1 }
      }
      let numeric = image.indices.map { row in
        image[row].indices.map { column -> Double in
          var (plus, minus) = (image, image)
          plus[row][column] += 0.25
          minus[row][column] -= 0.25
          return ((loss(plus) - loss(minus)) / 0.5).rounded()
        }
      }
      report.expect(
        "maxPoolBackwardMask(\(printed(image)), size: \(size), outputGradient: \(printed(outputGradient)))",
        returned: f.maxPoolBackward(image, size, outputGradient), expected: numeric, tolerance: 1e-9,
        why: "each window's maximum gets its output's gradient, every other pixel 0, pixels in no window 0")
    }
  },
  convolutionExercise(5, "im2colSingleChannel") { f, report in
    let counting = (0..<4).map { row in (0..<4).map { Double(row * 4 + $0 + 1) } }
    report.expect("im2colSingleChannel(\(printed(counting)), kernelSize: 3)", returned: f.im2col(counting, 3), expected: [
      [1, 2, 3, 5, 6, 7, 9, 10, 11], [2, 3, 4, 6, 7, 8, 10, 11, 12],
      [5, 6, 7, 9, 10, 11, 13, 14, 15], [6, 7, 8, 10, 11, 12, 14, 15, 16],
    ], tolerance: 0, why: "one row per output in reading order, each the window's pixels in reading order")
    // The patch matrix times the flattened kernel is the convolution.
    for (height, width, kernel, seed) in [(3, 4, 2, 30), (5, 6, 3, 31), (4, 4, 2, 32), (6, 6, 1, 33)]
      as [(Int, Int, Int, UInt64)] where report.passedSoFar
    {
      let image = integerImage(height: height, width: width, seed: seed)
      let filter = integerImage(height: kernel, width: kernel, seed: seed + 100)
      let patches = f.im2col(image, kernel)
      let call = "im2colSingleChannel(\(printed(image)), kernelSize: \(kernel))"
      let outputs = (height - kernel + 1) * (width - kernel + 1)
      guard patches.count == outputs, patches.allSatisfy({ $0.count == kernel * kernel }) else {
        let columns = patches.first?.count ?? 0
        let message = report.text(
          "\(call) returned \(patches.count) rows of \(columns) values, expected \(outputs) rows "
            + "(one per output of a stride-1 unpadded convolution) of \(kernel * kernel)",
          "\(call) 返回了 \(patches.count) 行、每行 \(columns) 个值，应为 \(outputs) 行"
            + "（步幅为 1、无填充的卷积每个输出一行），每行 \(kernel * kernel) 个值")
        report.fail(message)
        continue
      }
      let product = report.text(
        "\(call), times the kernel \(printed(filter)) flattened row by row,", "\(call) 乘以逐行展平的卷积核 \(printed(filter))，")
      report.expect(product,
        returned: patches.map { row in zip(row, filter.joined()).reduce(0) { $0 + $1.0 * $1.1 } },
        expected: Array(coreConvolution(image, filter).joined()), tolerance: 1e-9,
        why: "the product must be the convolution, one output per row in reading order")
    }
  },
]
