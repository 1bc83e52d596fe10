// Reference solutions of Exercises/Engine.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func denseLayerCost(batch: Int, inputs: Int, outputs: Int) -> (flops: Int, bytes: Int) {
  let flops = 2 * batch * inputs * outputs + batch * outputs
  let floats = batch * inputs + inputs * outputs + outputs + batch * outputs
  return (flops, 4 * floats)
}

public func convolutionLayerCost(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernelSize: Int) -> (flops: Int, bytes: Int) {
  let outputSide = side - kernelSize + 1
  let outputs = batch * outputSide * outputSide * outChannels
  let flops = 2 * outputs * kernelSize * kernelSize * inChannels
  let floats = batch * side * side * inChannels + kernelSize * kernelSize * inChannels * outChannels + outputs
  return (flops, 4 * floats)
}

public func tiledMatrixProduct(_ a: [[Double]], _ b: [[Double]], tileSize: Int) -> [[Double]] {
  let (rows, inner, columns) = (a.count, b.count, b.first?.count ?? 0)
  var result = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
  for rowStart in stride(from: 0, to: rows, by: tileSize) {
    for columnStart in stride(from: 0, to: columns, by: tileSize) {
      for innerStart in stride(from: 0, to: inner, by: tileSize) {
        for row in rowStart..<min(rowStart + tileSize, rows) {
          for column in columnStart..<min(columnStart + tileSize, columns) {
            var sum = result[row][column]
            for index in innerStart..<min(innerStart + tileSize, inner) { sum += a[row][index] * b[index][column] }
            result[row][column] = sum
          }
        }
      }
    }
  }
  return result
}

public func winogradStep(input d: [Double], filter g: [Double]) -> [Double] {
  let m1 = (d[0] - d[2]) * g[0]
  let m2 = (d[1] + d[2]) * (g[0] + g[1] + g[2]) / 2
  let m3 = (d[2] - d[1]) * (g[0] - g[1] + g[2]) / 2
  let m4 = (d[1] - d[3]) * g[2]
  return [m1 + m2 + m3, m2 - m3 - m4]
}

public func cachedAttentionStep(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  let (keys, values) = (keys + [newKey], values + [newValue])
  let scale = Double(query.count).squareRoot()
  let scores = keys.map { key in zip(query, key).reduce(0) { $0 + $1.0 * $1.1 } / scale }
  let largest = scores.max() ?? 0
  let exponentials = scores.map { exp($0 - largest) }
  let total = exponentials.reduce(0, +)
  var output = [Double](repeating: 0, count: newValue.count)
  for (weight, value) in zip(exponentials, values) {
    for index in output.indices { output[index] += weight / total * value[index] }
  }
  return (output, keys, values)
}
