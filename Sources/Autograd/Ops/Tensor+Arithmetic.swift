import Foundation

// Element-wise arithmetic between two tensors, with NumPy broadcasting: the
// shapes are aligned at their last dimension, and a dimension of size 1 (or a
// missing one) is repeated to match the other. The backward of a broadcast
// input sums the gradient over the dimensions that were repeated.

/// The shape two shapes broadcast to, or a trap naming the operation and both shapes.
func broadcastShape(_ first: [Int], _ second: [Int], operation: String) -> [Int] {
  if first == second { return first }
  let rank = max(first.count, second.count)
  let paddedFirst = [Int](repeating: 1, count: rank - first.count) + first
  let paddedSecond = [Int](repeating: 1, count: rank - second.count) + second
  return zip(paddedFirst, paddedSecond).map { left, right in
    check(
      left == right || left == 1 || right == 1,
      "\(operation): shapes \(first) and \(second) cannot be broadcast together")
    return left == 1 ? right : left  // not max: a 1 broadcasts to an empty 0 too
  }
}

/// The strides to read a tensor of `shape` as if it had `outputShape`: 0 on
/// every dimension that is repeated.
func broadcastStrides(of shape: [Int], to outputShape: [Int]) -> [Int] {
  let padded = [Int](repeating: 1, count: outputShape.count - shape.count) + shape
  var strides = [Int](repeating: 0, count: outputShape.count)
  var stride = 1
  for axis in padded.indices.reversed() {
    strides[axis] = padded[axis] == 1 ? 0 : stride
    stride *= padded[axis]
  }
  return strides
}

extension Tensor {
  /// Combines two tensors element by element after broadcasting them.
  ///
  /// Equal shapes and a one-element operand take a single flat loop; other
  /// shapes walk the output row by row, with the last dimension innermost.
  static func combine(
    _ first: Tensor, _ second: Tensor, operation: String, _ body: (Float, Float) -> Float
  ) -> Tensor {
    let shape = broadcastShape(first.shape, second.shape, operation: operation)
    return Tensor(shape: shape) { output in
      first.withUnsafeScalars { a in
        second.withUnsafeScalars { b in
          if first.shape == second.shape {
            for index in output.indices { output[index] = body(a[index], b[index]) }
          } else if b.count == 1 && a.count == output.count {
            let constant = b[0]
            for index in output.indices { output[index] = body(a[index], constant) }
          } else if a.count == 1 && b.count == output.count {
            let constant = a[0]
            for index in output.indices { output[index] = body(constant, b[index]) }
          } else {
            combineBroadcast(a, first.shape, b, second.shape, into: output, shape: shape, body)
          }
        }
      }
    }
  }

  private static func combineBroadcast(
    _ a: UnsafeBufferPointer<Float>, _ firstShape: [Int],
    _ b: UnsafeBufferPointer<Float>, _ secondShape: [Int],
    into output: UnsafeMutableBufferPointer<Float>, shape: [Int],
    _ body: (Float, Float) -> Float
  ) {
    guard !output.isEmpty else { return }
    let rank = shape.count
    let stridesA = broadcastStrides(of: firstShape, to: shape)
    let stridesB = broadcastStrides(of: secondShape, to: shape)
    let rowLength = shape[rank - 1]
    let rowStrideA = stridesA[rank - 1]
    let rowStrideB = stridesB[rank - 1]
    var counter = [Int](repeating: 0, count: rank)
    var offsetA = 0
    var offsetB = 0
    var outputIndex = 0
    while outputIndex < output.count {
      for column in 0..<rowLength {
        output[outputIndex + column] = body(a[offsetA + column * rowStrideA], b[offsetB + column * rowStrideB])
      }
      outputIndex += rowLength
      // Advance the counter over every dimension but the last, like an odometer.
      var axis = rank - 2
      while axis >= 0 {
        counter[axis] += 1
        offsetA += stridesA[axis]
        offsetB += stridesB[axis]
        if counter[axis] < shape[axis] { break }
        offsetA -= stridesA[axis] * shape[axis]
        offsetB -= stridesB[axis] * shape[axis]
        counter[axis] = 0
        axis -= 1
      }
    }
  }

  /// This gradient summed down to `shape`, undoing a broadcast from `shape`
  /// to this tensor's shape.
  func reduced(toShape target: [Int]) -> Tensor {
    if shape == target { return self }
    let padded = [Int](repeating: 1, count: rank - target.count) + target
    let axes = padded.indices.filter { padded[$0] == 1 && shape[$0] != 1 }
    return sum(alongAxes: axes, keepingDimensions: true).reshaped(to: target)
  }
}

// MARK: - Operators

extension Tensor {
  public static func + (first: Tensor, second: Tensor) -> Tensor {
    var result = combine(first, second, operation: "add", +)
    if shouldRecord(first, second) {
      let (firstShape, secondShape) = (first.shape, second.shape)
      result.record("add", inputs: [first, second]) { gradient in
        [gradient.reduced(toShape: firstShape), gradient.reduced(toShape: secondShape)]
      }
    }
    return result
  }

  public static func - (first: Tensor, second: Tensor) -> Tensor {
    var result = combine(first, second, operation: "sub", -)
    if shouldRecord(first, second) {
      let (firstShape, secondShape) = (first.shape, second.shape)
      let needsSecond = second.requiresGradient
      result.record("sub", inputs: [first, second]) { gradient in
        [gradient.reduced(toShape: firstShape), needsSecond ? (-gradient).reduced(toShape: secondShape) : nil]
      }
    }
    return result
  }

  public static func * (first: Tensor, second: Tensor) -> Tensor {
    var result = combine(first, second, operation: "mul", *)
    if shouldRecord(first, second) {
      let (a, b) = (first.detached(), second.detached())
      let (needsFirst, needsSecond) = (first.requiresGradient, second.requiresGradient)
      result.record("mul", inputs: [first, second]) { gradient in
        [
          needsFirst ? (gradient * b).reduced(toShape: a.shape) : nil,
          needsSecond ? (gradient * a).reduced(toShape: b.shape) : nil,
        ]
      }
    }
    return result
  }

  public static func / (first: Tensor, second: Tensor) -> Tensor {
    var result = combine(first, second, operation: "div", /)
    if shouldRecord(first, second) {
      let (a, b) = (first.detached(), second.detached())
      let (needsFirst, needsSecond) = (first.requiresGradient, second.requiresGradient)
      result.record("div", inputs: [first, second]) { gradient in
        [
          needsFirst ? (gradient / b).reduced(toShape: a.shape) : nil,
          needsSecond ? (-gradient * a / (b * b)).reduced(toShape: b.shape) : nil,
        ]
      }
    }
    return result
  }

  /// Each element of `self` raised to the matching element of `exponent`.
  ///
  /// The gradient with respect to the exponent uses log(self), so it is only
  /// finite where the base is positive.
  public func pow(_ exponent: Tensor) -> Tensor {
    var result = Tensor.combine(self, exponent, operation: "pow") { powf($0, $1) }
    if Tensor.shouldRecord(self, exponent) {
      let (base, power, output) = (self.detached(), exponent.detached(), result.detached())
      let (needsBase, needsExponent) = (requiresGradient, exponent.requiresGradient)
      result.record("pow", inputs: [self, exponent]) { gradient in
        [
          needsBase ? (gradient * power * base.pow(power - 1)).reduced(toShape: base.shape) : nil,
          needsExponent ? (gradient * output * base.log()).reduced(toShape: power.shape) : nil,
        ]
      }
    }
    return result
  }

  public static func += (first: inout Tensor, second: Tensor) { first = first + second }
  public static func -= (first: inout Tensor, second: Tensor) { first = first - second }
  public static func *= (first: inout Tensor, second: Tensor) { first = first * second }
}
