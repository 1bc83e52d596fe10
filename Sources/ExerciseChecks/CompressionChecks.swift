import Autograd
import ExerciseChecks
import ExerciseSolutions
import Exercises
import Foundation

/// The functions of chapter 8's exercises, from one implementation (the
/// reference's may have one function replaced by a known mistake, see ``substitute(_:for:)``).
private struct CompressionFunctions {
  var mask: @Sendable ([Double], Double) -> [Int]
  var scales: @Sendable ([[Double]]) -> [Double]
  var quantize: @Sendable ([Double], Double, Int, Int) -> [Int]
  var dot: @Sendable ([UInt8], [Int8]) -> Int
  var requantize: @Sendable (Int, Double, Double, Double, Double) -> Int
  var distillation: @Sendable ([[Double]], [[Double]], [Int], Double, Double) -> Double

  init(_ implementation: Implementation) {
    switch implementation {
    case .learner:
      mask = Exercises.magnitudeMask
      scales = Exercises.perChannelScales
      quantize = Exercises.quantizeLevels
      dot = Exercises.int8DotProduct
      requantize = Exercises.requantizedLevel
      distillation = Exercises.distillationLoss
    case .reference:
      mask = ExerciseSolutions.magnitudeMask
      scales = ExerciseSolutions.perChannelScales
      quantize = ExerciseSolutions.quantizeLevels
      dot = ExerciseSolutions.int8DotProduct
      requantize = ExerciseSolutions.requantizedLevel
      distillation = ExerciseSolutions.distillationLoss
    }
    substitute(&mask, for: "compression.magnitudeMask")
    substitute(&scales, for: "compression.perChannelScales")
    substitute(&quantize, for: "compression.quantizeLevels")
    substitute(&dot, for: "compression.int8DotProduct")
    substitute(&requantize, for: "compression.requantizedLevel")
    substitute(&distillation, for: "compression.distillationLoss")
  }
}

private func compressionExercise(
  _ number: Int, _ function: String,
  check: @escaping @Sendable (CompressionFunctions, inout ExpectationLog) -> Void
) -> Exercise {
  Exercise(chapter: "compression", number: number, function: function, file: "Compression.swift") { implementation, log in
    check(CompressionFunctions(implementation), &log)
  }
}

/// `count` deterministic values in `range`, rounded to 3 decimals (short to print).
private func randomValues(_ count: Int, in range: ClosedRange<Float>, seed: UInt64) -> [Double] {
  Tensor.uniform(shape: [count], in: range, using: RandomGenerator(seed: seed)).scalars.map { (Double($0) * 1000).rounded() / 1000 }
}

/// The core's int8 product of one row with one column (the scalar kernel: exact for every byte).
private func coreDotProduct(_ activations: [UInt8], _ weights: [Int8]) -> Int {
  let padding = (4 - activations.count % 4) % 4
  let matrix = QuantizedWeights(
    levels: weights.map { max($0, -127) } + repeatElement(0, count: padding), scales: [1],
    depth: weights.count + padding, columns: 1)
  return Int(matrix.multiply(activations + repeatElement(0, count: padding), rows: 1, kernel: .scalar)[0])
}

let compressionExercises: [Exercise] = [
  compressionExercise(1, "magnitudeMask") { f, report in
    let cases: [(weights: [Double], fraction: Double, why: String)] = [
      ([0.5, -0.1, 0.3, 0.05], 0.5, "the two smallest magnitudes are 0.05 and |−0.1|"),
      ([-0.9, 0.2, 0.4, -0.3], 0.25, "by magnitude, not by value: −0.9 is the largest weight here"),
      ([0.2, -0.2, 0.2, 0.7], 0.5, "ties of |w| are removed in order of position"),
      ([0.1, 0.2, 0.3], 0, "removing nothing keeps every weight"),
      ([0.3, 0.1, 0.2], 0.5, "round(0.5 · 3) = 2 weights removed (1.5 rounds away from zero)"),
      (randomValues(40, in: -1...1, seed: 3), 0.9, "90 % of 40 random weights"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("magnitudeMask(\(printed(test.weights)), removing: \(printed(test.fraction)))",
        returned: f.mask(test.weights, test.fraction), expected: ExerciseSolutions.magnitudeMask(test.weights, removing: test.fraction),
        tolerance: 0, why: test.why)
    }
  },
  compressionExercise(2, "perChannelScales") { f, report in
    let cases: [(weights: [[Double]], why: String)] = [
      ([[0.5, -0.01], [-1.27, 0.02]], "one scale per column: its largest |w| over 127"),
      ([[0.1, 0.2, 0.3]], "a single row: each weight is its column's largest"),
      ([[0, 1], [0, -2]], "a column of zeros gets scale 1; −2 has the largest magnitude"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("perChannelScales(\(printed(test.weights)))", returned: f.scales(test.weights),
        expected: ExerciseSolutions.perChannelScales(test.weights), tolerance: 1e-12, why: test.why)
    }
    // Against the core's quantizer, which keeps the scales in Float.
    let values = randomValues(24, in: -1...1, seed: 5)
    let matrix = (0..<6).map { Array(values[($0 * 4)..<($0 * 4 + 4)]) }
    let core = QuantizedWeights(quantizing: Tensor(shape: [6, 4], scalars: values.map(Float.init))).scales.map(Double.init)
    if report.passedSoFar {
      report.expect("perChannelScales(\(printed(matrix)))", returned: f.scales(matrix), expected: core, tolerance: 1e-6,
        why: "against the core's QuantizedWeights")
    }
  },
  compressionExercise(3, "quantizeLevels") { f, report in
    let cases: [(values: [Double], scale: Double, lowest: Int, highest: Int, why: String)] = [
      ([0.26, -1, 5], 0.01, 0, 127, "divide by the scale, round, clamp to 0…127"),
      ([0.5, 1.5, 2.5, -0.5, -1.5], 1, -127, 127, "ties go to the even level: 0, 2, 2, 0, −2"),
      ([3, -3, 0.004], 0.01, -127, 127, "clamped to ±127 after rounding; 0.4 rounds to 0"),
      ([0.75, 0.25, 1.75], 0.5, 0, 127, "exactly 1.5, 0.5 and 3.5 levels: 2, 0 and 4"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("quantizeLevels(\(printed(test.values)), scale: \(printed(test.scale)), lowest: \(test.lowest), highest: \(test.highest))",
        returned: f.quantize(test.values, test.scale, test.lowest, test.highest),
        expected: ExerciseSolutions.quantizeLevels(test.values, scale: test.scale, lowest: test.lowest, highest: test.highest),
        tolerance: 0, why: test.why)
    }
    // Against the core's activation quantizer (levels 0…127), on values away from ties in Float.
    let values = randomValues(30, in: -0.2...1.3, seed: 7)
    let core = QuantizedActivations(quantizing: Tensor(shape: [30], scalars: values.map(Float.init)), scale: 0.01).levels.map(Int.init)
    if report.passedSoFar {
      report.expect("quantizeLevels(\(printed(values)), scale: 0.01, lowest: 0, highest: 127)",
        returned: f.quantize(values, 0.01, 0, 127), expected: core, tolerance: 0, why: "against the core's QuantizedActivations")
    }
  },
  compressionExercise(4, "int8DotProduct") { f, report in
    let cases: [(activations: [UInt8], weights: [Int8], why: String)] = [
      ([1, 2, 3], [4, -5, 6], "1·4 − 2·5 + 3·6"),
      ([255, 255], [127, 127], "64,770 does not fit 16 bits: sum in 32 bits"),
      ([200], [-100], "the weight is signed: −20,000, not 200 · 156"),
      ([UInt8](repeating: 255, count: 64), [Int8](repeating: -127, count: 64), "64 large products: −2,072,640"),
      (Array((0..<50).map { UInt8(($0 * 37) % 256) }), Array((0..<50).map { Int8(truncatingIfNeeded: ($0 * 91) % 255 - 127) }),
        "against the core's int8 kernel"),
    ]
    for test in cases where report.passedSoFar {
      report.expect("int8DotProduct(\(printed(test.activations.map(Int.init))), \(printed(test.weights.map(Int.init))))",
        returned: f.dot(test.activations, test.weights), expected: coreDotProduct(test.activations, test.weights),
        tolerance: 0, why: test.why)
    }
  },
  compressionExercise(5, "requantizedLevel") { f, report in
    let cases: [(sum: Int, sx: Double, sw: Double, bias: Double, sy: Double, why: String)] = [
      (1000, 0.01, 0.02, 0.1, 0.005, "(0.01 · 0.02 · 1000 + 0.1) / 0.005 = 60"),
      (-500, 0.01, 0.02, 0, 0.005, "a negative output is level 0: the clamp is the ReLU"),
      (100_000, 0.01, 0.02, 0, 0.005, "above 127 · s_y the level is 127"),
      (1000, 0.01, 0.02, -0.15, 0.01, "the bias is added before dividing by s_y: (0.2 − 0.15) / 0.01 = 5"),
      (10, 0.25, 0.25, 0, 0.25, "exactly 2.5 levels: ties go to the even level, 2"),
      (7, 0.5, 0.5, 0, 0.5, "exactly 3.5 levels round to 4"),
    ]
    for test in cases where report.passedSoFar {
      report.expect(
        "requantizedLevel(sum: \(test.sum), inputScale: \(printed(test.sx)), weightScale: \(printed(test.sw)), "
          + "bias: \(printed(test.bias)), outputScale: \(printed(test.sy)))",
        returned: f.requantize(test.sum, test.sx, test.sw, test.bias, test.sy),
        expected: ExerciseSolutions.requantizedLevel(
          sum: test.sum, inputScale: test.sx, weightScale: test.sw, bias: test.bias, outputScale: test.sy),
        tolerance: 0, why: test.why)
    }
  },
  compressionExercise(6, "distillationLoss") { f, report in
    let student = [randomValues(5, in: -3...3, seed: 11), randomValues(5, in: -3...3, seed: 12)]
    let teacher = [randomValues(5, in: -4...4, seed: 13), randomValues(5, in: -4...4, seed: 14)]
    let cases: [(student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double, why: String)] = [
      ([[0, 0]], [[0, 0]], [0], 2, 0.5, "0.5 · 2² · log 2 + 0.5 · log 2"),
      ([[1, 2, 3]], [[3, 2, 1]], [2], 1, 1, "α = 1: the soft term only, at T = 1 (no T² effect)"),
      ([[1, 2, 3]], [[3, 2, 1]], [0], 4, 0, "α = 0: cross-entropy with the labels only, without T"),
      ([[1, 2, 3]], [[3, 2, 1]], [0], 4, 0.7, "the soft term is multiplied by T² = 16"),
      ([[800, 0], [0, 800]], [[0, 700], [700, 0]], [0, 1], 1, 0.5, "e^800 overflows a Double: subtract each row's largest first"),
      (student, teacher, [1, 3], 3, 0.9, "a mean over the batch's 2 images, against the core's softmax"),
    ]
    for test in cases where report.passedSoFar {
      let expected = coreDistillationLoss(test.student, test.teacher, test.labels, test.temperature, test.alpha)
      report.expect(
        "distillationLoss(student: \(printed(test.student)), teacher: \(printed(test.teacher)), labels: \(test.labels), "
          + "temperature: \(printed(test.temperature)), alpha: \(printed(test.alpha)))",
        returned: f.distillation(test.student, test.teacher, test.labels, test.temperature, test.alpha),
        expected: expected, tolerance: 1e-4 * max(1, abs(expected)), why: test.why)
    }
  },
]

/// The distillation loss by the core's softmax and cross-entropy, the judge of exercise 6.
private func coreDistillationLoss(
  _ student: [[Double]], _ teacher: [[Double]], _ labels: [Int], _ temperature: Double, _ alpha: Double
) -> Double {
  let shape = [student.count, student[0].count]
  let studentLogits = Tensor(shape: shape, scalars: student.joined().map(Float.init))
  let teacherLogits = Tensor(shape: shape, scalars: teacher.joined().map(Float.init))
  let targets = (teacherLogits / Float(temperature)).softmax(alongAxis: -1)
  let soft = -Double((targets * (studentLogits / Float(temperature)).logSoftmax(alongAxis: -1)).sum().scalar) / Double(labels.count)
  let hard = Double(studentLogits.crossEntropy(targets: labels).scalar)
  return alpha * temperature * temperature * soft + (1 - alpha) * hard
}
