// Data parallelism on two cores: a batch's loss is a weighted sum of the
// losses of its two halves, so its gradient is the same weighted sum of the
// halves' gradients. Each half's forward and backward pass can then run on
// its own core, start to finish, with one hand-off per training step instead
// of one per matrix product, and every operation of the step (im2col, ReLU,
// pooling, not only the products) uses both cores.
//
// The two passes share the parameters' leaf nodes, which only the backward
// pass writes to (their accumulated gradient). So the second half's leaf
// gradients go to a `LeafGradientSink` of its own, added to the leaves once
// both halves are done: the parameters never see two writers.

/// Where the leaf gradients of the second half's backward pass in
/// ``backwardInHalves(_:_:weights:loss:)`` go instead of their leaves.
///
/// Unchecked `Sendable`: one thread at a time uses it, the one running the
/// second half, and then the caller, after waiting for that half to finish.
final class LeafGradientSink: @unchecked Sendable {
  private var gradients: [(leaf: GradientNode, gradient: Tensor)] = []
  private var positions: [ObjectIdentifier: Int] = [:]

  /// Adds `contribution` to what this sink holds for `leaf`.
  func accumulate(_ contribution: Tensor, into leaf: GradientNode) {
    let key = ObjectIdentifier(leaf)
    guard let position = positions[key] else {
      positions[key] = gradients.count
      gradients.append((leaf, contribution))
      return
    }
    gradients[position].gradient.addInPlace(contribution)
  }

  /// Holds `contribution` here if `node` is a leaf, else adds it to the node
  /// as `backward` does: how the second half's backward pass accumulates.
  func add(_ contribution: Tensor, to node: GradientNode) {
    if node.isLeaf { accumulate(contribution, into: node) } else { node.accumulate(contribution) }
  }

  /// Adds every gradient held here to its leaf, in the order they arrived.
  func flushIntoLeaves() {
    for (leaf, gradient) in gradients { leaf.accumulate(gradient) }
    gradients = []
    positions = [:]
  }
}

/// Whether this thread is computing one half inside `backwardInHalves`.
enum BatchHalves {
  @TaskLocal static var isRunning = false
}

/// A layer's record of its last call, kept for inspection (the attention
/// weights of `MultiHeadAttention`, for heatmaps): writes made inside
/// `backwardInHalves`, where two halves run at once, leave it as it was.
@propertyWrapper
public struct LastCallRecord<Value> {
  private var value: Value?

  public init(wrappedValue: Value?) { value = wrappedValue }

  public var wrappedValue: Value? {
    get { value }
    set { if !BatchHalves.isRunning { value = newValue } }
  }
}

/// Computes the gradient of `weights.0·loss(first) + weights.1·loss(second)`
/// with the two losses and their backward passes running at once, `first`
/// on the calling thread and `second` on the core's helper thread, and adds
/// it to every parameter's gradient, as `backward()` of that sum would.
///
/// For a batch's mean loss, split the batch into two halves and weight each
/// half's mean loss by its share of the examples:
///
///     let (values, _) = backwardInHalves(firstHalf, secondHalf, weights: (0.5, 0.5)) { half in
///       model(half.images).crossEntropy(targets: half.labels)
///     }
///     let batchLoss = 0.5 * values.0 + 0.5 * values.1
///
/// The gradient equals a single pass's up to rounding: sums over examples
/// are taken in another order. The halves run one after the other when
/// ``ExecutionPolicy/threading`` is not `.halves` (`ExecutionPolicy.setThreadCount(1)`), and
/// when the helper is busy or has not started by the time the first half is done.
///
/// - Parameters:
///   - loss: Computes one half's loss, a one-element tensor. It runs on two
///     threads at once, so it may read shared state, such as the model's
///     parameters, but not change it: no layer with a random generator
///     (dropout) and no other mutation.
/// - Returns: The two losses' values, unweighted.
/// - Complexity: One forward and backward pass per half, plus one addition
///   of each parameter's gradient.
// region: backward-in-halves
public func backwardInHalves<Part>(
  _ first: Part, _ second: Part, weights: (Float, Float), loss: (Part) -> Tensor
) -> (Float, Float) {
  guard ExecutionPolicy.threading == .halves else {
    // One core asked for (or OpenBLAS's threads): the halves one after the other.
    return (differentiate(loss(first), weight: weights.0), differentiate(loss(second), weight: weights.1))
  }
  var values: (Float, Float) = (0, 0)
  let sink = LeafGradientSink()
  withoutActuallyEscaping(loss) { loss in
    // `run` returns only after both closures are done; each writes only its own value.
    nonisolated(unsafe) let loss = loss
    nonisolated(unsafe) let second = second
    nonisolated(unsafe) var secondValue: Float = 0
    HelperThread.shared.run(
      { BatchHalves.$isRunning.withValue(true) { values.0 = differentiate(loss(first), weight: weights.0) } },
      alongside: {
        BatchHalves.$isRunning.withValue(true) {
          // Its leaf gradients wait in the sink: the first half is adding into the leaves.
          secondValue = differentiate(loss(second), weight: weights.1) { sink.add($1, to: $0) }
        }
      })
    values.1 = secondValue
  }
  sink.flushIntoLeaves()
  return values
}
// endregion

/// Runs `backward` on a one-element loss seeded with `weight`, adding each
/// gradient with `accumulate`, and returns the loss's value.
private func differentiate(
  _ loss: Tensor, weight: Float,
  accumulate: (GradientNode, Tensor) -> Void = { node, gradient in node.accumulate(gradient) }
) -> Float {
  check(
    loss.scalarCount == 1,
    "backwardInHalves: the loss of a half must have one element, got shape \(loss.shape)")
  loss.backward(seed: Tensor(shape: loss.shape, scalars: [weight]), accumulate: accumulate)
  return loss.scalar
}
