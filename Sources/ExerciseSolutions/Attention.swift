// Reference solutions of Exercises/Attention.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func attentionForOneHead(query: [[Double]], key: [[Double]], value: [[Double]], causal: Bool) -> [[Double]] {
  let keySize = Double(query.first?.count ?? 1)
  let valueSize = value.first?.count ?? 0
  return query.enumerated().map { row, q in
    let visible = causal ? row + 1 : key.count
    let scores = key.prefix(visible).map { k in zip(q, k).reduce(0) { $0 + $1.0 * $1.1 } / keySize.squareRoot() }
    let weights = softmax(scores)
    var output = [Double](repeating: 0, count: valueSize)
    for (weight, v) in zip(weights, value) {
      for column in 0..<valueSize { output[column] += weight * v[column] }
    }
    return output
  }
}

public func causalSoftmax(_ scores: [[Double]]) -> [[Double]] {
  scores.enumerated().map { row, values in
    softmax(Array(values.prefix(row + 1))) + [Double](repeating: 0, count: values.count - row - 1)
  }
}

public func splitIntoAttentionHeads(_ x: [[Double]], headCount: Int) -> [[[Double]]] {
  let headSize = (x.first?.count ?? 0) / headCount
  return (0..<headCount).map { head in
    x.map { row in Array(row[(head * headSize)..<((head + 1) * headSize)]) }
  }
}

public func mergeAttentionHeads(_ heads: [[[Double]]]) -> [[Double]] {
  let time = heads.first?.count ?? 0
  return (0..<time).map { t in heads.flatMap { $0[t] } }
}

public func layerNormForward(_ x: [[Double]], gamma: [Double], beta: [Double], epsilon: Double) -> [[Double]] {
  x.map { row in
    let count = Double(row.count)
    let mean = row.reduce(0, +) / count
    let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
    let scale = 1 / (variance + epsilon).squareRoot()
    return row.indices.map { (row[$0] - mean) * scale * gamma[$0] + beta[$0] }
  }
}

/// The softmax of a non-empty list, with its largest entry subtracted first.
private func softmax(_ values: [Double]) -> [Double] {
  let largest = values.max() ?? 0
  let exponentials = values.map { exp($0 - largest) }
  let total = exponentials.reduce(0, +)
  return exponentials.map { $0 / total }
}
