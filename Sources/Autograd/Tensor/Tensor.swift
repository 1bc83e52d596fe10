/// An n-dimensional array of `Float` values that can record the operations
/// applied to it, so that gradients flow back through them.
///
/// A tensor is a value: its scalars live in one contiguous row-major buffer
/// that copies share until one of them is mutated (copy-on-write, like
/// `Array`). Reshaping never copies; transposing and slicing do.
///
///     let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
///     let w = Tensor(shape: [2, 1], scalars: [0.5, -1]).requiringGradient()
///     let loss = x.matmul(w).sum()
///     loss.backward()
///     w.gradient  // [[4], [6]]
///
/// Operations on tensors that require a gradient are recorded in a graph of
/// `GradientNode`s; ``backward(seed:)`` walks that graph in reverse (see
/// <doc:ReadingTheReferencePath>).
public struct Tensor {
  /// The size of each dimension, outermost first.
  public internal(set) var shape: [Int]

  /// The elements in row-major order: the last index varies fastest.
  public internal(set) var scalars: [Float]

  /// The node that records how this tensor was computed, or `nil` when no
  /// gradient flows through it.
  var node: GradientNode?

  /// Creates a tensor from its shape and its elements in row-major order.
  ///
  /// - Precondition: `scalars.count` is the product of `shape`, checked in every build.
  public init(shape: [Int], scalars: [Float]) {
    check(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
    check(
      shape.elementCount == scalars.count,
      "Tensor: shape \(shape) needs \(shape.elementCount) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
    self.node = nil
  }

  /// Creates a tensor of rank 0 holding one value.
  public init(_ value: Float) {
    self.init(shape: [], scalars: [value])
  }

  /// Creates a tensor whose elements are written by `initializer`, which must
  /// set every one of them.
  ///
  /// - Complexity: O(1) besides `initializer`: the buffer is not zeroed.
  init(
    shape: [Int],
    unsafeUninitialized initializer: (UnsafeMutableBufferPointer<Float>) -> Void
  ) {
    let count = shape.elementCount
    self.shape = shape
    self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
      initializer(buffer)
      initializedCount = count
    }
    self.node = nil
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The number of elements: the product of the dimensions.
  public var scalarCount: Int { scalars.count }

  /// The single value of a tensor that has exactly one element.
  public var scalar: Float {
    check(scalars.count == 1, "scalar: tensor of shape \(shape) has \(scalars.count) elements, not 1")
    return scalars[0]
  }

  /// The element at the given indices, one per dimension.
  public subscript(indices: Int...) -> Float {
    scalars[flatIndex(indices)]
  }

  func flatIndex(_ indices: [Int]) -> Int {
    check(indices.count == rank, "subscript: \(indices.count) indices for a tensor of shape \(shape)")
    var index = 0
    for (axis, position) in indices.enumerated() {
      check(
        (0..<shape[axis]).contains(position),
        "subscript: index \(position) out of range 0..<\(shape[axis]) on axis \(axis) of shape \(shape)")
      index = index * shape[axis] + position
    }
    return index
  }
}

// MARK: - Unsafe access for kernels

extension Tensor {
  /// Calls `body` with a pointer to the elements.
  func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try scalars.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with a mutable pointer to the elements, copying them first
  /// if another tensor shares them.
  mutating func withUnsafeMutableScalars<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try scalars.withUnsafeMutableBufferPointer { try body($0) }
  }
}

// MARK: - Shapes

extension Collection where Element == Int {
  /// The number of elements a tensor of this shape holds.
  var elementCount: Int { reduce(1, *) }
}

/// Stops the program with `message` when `condition` is false, in every build
/// configuration. Used for mistakes a learner can make (shapes, axes, indices),
/// whose messages must survive release builds, unlike `precondition`'s.
func check(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #fileID, line: UInt = #line
) {
  if !condition() { fatalError(message(), file: file, line: line) }
}

extension Tensor {
  /// Resolves a possibly negative axis (`-1` is the last) against this tensor's rank.
  func normalizedAxis(_ axis: Int, operation: String) -> Int {
    let resolved = axis < 0 ? axis + rank : axis
    check((0..<Swift.max(rank, 1)).contains(resolved), "\(operation): axis \(axis) is out of range for shape \(shape)")
    return resolved
  }
}

// MARK: - Printing

extension Tensor: CustomStringConvertible {
  public var description: String {
    func format(_ value: Float) -> String {
      value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : String(value)
    }
    func render(offset: Int, axis: Int) -> String {
      if axis == rank { return format(scalars[offset]) }
      let stride = shape[(axis + 1)...].elementCount
      let items = (0..<shape[axis]).map { render(offset: offset + $0 * stride, axis: axis + 1) }
      return "[" + items.joined(separator: ", ") + "]"
    }
    if scalarCount > 1000 { return "Tensor(shape: \(shape), \(scalarCount) elements)" }
    return render(offset: 0, axis: 0)
  }
}
