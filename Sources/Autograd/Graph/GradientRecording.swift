/// Whether operations are being recorded for differentiation, per task or thread.
enum GradientRecording {
  @TaskLocal static var isEnabled = true
}

/// Runs `body` without recording operations for differentiation: results of
/// operations inside it never require a gradient. Use it for evaluation,
/// sampling and optimizer updates, where a graph would only cost memory.
///
///     let accuracy = withoutGradient { model(testImages).argmax() }
public func withoutGradient<Result>(_ body: () throws -> Result) rethrows -> Result {
  try GradientRecording.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
  /// Whether a gradient flows into this tensor when a result computed from it
  /// is differentiated.
  public var requiresGradient: Bool { node != nil }

  /// The gradient accumulated by ``backward(seed:)`` into this leaf tensor, or
  /// `nil` if none has flowed into it yet.
  public var gradient: Tensor? { node?.gradient }

  /// This tensor, marked as a leaf that collects gradients.
  public func requiringGradient() -> Tensor {
    var leaf = self
    leaf.node = GradientNode(leafOfShape: shape)
    return leaf
  }

  /// The same values, cut off from the graph: no gradient flows through the result.
  public func detached() -> Tensor {
    var copy = self
    copy.node = nil
    return copy
  }

  /// Forgets the gradient accumulated in this leaf.
  public func clearGradient() {
    node?.gradient = nil
  }

  /// Whether an operation on these inputs must be recorded.
  static func shouldRecord(_ first: Tensor, _ second: Tensor? = nil) -> Bool {
    (first.node != nil || second?.node != nil) && GradientRecording.isEnabled
  }

  /// Whether an operation on these inputs must be recorded.
  static func shouldRecord(_ inputs: [Tensor]) -> Bool {
    inputs.contains { $0.node != nil } && GradientRecording.isEnabled
  }

  /// Attaches to this result the node of `operation`, computed from `inputs`,
  /// whose pullback maps this result's gradient to the inputs' gradients.
  mutating func record(
    _ operation: String, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]
  ) {
    node = GradientNode(operation: operation, shape: shape, inputs: inputs.map(\.node), pullback: pullback)
  }
}
