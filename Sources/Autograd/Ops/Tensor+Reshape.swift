// Operations that change a tensor's shape but not its values' order:
// reshaping, which shares the elements, and broadcasting to a larger shape.

extension Tensor {
  /// The same elements in a new shape with the same number of elements. One
  /// dimension may be -1, meaning "whatever makes the count match".
  ///
  ///     Tensor.range(6).reshaped(to: [2, -1])  // [[0, 1, 2], [3, 4, 5]]
  ///
  /// - Complexity: O(1): the result shares this tensor's elements.
  public func reshaped(to newShape: [Int]) -> Tensor {
    var resolved = newShape
    if let wildcard = newShape.firstIndex(of: -1) {
      var known = newShape
      known.remove(at: wildcard)
      let knownCount = known.elementCount
      check(
        knownCount > 0 && scalarCount % knownCount == 0,
        "reshape: cannot reshape \(shape) to \(newShape)")
      resolved[wildcard] = scalarCount / knownCount
    }
    check(
      resolved.allSatisfy { $0 >= 0 } && resolved.elementCount == scalarCount,
      "reshape: cannot reshape \(shape) (\(scalarCount) elements) to \(newShape)")
    if resolved == shape { return self }
    var result = Tensor(shape: resolved, scalars: scalars)
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      result.record("reshape", inputs: [self]) { gradient in [gradient.reshaped(to: inputShape)] }
    }
    return result
  }

  /// All dimensions after the first merged into one: [batch, features].
  public func flattenedBatch() -> Tensor {
    check(rank >= 1, "flatten: needs a batch dimension, got shape \(shape)")
    return reshaped(to: [shape[0], -1])
  }

  /// This tensor repeated along its size-1 (or missing leading) dimensions
  /// to `newShape`, following broadcasting rules. The backward sums the
  /// gradient back over the repeated dimensions.
  public func expanded(to newShape: [Int]) -> Tensor {
    if newShape == shape { return self }
    check(
      broadcastShape(shape, newShape, operation: "expand") == newShape,
      "expand: cannot expand shape \(shape) to \(newShape)")
    var result = Tensor.combine(self, Tensor(shape: newShape, repeating: 0), operation: "expand") { value, _ in value }
    if Tensor.shouldRecord(self) {
      let inputShape = shape
      result.record("expand", inputs: [self]) { gradient in [gradient.reduced(toShape: inputShape)] }
    }
    return result
  }
}
