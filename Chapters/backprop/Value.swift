import Foundation

// region: value
/// A scalar that remembers how it was computed: the smallest autograd engine
/// (after Karpathy's micrograd). Every operation on values creates a new
/// value that keeps its inputs and a closure with the operation's local
/// derivatives; `backward()` walks that graph from the end and applies the
/// chain rule once per node.
final class Value {
  /// The number itself, computed in the forward pass.
  let data: Double
  /// ∂(final output)/∂(this value), filled in by `backward()`.
  var grad = 0.0
  /// The values this one was computed from (none for an input or a parameter).
  let inputs: [Value]
  /// The operation that made it, such as "*" or "tanh", for printing the graph.
  let operation: String
  /// A name for printing, such as "w1"; empty for intermediate results.
  var label = ""
  /// Adds this value's contribution to its inputs' gradients, given its own
  /// gradient: the chain rule for one operation.
  fileprivate var propagate: (_ outputGrad: Double) -> Void = { _ in }

  init(_ data: Double, inputs: [Value] = [], operation: String = "") {
    self.data = data
    self.inputs = inputs
    self.operation = operation
  }
}
// endregion

// region: value-operations
extension Value {
  static func + (a: Value, b: Value) -> Value {
    let out = Value(a.data + b.data, inputs: [a, b], operation: "+")
    out.propagate = { g in  // ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
      a.grad += g
      b.grad += g
    }
    return out
  }

  static func * (a: Value, b: Value) -> Value {
    let out = Value(a.data * b.data, inputs: [a, b], operation: "*")
    out.propagate = { g in  // ∂(ab)/∂a = b, ∂(ab)/∂b = a
      a.grad += b.data * g
      b.grad += a.data * g
    }
    return out
  }

  func tanh() -> Value {
    let t = Foundation.tanh(data)
    let out = Value(t, inputs: [self], operation: "tanh")
    out.propagate = { g in self.grad += (1 - t * t) * g }  // tanh′ = 1 − tanh²
    return out
  }

  func sigmoid() -> Value {
    let s = backprop.sigmoid(data)
    let out = Value(s, inputs: [self], operation: "σ")
    out.propagate = { g in self.grad += s * (1 - s) * g }  // σ′ = σ(1 − σ)
    return out
  }

  func exp() -> Value {
    let e = Foundation.exp(data)
    let out = Value(e, inputs: [self], operation: "exp")
    out.propagate = { g in self.grad += e * g }  // (eˣ)′ = eˣ
    return out
  }

  func log() -> Value {
    let out = Value(Foundation.log(data), inputs: [self], operation: "log")
    out.propagate = { g in self.grad += g / self.data }  // (log x)′ = 1/x
    return out
  }

  func pow(_ exponent: Double) -> Value {
    let out = Value(Foundation.pow(data, exponent), inputs: [self], operation: "^\(exponent.shortDescription)")
    out.propagate = { g in self.grad += exponent * Foundation.pow(self.data, exponent - 1) * g }  // (xⁿ)′ = n xⁿ⁻¹
    return out
  }
}
// endregion

/// The rest follows from the operations above, so their gradients come for free.
extension Value {
  static prefix func - (a: Value) -> Value { a * Value(-1) }
  static func - (a: Value, b: Value) -> Value { a + (-b) }
  static func / (a: Value, b: Value) -> Value { a * b.pow(-1) }
  static func + (a: Value, b: Double) -> Value { a + Value(b) }
  static func + (a: Double, b: Value) -> Value { Value(a) + b }
  static func - (a: Double, b: Value) -> Value { Value(a) - b }
  static func - (a: Value, b: Double) -> Value { a + Value(-b) }
  static func * (a: Double, b: Value) -> Value { Value(a) * b }
}

extension Value {
  // region: topological-order
  /// Every value this one depends on, each listed after all of its inputs,
  /// ending with this value itself.
  func topologicalOrder() -> [Value] {
    var order: [Value] = []
    var visited: Set<ObjectIdentifier> = []
    func visit(_ node: Value) {
      guard visited.insert(ObjectIdentifier(node)).inserted else { return }
      for input in node.inputs { visit(input) }
      order.append(node)  // after its inputs
    }
    visit(self)
    return order
  }
  // endregion

  // region: value-backward
  /// Fills in `grad` of every value this one depends on: ∂self/∂value.
  func backward() {
    let order = topologicalOrder()
    for node in order { node.grad = 0 }
    grad = 1  // ∂self/∂self
    // From the output back to the inputs: when a node's turn comes, every
    // node that uses it has already added its share to node.grad.
    for node in order.reversed() { node.propagate(node.grad) }
  }
  // endregion
}

extension Double {
  /// A short form for operation labels: 2 rather than 2.0.
  fileprivate var shortDescription: String { self == rounded() ? String(Int(self)) : String(self) }
}
