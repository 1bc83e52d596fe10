import CBLAS

/// Scales all gradients down together when their combined length exceeds
/// `maxNorm`, as PyTorch's `torch.nn.utils.clip_grad_norm_`.
///
/// The norm is the L2 norm of all gradients seen as one long vector,
/// ‖g‖ = √(Σ over every element of every gradient of g²). When ‖g‖ > maxNorm,
/// every gradient is multiplied by maxNorm / (‖g‖ + 10⁻⁶), so the direction of
/// the step is kept and only its length is capped. Recurrent networks (W3) and
/// Transformers (W4) clip at 5 to survive the occasional exploding gradient.
///
///     loss.backward()
///     let norm = clipGradientNorm(model.parameters, maxNorm: 5)
///     optimizer.step()
///
/// Parameters without a gradient are ignored. A non-finite norm (a NaN or
/// infinite gradient) is returned as is and nothing is scaled: check the
/// result to stop training instead of stepping with garbage.
///
/// - Parameters:
///   - parameters: the parameters whose gradients to clip, in place.
///   - maxNorm: the largest allowed global norm, > 0.
/// - Returns: the global norm before clipping.
/// - Complexity: O(number of gradient scalars): two passes when clipping, one otherwise.
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
  check(maxNorm > 0, "clipGradientNorm: maxNorm \(maxNorm) must be > 0")
  var sumOfSquares: Double = 0
  for parameter in parameters {
    guard let gradient = parameter.gradient else { continue }
    sumOfSquares += gradient.withUnsafeScalars(sumOfSquaresInDouble)
  }
  let norm = Float(sumOfSquares.squareRoot())
  if norm > maxNorm && norm.isFinite {
    let scale = Float(Double(maxNorm) / (Double(norm) + 1e-6))
    for parameter in parameters {
      parameter.value.node?.scaleGradient(by: scale)
    }
  }
  return norm
}

/// Σ x² accumulated in Double: BLAS's `dsdot` is the dot product of two Float
/// vectors with a Double accumulator, here of the gradient with itself.
private func sumOfSquaresInDouble(_ scalars: UnsafeBufferPointer<Float>) -> Double {
  guard let start = scalars.baseAddress, scalars.count > 0 else { return 0 }
  check(
    scalars.count <= Int(Int32.max),
    "clipGradientNorm: a gradient of \(scalars.count) elements is too large for BLAS")
  return cblas_dsdot(Int32(scalars.count), start, 1, start, 1)
}

extension GradientNode {
  /// Multiplies the accumulated gradient by `scale`, in place when no other
  /// tensor shares its storage.
  func scaleGradient(by scale: Float) {
    guard var scaled = gradient else { return }
    gradient = nil  // Let `scaled` own the buffer so the multiplication happens in place.
    scaled.withUnsafeMutableScalars { scalars in
      for index in scalars.indices { scalars[index] *= scale }
    }
    gradient = scaled
  }
}
