import Foundation
import Synchronization

// Which of its three methods `conv2d` uses. im2col is the reference: one
// product of the patch matrix with the filter, for every convolution
// (Tensor+Convolution.swift). Winograd's F(2×2, 3×3) (Tensor+Winograd.swift)
// and the direct single-channel loop (Tensor+DirectConvolution.swift) give
// the same numbers up to rounding, faster, on the shapes they can compute.

extension ExecutionPolicy {
  /// How `conv2d` computes a convolution.
  public enum ConvolutionMethod: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// The method the rules in `Thresholds` expect to be fastest, as set on
    /// one machine: Winograd for 3×3 filters over enough channels and a
    /// large enough output, the direct loop for 3×3 filters over one
    /// channel, im2col for everything else. The default.
    case automatic
    /// One product of the patch matrix with the filter: the reference, for every convolution.
    case im2col
    /// Winograd's F(2×2, 3×3): a 3×3 filter at stride 1, input and output
    /// channels in multiples of 8, a non-empty output.
    case winograd
    /// The direct loop: one input channel, a 3×3 filter, stride 1, no
    /// padding, output channels in multiples of 8.
    case direct

    public var description: String {
      switch self {
      case .automatic: "automatic"
      case .im2col: "im2col"
      case .winograd: "winograd"
      case .direct: "direct"
      }
    }
  }

  /// The method `conv2d` uses when a call does not name one: `.automatic`
  /// unless set. A forced method that cannot compute a convolution stops
  /// the program with a message naming the shapes, as a shape error does.
  public static var convolutionMethod: ConvolutionMethod {
    get { ConvolutionMethod(rawValue: requestedConvolutionMethod.load(ordering: .relaxed)) ?? .automatic }
    set { requestedConvolutionMethod.store(newValue.rawValue, ordering: .relaxed) }
  }

  /// The method the last `conv2d` on this thread ran (never `.automatic`),
  /// `nil` before the first: per thread, so that tests running at once, or
  /// a batch's two halves, do not see each other's.
  public static var lastConvolutionMethod: ConvolutionMethod? {
    pthread_getspecific(lastConvolutionMethodKey).flatMap { ConvolutionMethod(rawValue: Int(bitPattern: $0) - 1) }
  }

  /// The method that computes `geometry` when `requested` (or, if nil, the
  /// process-wide ``convolutionMethod``) is asked for; stops with a
  /// one-line message if a forced method cannot.
  static func convolutionMethod(
    for geometry: ConvolutionGeometry, requested: ConvolutionMethod?
  ) -> ConvolutionMethod {
    let method: ConvolutionMethod
    switch requested ?? convolutionMethod {
    case .automatic: method = automaticConvolutionMethod(for: geometry)
    case .im2col: method = .im2col
    case .winograd:
      check(
        WinogradTiling.canCompute(geometry),
        "conv2d: the winograd method cannot compute \(geometry.shapes): it needs a 3×3 filter at stride 1, "
          + "input and output channels in multiples of 8 and a non-empty output; use .automatic or .im2col")
      method = .winograd
    case .direct:
      check(
        geometry.isDirectSingleChannel,
        "conv2d: the direct method cannot compute \(geometry.shapes): it needs one input channel, a 3×3 filter, "
          + "stride 1, no padding and output channels in multiples of 8; use .automatic or .im2col")
      method = .direct
    }
    return method
  }

  /// Records `method` as this thread's last: each method's code calls it as it starts.
  static func recordConvolutionMethod(_ method: ConvolutionMethod) {
    // The raw value + 1 as the slot's pointer bits: a few nanoseconds, where
    // Foundation's thread dictionary took over a microsecond.
    pthread_setspecific(lastConvolutionMethodKey, UnsafeRawPointer(bitPattern: method.rawValue + 1))
  }

  // region: automatic-method
  /// The method `.automatic` picks for `geometry`: by rules set on one
  /// machine (`Thresholds` records the measurements it has), not by timing
  /// the methods on the machine that runs.
  static func automaticConvolutionMethod(for geometry: ConvolutionGeometry) -> ConvolutionMethod {
    if WinogradTiling.canCompute(geometry) && winogradPaysOff(geometry) { return .winograd }
    if geometry.isDirectSingleChannel { return .direct }
    return .im2col
  }

  /// Whether Winograd is worth its setup on a convolution it can compute:
  /// enough channels for its 16 products, and an output large enough that
  /// the tiles hanging over its edge waste little (see `Thresholds`).
  static func winogradPaysOff(_ geometry: ConvolutionGeometry) -> Bool {
    guard geometry.inChannels >= Thresholds.winogradChannels && geometry.outChannels >= Thresholds.winogradChannels
    else { return false }
    let tiling = WinogradTiling(geometry)
    return Double(tiling.tileCount * 16) <= Thresholds.winogradWorkRatio * Double(geometry.patchCount * 9)
  }
  // endregion
}

private let requestedConvolutionMethod = Atomic<Int>(ExecutionPolicy.ConvolutionMethod.automatic.rawValue)
/// This thread's slot for the last convolution method.
private let lastConvolutionMethodKey: pthread_key_t = {
  var key = pthread_key_t()
  let status = pthread_key_create(&key, nil)
  precondition(status == 0, "ExecutionPolicy: cannot create a thread-specific slot (error \(status))")
  return key
}()
