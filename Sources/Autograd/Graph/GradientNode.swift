/// One recorded operation in the graph that reverse-mode differentiation walks.
///
/// Every tensor that requires a gradient holds a node. A *leaf* node belongs
/// to a tensor created by ``Tensor/requiringGradient()`` (a parameter or an
/// input being checked) and keeps the gradient that ``Tensor/backward()``
/// accumulates into it. Any other node belongs to an operation's result: it
/// remembers the nodes of the operation's inputs and a closure that turns the
/// gradient of the result into gradients of the inputs (the chain rule for
/// that one operation).
final class GradientNode {
  /// The nodes of the operation's inputs, in the order `pullback` returns
  /// their gradients; `nil` for an input that needs no gradient.
  let inputs: [GradientNode?]

  /// Maps the gradient of the result to the gradients of the inputs. Released
  /// after the backward pass, which also frees the tensors it captured.
  var pullback: ((Tensor) -> [Tensor?])?

  /// The gradient accumulated so far.
  var gradient: Tensor?

  /// The shape of the tensor this node belongs to.
  let shape: [Int]

  /// The name of the operation, for error messages.
  let operation: String

  /// Creates a leaf node: it has no inputs and keeps its gradient.
  init(leafOfShape shape: [Int]) {
    self.inputs = []
    self.pullback = nil
    self.shape = shape
    self.operation = "leaf"
  }

  /// Creates the node of an operation's result.
  init(
    operation: String, shape: [Int], inputs: [GradientNode?],
    pullback: @escaping (Tensor) -> [Tensor?]
  ) {
    self.inputs = inputs
    self.pullback = pullback
    self.shape = shape
    self.operation = operation
  }

  var isLeaf: Bool { inputs.isEmpty }

  /// Adds `contribution` to the gradient, in place when possible.
  func accumulate(_ contribution: Tensor) {
    check(
      contribution.shape == shape,
      "backward of \(operation): gradient of shape \(contribution.shape) for a tensor of shape \(shape)")
    guard var sum = gradient else {
      gradient = contribution
      return
    }
    gradient = nil  // Let `sum` own the buffer so the addition happens in place.
    sum.addInPlace(contribution)
    gradient = sum
  }
}

extension Tensor {
  /// Adds `other`, of the same shape, element by element, in place unless
  /// another tensor shares this one's buffer. Not recorded for differentiation.
  mutating func addInPlace(_ other: Tensor) {
    withUnsafeMutableScalars { total in
      other.withUnsafeScalars { part in
        for index in total.indices { total[index] += part[index] }
      }
    }
  }
}

// MARK: - The backward pass

extension Tensor {
  /// Computes the gradient of this tensor with respect to every leaf tensor
  /// it was computed from, adding it to each leaf's ``gradient``.
  ///
  /// The tensor must have one element (a loss), unless `seed` gives the
  /// gradient to start from. The graph is freed as it is walked: calling
  /// `backward()` twice on the same result is an error, as in PyTorch.
  ///
  /// - Complexity: O(number of recorded operations), plus their arithmetic.
  public func backward(seed: Tensor? = nil) {
    backward(seed: seed, accumulate: { node, gradient in node.accumulate(gradient) })
  }

  /// `backward(seed:)` with every gradient added to its node by `accumulate`:
  /// ``backwardInHalves(_:_:weights:loss:)`` passes one that keeps the second
  /// half's leaf gradients apart until both halves are done.
  func backward(seed: Tensor?, accumulate: (GradientNode, Tensor) -> Void) {
    guard let root = node else {
      fatalError("backward: this tensor does not require a gradient; mark a parameter with requiringGradient()")
    }
    let start: Tensor
    if let seed {
      check(seed.shape == shape, "backward: seed of shape \(seed.shape) for a tensor of shape \(shape)")
      start = seed
    } else {
      check(scalarCount == 1, "backward: needs a seed gradient for a tensor of shape \(shape) (or a one-element loss)")
      start = Tensor(shape: shape, scalars: [1])
    }
    check(
      root.isLeaf || root.pullback != nil,
      "backward: the graph of this tensor was already freed by an earlier backward()")
    accumulate(root, start)

    withoutGradient {
      // region: backward-walk
      for node in root.reverseTopologicalOrder() {
        guard let pullback = node.pullback, let gradient = node.gradient else { continue }
        let inputGradients = pullback(gradient)
        node.pullback = nil
        node.gradient = nil
        for (input, inputGradient) in zip(node.inputs, inputGradients) {
          if let input, let inputGradient { accumulate(input, inputGradient) }
        }
      }
      // endregion
    }
  }
}

extension GradientNode {
  /// The nodes reachable from this one, each listed after every node that
  /// uses it, starting with this node. Iterative, so long recurrent graphs
  /// cannot overflow the stack.
  // region: reverse-topological-order
  func reverseTopologicalOrder() -> [GradientNode] {
    var order: [GradientNode] = []
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
    // Each entry is a node and the index of the next input to visit.
    var stack: [(node: GradientNode, nextInput: Int)] = [(self, 0)]
    while let (node, nextInput) = stack.popLast() {
      if nextInput < node.inputs.count {
        stack.append((node, nextInput + 1))
        if let input = node.inputs[nextInput], input.pullback != nil,
          visited.insert(ObjectIdentifier(input)).inserted
        {
          stack.append((input, 0))
        }
      } else {
        order.append(node)
      }
    }
    return order.reversed()
  }
  // endregion
}
