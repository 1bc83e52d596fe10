// Reference solutions of Exercises/Compression.swift. The exercise checks run
// against these too, so that every check is proven passable.

import Foundation

public func magnitudeMask(_ weights: [Double], removing fraction: Double) -> [Int] {
  let removed = Int((fraction * Double(weights.count)).rounded())
  let order = weights.indices.sorted { (abs(weights[$0]), $0) < (abs(weights[$1]), $1) }
  var mask = [Int](repeating: 1, count: weights.count)
  for index in order.prefix(removed) { mask[index] = 0 }
  return mask
}

public func perChannelScales(_ weights: [[Double]]) -> [Double] {
  (0..<(weights.first?.count ?? 0)).map { column in
    let largest = weights.reduce(0) { max($0, abs($1[column])) }
    return largest > 0 ? largest / 127 : 1
  }
}

public func quantizeLevels(_ values: [Double], scale: Double, lowest: Int, highest: Int) -> [Int] {
  values.map { min(max(Int((($0 / scale)).rounded(.toNearestOrEven)), lowest), highest) }
}

public func int8DotProduct(_ activations: [UInt8], _ weights: [Int8]) -> Int {
  Int(zip(activations, weights).reduce(Int32(0)) { $0 + Int32($1.0) * Int32($1.1) })
}

public func requantizedLevel(
  sum: Int, inputScale: Double, weightScale: Double, bias: Double, outputScale: Double
) -> Int {
  let level = ((inputScale * weightScale * Double(sum) + bias) / outputScale).rounded(.toNearestOrEven)
  return Int(min(max(level, 0), 127))
}

public func distillationLoss(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  let count = Double(labels.count)
  var soft = 0.0
  var hard = 0.0
  for (row, label) in labels.enumerated() {
    let targets = softmaxOfRow(teacher[row].map { $0 / temperature })
    let logProbabilities = logSoftmaxOfRow(student[row].map { $0 / temperature })
    soft -= zip(targets, logProbabilities).reduce(0) { $0 + $1.0 * $1.1 }
    hard -= logSoftmaxOfRow(student[row])[label]
  }
  return alpha * temperature * temperature * soft / count + (1 - alpha) * hard / count
}

/// The log-softmax of a row, with its largest entry subtracted first.
private func logSoftmaxOfRow(_ row: [Double]) -> [Double] {
  let largest = row.max() ?? 0
  let logTotal = log(row.reduce(0) { $0 + exp($1 - largest) })
  return row.map { $0 - largest - logTotal }
}

private func softmaxOfRow(_ row: [Double]) -> [Double] { logSoftmaxOfRow(row).map { exp($0) } }
