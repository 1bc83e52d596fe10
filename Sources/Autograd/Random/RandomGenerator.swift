import Foundation

/// A seeded source of pseudo-random numbers: the same seed gives the same
/// numbers on every run and every machine.
///
/// It is the xoshiro256** generator, its state filled from the seed by
/// SplitMix64, as its authors recommend. A class, so that layers (dropout)
/// and data loaders can share one stream without `inout` plumbing.
///
///     let random = RandomGenerator(seed: 42)
///     let weights = Tensor.normal(shape: [3, 3], using: random)
///
/// - Note: Not thread-safe; give each thread its own generator.
public final class RandomGenerator: RandomNumberGenerator {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func nextSplitMix() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
  }

  /// The next 64 random bits.
  public func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, by: 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotateLeft(state.3, by: 45)
    return result
  }

  private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }

  /// A value drawn uniformly from [0, 1), with 24 random bits.
  public func nextUniform() -> Float {
    Float(next() >> 40) * 0x1p-24
  }

  /// A value drawn from the standard normal distribution (Box–Muller).
  public func nextNormal() -> Float {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    let radius = (-2 * log(1 - Double(next() >> 11) * 0x1p-53)).squareRoot()
    let angle = 2 * Double.pi * Double(next() >> 11) * 0x1p-53
    spareNormal = Float(radius * sin(angle))
    return Float(radius * cos(angle))
  }

  private var spareNormal: Float?
}
