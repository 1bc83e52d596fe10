// Wrong implementations of chapter 9's exercises (Exercises/Engine.swift).

import ExerciseSolutions
import Foundation

let engineMistakes: [Mistake] = [
  Mistake("engine.denseLayerCost", "denseCostCountingMultiplyAddsOnce", denseCostCountingMultiplyAddsOnce),
  Mistake("engine.denseLayerCost", "denseCostWithoutBias", denseCostWithoutBias),
  Mistake("engine.denseLayerCost", "denseCostInFloats", denseCostInFloats),
  Mistake("engine.denseLayerCost", "denseCostWithoutWritingOutput", denseCostWithoutWritingOutput),
  Mistake("engine.convolutionLayerCost", "convolutionCostOnInputPixels", convolutionCostOnInputPixels),
  Mistake("engine.convolutionLayerCost", "convolutionCostOffByOne", convolutionCostOffByOne),
  Mistake("engine.convolutionLayerCost", "convolutionCostWithoutChannels", convolutionCostWithoutChannels),
  Mistake("engine.convolutionLayerCost", "convolutionCostOfOneFilter", convolutionCostOfOneFilter),
  Mistake("engine.tiledMatrixProduct", "tiledDroppingPartialTiles", tiledDroppingPartialTiles),
  Mistake("engine.tiledMatrixProduct", "tiledOverwritingInnerTiles", tiledOverwritingInnerTiles),
  Mistake("engine.tiledMatrixProduct", "tiledReadingBTransposed", tiledReadingBTransposed),
  Mistake("engine.winogradStep", "winogradFlippingFilter", winogradFlippingFilter),
  Mistake("engine.winogradStep", "winogradWithoutHalves", winogradWithoutHalves),
  Mistake("engine.winogradStep", "winogradAddingM4", winogradAddingM4),
  Mistake("engine.winogradStep", "winogradSwappingM2AndM3Signs", winogradSwappingM2AndM3Signs),
  Mistake("engine.cachedAttentionStep", "cachedStepAttendingBeforeAppending", cachedStepAttendingBeforeAppending),
  Mistake("engine.cachedAttentionStep", "cachedStepKeepingOnlyNewest", cachedStepKeepingOnlyNewest),
  Mistake("engine.cachedAttentionStep", "cachedStepWithoutScaling", cachedStepWithoutScaling),
  Mistake("engine.cachedAttentionStep", "cachedStepWithoutShift", cachedStepWithoutShift),
  Mistake("engine.cachedAttentionStep", "cachedStepPrependingToCache", cachedStepPrependingToCache),
]

/// One flop per multiply-add: half the arithmetic.
func denseCostCountingMultiplyAddsOnce(batch: Int, inputs: Int, outputs: Int) -> (flops: Int, bytes: Int) {
  let cost = denseLayerCost(batch: batch, inputs: inputs, outputs: outputs)
  return (cost.flops - batch * inputs * outputs, cost.bytes)
}

/// Forgets the bias: its additions and its floats.
func denseCostWithoutBias(batch: Int, inputs: Int, outputs: Int) -> (flops: Int, bytes: Int) {
  (2 * batch * inputs * outputs, 4 * (batch * inputs + inputs * outputs + batch * outputs))
}

/// Counts floats, not bytes.
func denseCostInFloats(batch: Int, inputs: Int, outputs: Int) -> (flops: Int, bytes: Int) {
  let cost = denseLayerCost(batch: batch, inputs: inputs, outputs: outputs)
  return (cost.flops, cost.bytes / 4)
}

/// Counts what is read, not the output written.
func denseCostWithoutWritingOutput(batch: Int, inputs: Int, outputs: Int) -> (flops: Int, bytes: Int) {
  let cost = denseLayerCost(batch: batch, inputs: inputs, outputs: outputs)
  return (cost.flops, cost.bytes - 4 * batch * outputs)
}

/// Takes the output as large as the input (as if padded).
func convolutionCostOnInputPixels(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernelSize: Int) -> (flops: Int, bytes: Int) {
  let outputs = batch * side * side * outChannels
  return (2 * outputs * kernelSize * kernelSize * inChannels,
    4 * (batch * side * side * inChannels + kernelSize * kernelSize * inChannels * outChannels + outputs))
}

/// An output side of side − kernelSize, one too few.
func convolutionCostOffByOne(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernelSize: Int) -> (flops: Int, bytes: Int) {
  let outputSide = side - kernelSize
  let outputs = batch * outputSide * outputSide * outChannels
  return (2 * outputs * kernelSize * kernelSize * inChannels,
    4 * (batch * side * side * inChannels + kernelSize * kernelSize * inChannels * outChannels + outputs))
}

/// Sums over the kernel's pixels only, not over the input channels.
func convolutionCostWithoutChannels(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernelSize: Int) -> (flops: Int, bytes: Int) {
  let cost = convolutionLayerCost(batch: batch, side: side, inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize)
  return (cost.flops / inChannels, cost.bytes)
}

/// Counts one filter's outputs.
func convolutionCostOfOneFilter(batch: Int, side: Int, inChannels: Int, outChannels: Int, kernelSize: Int) -> (flops: Int, bytes: Int) {
  convolutionLayerCost(batch: batch, side: side, inChannels: inChannels, outChannels: 1, kernelSize: kernelSize)
}

/// Tiles only as far as whole tiles reach: the rows, columns and terms past the last whole tile are lost.
func tiledDroppingPartialTiles(_ a: [[Double]], _ b: [[Double]], tileSize: Int) -> [[Double]] {
  let (rows, inner, columns) = (a.count, b.count, b.first?.count ?? 0)
  var result = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
  let whole = { (side: Int) in max(side / tileSize * tileSize, 0) }
  for rowStart in stride(from: 0, to: whole(rows), by: tileSize) {
    for columnStart in stride(from: 0, to: whole(columns), by: tileSize) {
      for innerStart in stride(from: 0, to: whole(inner), by: tileSize) {
        for row in rowStart..<(rowStart + tileSize) {
          for column in columnStart..<(columnStart + tileSize) {
            for index in innerStart..<(innerStart + tileSize) { result[row][column] += a[row][index] * b[index][column] }
          }
        }
      }
    }
  }
  return result
}

/// Each inner tile replaces the sum instead of adding to it: only the last tile's share survives.
func tiledOverwritingInnerTiles(_ a: [[Double]], _ b: [[Double]], tileSize: Int) -> [[Double]] {
  let (rows, inner, columns) = (a.count, b.count, b.first?.count ?? 0)
  var result = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
  for innerStart in stride(from: 0, to: inner, by: tileSize) {
    for row in 0..<rows {
      for column in 0..<columns {
        var sum = 0.0
        for index in innerStart..<min(innerStart + tileSize, inner) { sum += a[row][index] * b[index][column] }
        result[row][column] = sum
      }
    }
  }
  return result
}

/// Reads b[column][index]: the product with bᵀ, where the shapes allow it.
func tiledReadingBTransposed(_ a: [[Double]], _ b: [[Double]], tileSize: Int) -> [[Double]] {
  let (rows, inner, columns) = (a.count, b.count, b.first?.count ?? 0)
  var result = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
  for row in 0..<rows {
    for column in 0..<columns where column < b.count {
      for index in 0..<min(inner, b[column].count) { result[row][column] += a[row][index] * b[column][index] }
    }
  }
  return result
}

/// A true convolution: the filter flipped.
func winogradFlippingFilter(input: [Double], filter: [Double]) -> [Double] {
  winogradStep(input: input, filter: filter.reversed())
}

/// Drops the halves of m₂ and m₃.
func winogradWithoutHalves(input d: [Double], filter g: [Double]) -> [Double] {
  let m1 = (d[0] - d[2]) * g[0]
  let m2 = (d[1] + d[2]) * (g[0] + g[1] + g[2])
  let m3 = (d[2] - d[1]) * (g[0] - g[1] + g[2])
  let m4 = (d[1] - d[3]) * g[2]
  return [m1 + m2 + m3, m2 - m3 - m4]
}

/// y₁ = m₂ − m₃ + m₄: a sign slip.
func winogradAddingM4(input d: [Double], filter g: [Double]) -> [Double] {
  let reference = winogradStep(input: d, filter: g)
  return [reference[0], reference[1] + 2 * (d[1] - d[3]) * g[2]]
}

/// y₀ = m₁ + m₂ − m₃ and y₁ = m₂ + m₃ − m₄.
func winogradSwappingM2AndM3Signs(input d: [Double], filter g: [Double]) -> [Double] {
  let m1 = (d[0] - d[2]) * g[0]
  let m2 = (d[1] + d[2]) * (g[0] + g[1] + g[2]) / 2
  let m3 = (d[2] - d[1]) * (g[0] - g[1] + g[2]) / 2
  let m4 = (d[1] - d[3]) * g[2]
  return [m1 + m2 - m3, m2 + m3 - m4]
}

/// Attends over the cached positions only, then appends: the new position never sees itself
/// (with empty caches, a zero output).
func cachedStepAttendingBeforeAppending(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  guard !keys.isEmpty else { return ([Double](repeating: 0, count: newValue.count), [newKey], [newValue]) }
  let attended = cachedAttentionStep(
    query: query, newKey: keys[keys.count - 1], newValue: values[values.count - 1], keys: Array(keys.dropLast()),
    values: Array(values.dropLast()))
  return (attended.output, keys + [newKey], values + [newValue])
}

/// Replaces the cache by the new position instead of growing it.
func cachedStepKeepingOnlyNewest(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  cachedAttentionStep(query: query, newKey: newKey, newValue: newValue, keys: [], values: [])
}

/// Forgets to divide the scores by √d.
func cachedStepWithoutScaling(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  // Scaling the query by √d cancels the division inside.
  let scale = Double(query.count).squareRoot()
  return cachedAttentionStep(query: query.map { $0 * scale }, newKey: newKey, newValue: newValue, keys: keys, values: values)
}

/// Exponentiates the scores without subtracting the largest: e^2263 overflows to inf, and inf/inf is nan.
func cachedStepWithoutShift(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  let (keys, values) = (keys + [newKey], values + [newValue])
  let scale = Double(query.count).squareRoot()
  let exponentials = keys.map { key in exp(zip(query, key).reduce(0) { $0 + $1.0 * $1.1 } / scale) }
  let total = exponentials.reduce(0, +)
  let output = newValue.indices.map { index in zip(exponentials, values).reduce(0.0) { $0 + $1.0 / total * $1.1[index] } }
  return (output, keys, values)
}

/// Puts the new position first in the cache: the output is right, the cache's order is not.
func cachedStepPrependingToCache(
  query: [Double], newKey: [Double], newValue: [Double], keys: [[Double]], values: [[Double]]
) -> (output: [Double], keys: [[Double]], values: [[Double]]) {
  let result = cachedAttentionStep(query: query, newKey: newKey, newValue: newValue, keys: keys, values: values)
  return (result.output, [newKey] + keys, [newValue] + values)
}
