import Foundation
import Testing

@testable import Autograd

/// Expects `tensor` to have `shape` and elements within `tolerance` of `expected`.
func expectTensor(
  _ tensor: Tensor, shape: [Int], _ expected: [Float], tolerance: Float = 1e-5,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(tensor.shape == shape, "shape", sourceLocation: sourceLocation)
  #expect(tensor.scalars.count == expected.count, "element count", sourceLocation: sourceLocation)
  for (index, (actual, wanted)) in zip(tensor.scalars, expected).enumerated() {
    #expect(
      abs(actual - wanted) <= tolerance * max(1, abs(wanted)),
      "element \(index): \(actual) instead of \(wanted)", sourceLocation: sourceLocation)
  }
}

/// Expects backward's gradients of `function` to agree with finite differences.
func expectGradients(
  at inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
  of function: ([Tensor]) -> Tensor
) {
  let result = checkGradients(at: inputs, of: function)
  #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
}

/// Random tensors of the given shapes, from a fixed seed.
func randomTensors(_ shapes: [Int]..., in range: ClosedRange<Float> = -1...1, seed: UInt64 = 1) -> [Tensor] {
  let random = RandomGenerator(seed: seed)
  return shapes.map { Tensor.uniform(shape: $0, in: range, using: random) }
}

/// The text a child process wrote to standard error, for exit tests.
func standardError(of result: ExitTest.Result?) -> String {
  String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// `body`'s result with matrix products spread over cores as `threading`
/// says; the previous setting is restored.
///
/// The threading is process-wide and tests run in parallel: without the lock
/// a test comparing two settings could have one switched under it by another
/// and pass comparing a setting with itself. Every test that changes the
/// threading in this process does it here, so holding the lock for the whole
/// body keeps the setting it asked for.
func withThreading<Result>(_ threading: ExecutionPolicy.Threading, _ body: () -> Result) -> Result {
  threadingLock.lock()
  defer { threadingLock.unlock() }
  let saved = ExecutionPolicy.threading
  ExecutionPolicy.threading = threading
  defer { ExecutionPolicy.threading = saved }
  let result = body()
  precondition(ExecutionPolicy.threading == threading, "withThreading: the threading changed under the test's body")
  return result
}

/// Serialises `withThreading` (recursive, so a body may call it again).
private let threadingLock = NSRecursiveLock()
