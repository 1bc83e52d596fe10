import CourseKit
import Foundation

/// One neuron on the scalar engine, its graph printed in the order the
/// backward pass walks it (micrograd's worked example).
func computationGraph(_ chapter: ChapterRun) {
  chapter.section("A computation graph, forward and backward")
  // region: one-neuron-graph
  let x1 = Value(2), x2 = Value(0)  // the inputs
  let w1 = Value(-3), w2 = Value(1)  // the weights
  let b = Value(6.8813735870195432)  // the bias
  let z = x1 * w1 + x2 * w2 + b  // z = x₁w₁ + x₂w₂ + b
  let o = z.tanh()  // o = tanh(z)
  o.backward()
  // endregion
  for (value, name) in [(x1, "x1"), (x2, "x2"), (w1, "w1"), (w2, "w2"), (b, "b"), (z, "z"), (o, "o")] {
    value.label = name
  }

  let order = o.topologicalOrder()
  let number = Dictionary(uniqueKeysWithValues: order.enumerated().map { (ObjectIdentifier($1), $0 + 1) })
  chapter.say("The graph of o = tanh(x1·w1 + x2·w2 + b), in topological order (every node after its inputs).")
  chapter.say("backward() visits it from the bottom up, calling each node's chain-rule step once:")
  chapter.say("  node  operation   inputs    data        grad = ∂o/∂node")
  for node in order {
    let operation = node.operation.isEmpty ? "input \(node.label)" : node.operation + (node.label.isEmpty ? "" : " (\(node.label))")
    let inputs = node.inputs.map { "#\(number[ObjectIdentifier($0)]!)" }.joined(separator: ",")
    let index = "#\(number[ObjectIdentifier(node)]!)"
    chapter.say("  " + [index.padded(4), operation.padded(10), inputs.padded(8)].joined(separator: "  ")
      + String(format: "  %10.6f  %10.6f", node.data, node.grad))
  }
  chapter.metrics.record("graph_node_count", order.count)
  chapter.metrics.record("graph_neuron", MetricValue.object([
    ("o", .number(o.data)), ("z", .number(z.data)),
    ("grad_z", .number(z.grad)), ("grad_x1", .number(x1.grad)), ("grad_w1", .number(w1.grad)),
    ("grad_x2", .number(x2.grad)), ("grad_w2", .number(w2.grad)), ("grad_b", .number(b.grad)),
  ]))

  // A value used twice: its gradient must be the sum of both uses.
  // region: used-twice
  let a = Value(3)
  let doubled = a + a  // ∂(a + a)/∂a = 2: the two contributions add up in a.grad
  doubled.backward()
  // endregion
  chapter.say("a = 3, a + a: ∂/∂a = \(a.grad) (each use adds its share: grad += …, never grad = …)")
  chapter.metrics.record("graph_used_twice_grad", a.grad)
}

extension String {
  /// The string followed by spaces up to `width` characters, for columns in the transcript.
  func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
