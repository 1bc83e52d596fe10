// The inner loops of softmax, cross-entropy and layer normalization: sums,
// maxima and exponentials over one contiguous row of floats.
//
// Why not plain loops? The compiler may not reorder floating-point additions,
// so `for x in row { total += x }` runs one addition at a time, each waiting
// for the previous one. Keeping eight partial sums in a SIMD vector lets the
// processor work on all of them at once (about 2.5× faster on rows of 64).
// The exponential is the other cost: the C library's `expf` is a function
// call per element, which no compiler vectorizes, so ``fastExponential(_:)``
// computes it with a short polynomial the compiler does vectorize (about 3×
// faster, to within one unit in the last place).

/// Kernels over `count` contiguous floats starting at a pointer.
enum RowKernel {
  /// The sum of the row.
  @inline(__always)
  static func sum(_ row: UnsafePointer<Float>, count: Int) -> Float {
    let raw = UnsafeRawPointer(row)
    var partial = SIMD8<Float>()
    var index = 0
    while index + 8 <= count {
      partial += raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
      index += 8
    }
    var total = partial.sum()
    while index < count {
      total += row[index]
      index += 1
    }
    return total
  }

  /// The sum of the element-wise products of two rows (their dot product).
  @inline(__always)
  static func sumOfProducts(_ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>, count: Int) -> Float {
    let (rawFirst, rawSecond) = (UnsafeRawPointer(first), UnsafeRawPointer(second))
    var partial = SIMD8<Float>()
    var index = 0
    while index + 8 <= count {
      partial += rawFirst.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
        * rawSecond.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
      index += 8
    }
    var total = partial.sum()
    while index < count {
      total += first[index] * second[index]
      index += 1
    }
    return total
  }

  /// The largest element of a non-empty row. NaNs are skipped; callers that
  /// exponentiate `x - maximum` still turn a NaN into NaN outputs.
  @inline(__always)
  static func maximum(_ row: UnsafePointer<Float>, count: Int) -> Float {
    let raw = UnsafeRawPointer(row)
    var partial = SIMD8<Float>(repeating: -.infinity)
    var index = 0
    while index + 8 <= count {
      let values = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
      partial.replace(with: values, where: values .> partial)
      index += 8
    }
    // Lane by lane: the generic `SIMD.max()` is not specialized and is slow.
    var largest = partial[0]
    for lane in 1..<8 where partial[lane] > largest { largest = partial[lane] }
    while index < count {
      if row[index] > largest { largest = row[index] }
      index += 1
    }
    return largest
  }

  /// Writes `exp(input[k] - shift)` to `output[k]` and returns their sum.
  /// With `shift` the row's maximum every argument is ≤ 0, so nothing
  /// overflows (the numerically stable softmax).
  @inline(__always)
  static func shiftedExponentials(
    _ input: UnsafePointer<Float>, minus shift: Float, into output: UnsafeMutablePointer<Float>, count: Int
  ) -> Float {
    // Two loops: the first vectorizes, the sum uses SIMD partial sums.
    exponentials(input, minus: shift, times: 1, into: output, count: count)
    return sum(output, count: count)
  }

  /// Writes `factor · exp(input[k] - shift)` to `output[k]`; every
  /// `input[k] - shift` must be ≤ 0 (see ``fastExponential(_:)``).
  ///
  /// A function of its own, not a loop written inline where it is needed:
  /// inside the closures of a backward pass the compiler may leave
  /// ``fastExponential(_:)`` as a call per element, which stops vectorization.
  ///
  /// Sixteen at a time, written out: a compiler's own vector loop takes 64
  /// elements a turn (four vectors interleaved) and leaves shorter rows, such
  /// as a causal attention row or one generated position's scores, to a
  /// scalar remainder. Each lane is the scalar function's arithmetic, in its
  /// order, so every element is the same whichever loop computes it.
  @inline(never)
  static func exponentials(
    _ input: UnsafePointer<Float>, minus shift: Float, times factor: Float,
    into output: UnsafeMutablePointer<Float>, count: Int
  ) {
    let (source, destination) = (UnsafeRawPointer(input), UnsafeMutableRawPointer(output))
    var index = 0
    while index + 16 <= count {
      let x = source.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self) - shift
      destination.storeBytes(of: factor * fastExponential(x), toByteOffset: index * 4, as: SIMD16<Float>.self)
      index += 16
    }
    while index < count {
      output[index] = factor * fastExponential(input[index] - shift)
      index += 1
    }
  }
}

/// e^x for x ≤ 0 (larger x overflow to garbage: callers subtract a maximum
/// first), within about 1.2e-7 relative error; exactly 0 below -87.33, where
/// e^x leaves the normal Float range, and NaN for NaN.
///
/// The classic method (Cephes' `expf`): write x = n·ln 2 + r with n an
/// integer and |r| ≤ ln 2 / 2, so e^x = 2ⁿ · e^r, where 2ⁿ is built directly
/// from the bits of a Float and e^r is a degree-7 polynomial. Every step is
/// branch-free arithmetic, so a loop calling it is vectorized.
@inline(__always)
func fastExponential(_ x: Float) -> Float {
  let clamped = Swift.max(x, -87.33)
  // Adding 1.5·2²³ rounds x/ln 2 to an integer n, which lands in the low
  // bits of `shifted`: its bit pattern is 0x4B40_0000 + n.
  let shifted = clamped * 1.442_695_04 + 12_582_912
  let n = shifted - 12_582_912
  // r = x - n·ln 2, with ln 2 split in two so the product is exact.
  let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
  var polynomial: Float = 1.987_569_15e-4
  polynomial = polynomial * r + 1.398_199_95e-3
  polynomial = polynomial * r + 8.333_451_9e-3
  polynomial = polynomial * r + 4.166_579_59e-2
  polynomial = polynomial * r + 1.666_666_55e-1
  polynomial = polynomial * r + 5.000_000_12e-1
  let exponentialOfR = polynomial * r * r + r + 1
  // 2ⁿ: the biased exponent n + 127 in the exponent bits.
  let powerOfTwo = Float(bitPattern: (shifted.bitPattern &+ (127 &- 0x4B40_0000)) &<< 23)
  return x < -87.33 ? 0 : exponentialOfR * powerOfTwo
}

/// ``fastExponential(_:)`` on sixteen lanes at once: the same operations in
/// the same order, so each lane equals the scalar function's result exactly
/// (Swift fuses no multiply and add on its own, in either form).
@inline(__always)
func fastExponential(_ x: SIMD16<Float>) -> SIMD16<Float> {
  let lowest = SIMD16<Float>(repeating: -87.33)
  // As `Swift.max(x, -87.33)`: a NaN lane stays NaN.
  let clamped = x.replacing(with: lowest, where: x .< lowest)
  let shifted = clamped * 1.442_695_04 + 12_582_912
  let n = shifted - 12_582_912
  let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
  var polynomial = SIMD16<Float>(repeating: 1.987_569_15e-4)
  polynomial = polynomial * r + 1.398_199_95e-3
  polynomial = polynomial * r + 8.333_451_9e-3
  polynomial = polynomial * r + 4.166_579_59e-2
  polynomial = polynomial * r + 1.666_666_55e-1
  polynomial = polynomial * r + 5.000_000_12e-1
  let exponentialOfR = polynomial * r * r + r + 1
  let bits = (unsafeBitCast(shifted, to: SIMD16<UInt32>.self) &+ (127 &- 0x4B40_0000)) &<< 23
  let powerOfTwo = unsafeBitCast(bits, to: SIMD16<Float>.self)
  return (exponentialOfR * powerOfTwo).replacing(with: 0, where: x .< lowest)
}
