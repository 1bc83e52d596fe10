import _Int8Kernels

/// The integer matrix-product kernels of int8 inference: unsigned 8-bit
/// activations times signed 8-bit weights, summed in 32-bit integers.
///
/// Integer sums have no rounding, so every kernel gives exactly the same
/// result; they differ in speed only. ``best`` is picked once, from what the
/// running processor reports (not from how the package was compiled), so one
/// build runs the AVX-512 VNNI kernel on a processor that has it and the AVX2
/// kernel on one that does not.
///
///     let sums = weights.multiply(patches, rows: count)                    // the best kernel here
///     let same = weights.multiply(patches, rows: count, kernel: .scalar)   // identical numbers
public enum Int8Kernel: Int32, CaseIterable, Sendable, CustomStringConvertible {
  /// Plain loops, one multiply-add at a time: the reference, on any processor.
  case scalar = 0
  /// AVX2's `vpmaddubsw` (byte products added in pairs) and `vpmaddwd` (pairs
  /// added into 32-bit sums): 32 multiply-adds in two instructions.
  case avx2 = 1
  /// AVX-512 VNNI's `vpdpbusd`: 64 byte products added into 16 sums in one instruction.
  case avx512VNNI = 2

  /// Whether the running processor has the instructions this kernel needs.
  public var isAvailable: Bool { course_int8_kernel_available(rawValue) != 0 }

  /// The kernels this processor can run, slowest first.
  public static let available: [Int8Kernel] = allCases.filter(\.isAvailable)

  /// The fastest kernel this processor can run.
  public static let best: Int8Kernel = available.last ?? .scalar

  public var description: String {
    switch self {
    case .scalar: "scalar"
    case .avx2: "AVX2"
    case .avx512VNNI: "AVX-512 VNNI"
    }
  }
}

/// The largest activation level: activations are stored in 7 of the byte's 8
/// bits, so that AVX2's `vpmaddubsw`, which adds two byte products in 16 bits,
/// cannot saturate (2 · 127 · 127 = 32,258 < 32,767; with 255 it could). Every
/// kernel then computes the same exact sums, and so does every machine.
/// PyTorch's x86 backend reduces the activations' range the same way.
public let largestActivationLevel: UInt8 = 127

/// The largest weight level in magnitude: symmetric weights use −127…127
/// (−128 is left out so that negating a weight never overflows).
public let largestWeightLevel: Int8 = 127
