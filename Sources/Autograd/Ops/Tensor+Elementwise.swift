import Foundation

/// A function applied to every element, with the derivative its backward needs.
///
/// The derivative may use the input, the output or both: `exp` reuses its
/// output, `relu` looks at its input. Conformers are small value types so
/// that each operation's loops are specialized and inlined.
protocol ElementwiseFunction {
  var name: String { get }
  func value(_ input: Float) -> Float
  func derivative(input: Float, output: Float) -> Float
}

extension Tensor {
  /// Applies `function` to every element and records its backward.
  ///
  /// - Complexity: O(n) forward and O(n) backward; one new buffer each.
  func applying<Function: ElementwiseFunction>(_ function: Function) -> Tensor {
    var result = Tensor(shape: shape) { output in
      withUnsafeScalars { input in
        for index in output.indices { output[index] = function.value(input[index]) }
      }
    }
    if Tensor.shouldRecord(self) {
      let input = self.detached()
      let output = result.detached()
      result.record(function.name, inputs: [self]) { gradient in
        let inputGradient = Tensor(shape: input.shape) { slot in
          input.withUnsafeScalars { x in
            output.withUnsafeScalars { y in
              gradient.withUnsafeScalars { g in
                for index in slot.indices {
                  slot[index] = g[index] * function.derivative(input: x[index], output: y[index])
                }
              }
            }
          }
        }
        return [inputGradient]
      }
    }
    return result
  }
}

// MARK: - The functions

struct Negation: ElementwiseFunction {
  var name: String { "neg" }
  func value(_ x: Float) -> Float { -x }
  func derivative(input: Float, output: Float) -> Float { -1 }
}

struct Exponential: ElementwiseFunction {
  var name: String { "exp" }
  func value(_ x: Float) -> Float { expf(x) }
  func derivative(input: Float, output: Float) -> Float { output }
}

struct NaturalLogarithm: ElementwiseFunction {
  var name: String { "log" }
  func value(_ x: Float) -> Float { logf(x) }
  func derivative(input: Float, output: Float) -> Float { 1 / input }
}

struct SquareRoot: ElementwiseFunction {
  var name: String { "sqrt" }
  func value(_ x: Float) -> Float { x.squareRoot() }
  func derivative(input: Float, output: Float) -> Float { 0.5 / output }
}

struct HyperbolicTangent: ElementwiseFunction {
  var name: String { "tanh" }
  func value(_ x: Float) -> Float { tanhf(x) }
  func derivative(input: Float, output: Float) -> Float { 1 - output * output }
}

struct LogisticSigmoid: ElementwiseFunction {
  var name: String { "sigmoid" }
  func value(_ x: Float) -> Float { logistic(x) }
  func derivative(input: Float, output: Float) -> Float { output * (1 - output) }
}

struct RectifiedLinear: ElementwiseFunction {
  var name: String { "relu" }
  func value(_ x: Float) -> Float { x > 0 ? x : 0 }
  func derivative(input: Float, output: Float) -> Float { input > 0 ? 1 : 0 }
}

struct Power: ElementwiseFunction {
  let exponent: Float
  var name: String { "pow" }
  func value(_ x: Float) -> Float { exponent == 2 ? x * x : powf(x, exponent) }
  func derivative(input: Float, output: Float) -> Float {
    exponent == 2 ? 2 * input : exponent * powf(input, exponent - 1)
  }
}

/// `x * factor + offset` with a constant factor and offset; the building
/// block of arithmetic between a tensor and a number.
struct Affine: ElementwiseFunction {
  let factor: Float
  let offset: Float
  var name: String { "affine" }
  func value(_ x: Float) -> Float { x * factor + offset }
  func derivative(input: Float, output: Float) -> Float { factor }
}

// MARK: - Public operations

extension Tensor {
  /// e raised to each element.
  public func exp() -> Tensor { applying(Exponential()) }

  /// The natural logarithm of each element.
  public func log() -> Tensor { applying(NaturalLogarithm()) }

  /// The square root of each element.
  public func sqrt() -> Tensor { applying(SquareRoot()) }

  /// The hyperbolic tangent of each element.
  public func tanh() -> Tensor { applying(HyperbolicTangent()) }

  /// The logistic sigmoid 1 / (1 + e^-x) of each element.
  public func sigmoid() -> Tensor { applying(LogisticSigmoid()) }

  /// max(0, x) for each element. Its derivative at 0 is taken to be 0.
  public func relu() -> Tensor { applying(RectifiedLinear()) }

  /// The exact Gaussian error linear unit x·Φ(x) of each element (see `GaussianErrorLinear`).
  public func gelu() -> Tensor {
    var result = Tensor(shape: shape) { output in
      withUnsafeScalars { input in
        GaussianErrorLinear.inHalves(count: output.count) { range in
          GaussianErrorLinear.values(input.baseAddress! + range.lowerBound, into: output.baseAddress! + range.lowerBound, count: range.count)
        }
      }
    }
    if Tensor.shouldRecord(self) {
      let input = self.detached()
      result.record("gelu", inputs: [self]) { gradient in
        [Tensor(shape: input.shape) { inputGradient in
          input.withUnsafeScalars { x in
            gradient.withUnsafeScalars { g in
              GaussianErrorLinear.inHalves(count: inputGradient.count) { range in
                GaussianErrorLinear.gradients(
                  x.baseAddress! + range.lowerBound, upstream: g.baseAddress! + range.lowerBound,
                  into: inputGradient.baseAddress! + range.lowerBound, count: range.count)
              }
            }
          }
        }]
      }
    }
    return result
  }

  /// Each element raised to `exponent`.
  public func pow(_ exponent: Float) -> Tensor { applying(Power(exponent: exponent)) }

  /// Each element squared.
  public func squared() -> Tensor { applying(Power(exponent: 2)) }

  public static prefix func - (tensor: Tensor) -> Tensor { tensor.applying(Negation()) }

  public static func + (tensor: Tensor, number: Float) -> Tensor {
    tensor.applying(Affine(factor: 1, offset: number))
  }
  public static func + (number: Float, tensor: Tensor) -> Tensor { tensor + number }
  public static func - (tensor: Tensor, number: Float) -> Tensor { tensor + -number }
  public static func - (number: Float, tensor: Tensor) -> Tensor {
    tensor.applying(Affine(factor: -1, offset: number))
  }
  public static func * (tensor: Tensor, number: Float) -> Tensor {
    tensor.applying(Affine(factor: number, offset: 0))
  }
  public static func * (number: Float, tensor: Tensor) -> Tensor { tensor * number }
  public static func / (tensor: Tensor, number: Float) -> Tensor { tensor * (1 / number) }
}

// MARK: - GELU

/// The exact GELU, x·Φ(x) with Φ the standard normal distribution function,
/// as PyTorch's default `gelu` (not its tanh approximation), and its
/// derivative Φ(x) + x·φ(x).
///
/// Why not `erff` from the C library? It is a function call per element that
/// no compiler vectorizes, and W4 applies GELU to 2 million numbers per layer
/// and step. Φ is computed instead from Abramowitz & Stegun's formula 7.1.26,
///
///     erf(z) = 1 − t·(a₁ + t·(a₂ + t·(a₃ + t·(a₄ + t·a₅)))) · e^(−z²),  t = 1 / (1 + p·z),  z ≥ 0,
///
/// whose absolute error is below 1.5·10⁻⁷, about Float's resolution near 1
/// (relatively larger far in the negative tail, where GELU is nearly 0). With
/// z = |x|/√2 its exponential e^(−x²/2) is also what the density φ(x) needs,
/// so Φ and φ share one ``fastExponential(_:)``: the forward value and the
/// backward derivative cost one exponential each, and the loops are
/// branch-free and vectorized (8 elements at a time with AVX2).
enum GaussianErrorLinear {
  // region: gelu
  /// Φ(x) and φ(x) together.
  @inline(__always)
  static func distributionAndDensity(_ x: Float) -> (distribution: Float, density: Float) {
    let gaussian = fastExponential(-0.5 * x * x)  // e^(−x²/2), and the argument is ≤ 0
    let t = 1 / (1 + 0.327_591_1 * 0.707_106_781 * abs(x))
    let polynomial = t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))))
    let tail = 0.5 * polynomial * gaussian  // Φ(−|x|), the smaller side
    return (x < 0 ? tail : 1 - tail, gaussian * 0.398_942_280)
  }
  // endregion

  /// Runs `body` over `0..<count`, in two halves on two threads for large
  /// tensors (from `ExecutionPolicy.Thresholds.geluHalvesCount` elements).
  static func inHalves(count: Int, _ body: (Range<Int>) -> Void) {
    HelperThread.forEachHalf(of: count, minimumCount: ExecutionPolicy.Thresholds.geluHalvesCount, body)
  }

  /// output[k] = x·Φ(x) for x = input[k].
  @inline(never)
  static func values(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
    for index in 0..<count {
      let x = input[index]
      output[index] = x * distributionAndDensity(x).distribution
    }
  }

  /// output[k] = upstream[k] · (Φ(x) + x·φ(x)) for x = input[k].
  @inline(never)
  static func gradients(
    _ input: UnsafePointer<Float>, upstream: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int
  ) {
    for index in 0..<count {
      let x = input[index]
      let (distribution, density) = distributionAndDensity(x)
      output[index] = upstream[index] * (distribution + x * density)
    }
  }
}
