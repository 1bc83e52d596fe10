// Wrong implementations of chapter 8's exercises (Exercises/Compression.swift).

import ExerciseSolutions
import Foundation

let compressionMistakes: [Mistake] = [
  Mistake("compression.magnitudeMask", "maskBySignedValue", maskBySignedValue),
  Mistake("compression.magnitudeMask", "maskKeepingTheSmallest", maskKeepingTheSmallest),
  Mistake("compression.magnitudeMask", "maskRemovingTooFew", maskRemovingTooFew),
  Mistake("compression.magnitudeMask", "maskBreakingTiesFromTheEnd", maskBreakingTiesFromTheEnd),
  Mistake("compression.perChannelScales", "scalesPerRow", scalesPerRow),
  Mistake("compression.perChannelScales", "oneScaleForTheMatrix", oneScaleForTheMatrix),
  Mistake("compression.perChannelScales", "scalesOver128", scalesOver128),
  Mistake("compression.perChannelScales", "scalesOfSignedMaximum", scalesOfSignedMaximum),
  Mistake("compression.quantizeLevels", "quantizeRoundingHalfAway", quantizeRoundingHalfAway),
  Mistake("compression.quantizeLevels", "quantizeTruncating", quantizeTruncating),
  Mistake("compression.quantizeLevels", "quantizeWithoutClamping", quantizeWithoutClamping),
  Mistake("compression.quantizeLevels", "quantizeMultiplyingByScale", quantizeMultiplyingByScale),
  Mistake("compression.int8DotProduct", "dotIn16Bits", dotIn16Bits),
  Mistake("compression.int8DotProduct", "dotReadingWeightsUnsigned", dotReadingWeightsUnsigned),
  Mistake("compression.int8DotProduct", "dotSaturatingPairs", dotSaturatingPairs),
  Mistake("compression.requantizedLevel", "requantizeWithoutClamp", requantizeWithoutClamp),
  Mistake("compression.requantizedLevel", "requantizeAddingBiasAfterDividing", requantizeAddingBiasAfterDividing),
  Mistake("compression.requantizedLevel", "requantizeTruncating", requantizeTruncating),
  Mistake("compression.requantizedLevel", "requantizeRoundingHalfAway", requantizeRoundingHalfAway),
  Mistake("compression.distillationLoss", "distillationWithoutSquaredTemperature", distillationWithoutSquaredTemperature),
  Mistake("compression.distillationLoss", "distillationSofteningTheLabelTerm", distillationSofteningTheLabelTerm),
  Mistake("compression.distillationLoss", "distillationSofteningOnlyTheTeacher", distillationSofteningOnlyTheTeacher),
  Mistake("compression.distillationLoss", "distillationWithoutShift", distillationWithoutShift),
  Mistake("compression.distillationLoss", "distillationSummingOverTheBatch", distillationSummingOverTheBatch),
]

/// Removes the most negative weights instead of the smallest magnitudes.
func maskBySignedValue(_ weights: [Double], removing fraction: Double) -> [Int] {
  magnitudeMask(weights.map { $0 + 10 }, removing: fraction)
}

/// Keeps the smallest weights and removes the largest.
func maskKeepingTheSmallest(_ weights: [Double], removing fraction: Double) -> [Int] {
  magnitudeMask(weights.map { 1 / max(abs($0), 1e-9) }, removing: fraction)
}

/// Rounds the count of removed weights down.
func maskRemovingTooFew(_ weights: [Double], removing fraction: Double) -> [Int] {
  let removed = Int(fraction * Double(weights.count))
  return magnitudeMask(weights, removing: Double(removed) / Double(max(weights.count, 1)) - 1e-12)
}

/// Removes tied weights from the last position first.
func maskBreakingTiesFromTheEnd(_ weights: [Double], removing fraction: Double) -> [Int] {
  Array(magnitudeMask(weights.reversed(), removing: fraction).reversed())
}

/// One scale per row (input) instead of per column (output channel).
func scalesPerRow(_ weights: [[Double]]) -> [Double] {
  let rows = weights.map { row in max(row.map(abs).max() ?? 0, 0) / 127 }
  return (0..<(weights.first?.count ?? 0)).map { rows[min($0, rows.count - 1)] }
}

/// One scale for the whole matrix, repeated.
func oneScaleForTheMatrix(_ weights: [[Double]]) -> [Double] {
  let largest = weights.joined().map(abs).max() ?? 0
  return [Double](repeating: largest > 0 ? largest / 127 : 1, count: weights.first?.count ?? 0)
}

/// Divides by 128, the number of non-negative levels, instead of 127.
func scalesOver128(_ weights: [[Double]]) -> [Double] {
  perChannelScales(weights).map { $0 == 1 ? 1 : $0 * 127 / 128 }
}

/// Takes each column's largest signed weight instead of its largest magnitude.
func scalesOfSignedMaximum(_ weights: [[Double]]) -> [Double] {
  (0..<(weights.first?.count ?? 0)).map { column in
    let largest = weights.map { $0[column] }.max() ?? 0
    return largest > 0 ? largest / 127 : 1
  }
}

/// Rounds ties away from zero (Swift's default `rounded()`), not to even.
func quantizeRoundingHalfAway(_ values: [Double], scale: Double, lowest: Int, highest: Int) -> [Int] {
  values.map { min(max(Int(($0 / scale).rounded()), lowest), highest) }
}

/// Truncates toward zero instead of rounding.
func quantizeTruncating(_ values: [Double], scale: Double, lowest: Int, highest: Int) -> [Int] {
  values.map { min(max(Int($0 / scale), lowest), highest) }
}

/// Forgets the clamp.
func quantizeWithoutClamping(_ values: [Double], scale: Double, lowest: Int, highest: Int) -> [Int] {
  values.map { Int(($0 / scale).rounded(.toNearestOrEven)) }
}

/// Multiplies by the scale instead of dividing.
func quantizeMultiplyingByScale(_ values: [Double], scale: Double, lowest: Int, highest: Int) -> [Int] {
  values.map { min(max(Int(($0 * scale).rounded(.toNearestOrEven)), lowest), highest) }
}

/// Adds the products in a 16-bit integer, which wraps around.
func dotIn16Bits(_ activations: [UInt8], _ weights: [Int8]) -> Int {
  Int(zip(activations, weights).reduce(Int16(0)) { $0 &+ Int16(truncatingIfNeeded: Int32($1.0) * Int32($1.1)) })
}

/// Reads the weights' bytes as unsigned: −100 becomes 156.
func dotReadingWeightsUnsigned(_ activations: [UInt8], _ weights: [Int8]) -> Int {
  zip(activations, weights).reduce(0) { $0 + Int($1.0) * Int(UInt8(bitPattern: $1.1)) }
}

/// Adds products in pairs saturated to 16 bits, as vpmaddubsw does with full 8-bit activations.
func dotSaturatingPairs(_ activations: [UInt8], _ weights: [Int8]) -> Int {
  stride(from: 0, to: activations.count, by: 2).reduce(0) { total, start in
    let pair = (start..<min(start + 2, activations.count)).reduce(0) { $0 + Int(activations[$1]) * Int(weights[$1]) }
    return total + min(max(pair, Int(Int16.min)), Int(Int16.max))
  }
}

/// Leaves negative and large outputs unclamped.
func requantizeWithoutClamp(sum: Int, inputScale: Double, weightScale: Double, bias: Double, outputScale: Double) -> Int {
  Int(((inputScale * weightScale * Double(sum) + bias) / outputScale).rounded(.toNearestOrEven))
}

/// Adds the bias in output levels as if it were a level already.
func requantizeAddingBiasAfterDividing(
  sum: Int, inputScale: Double, weightScale: Double, bias: Double, outputScale: Double
) -> Int {
  Int(min(max((inputScale * weightScale * Double(sum) / outputScale + bias).rounded(.toNearestOrEven), 0), 127))
}

/// Truncates instead of rounding.
func requantizeTruncating(sum: Int, inputScale: Double, weightScale: Double, bias: Double, outputScale: Double) -> Int {
  Int(min(max(((inputScale * weightScale * Double(sum) + bias) / outputScale).rounded(.towardZero), 0), 127))
}

/// Rounds ties away from zero.
func requantizeRoundingHalfAway(sum: Int, inputScale: Double, weightScale: Double, bias: Double, outputScale: Double) -> Int {
  Int(min(max(((inputScale * weightScale * Double(sum) + bias) / outputScale).rounded(), 0), 127))
}

/// Forgets the T² factor of the soft term.
func distillationWithoutSquaredTemperature(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  let hard = distillationLoss(student: student, teacher: teacher, labels: labels, temperature: temperature, alpha: 0)
  let soft = distillationLoss(student: student, teacher: teacher, labels: labels, temperature: temperature, alpha: 1)
  return alpha * soft / (temperature * temperature) + (1 - alpha) * hard
}

/// Divides the student's logits by T in the label term too.
func distillationSofteningTheLabelTerm(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  let soft = distillationLoss(student: student, teacher: teacher, labels: labels, temperature: temperature, alpha: 1)
  let hard = distillationLoss(
    student: student.map { $0.map { $0 / temperature } }, teacher: teacher, labels: labels, temperature: 1, alpha: 0)
  return alpha * soft + (1 - alpha) * hard
}

/// Softens the teacher but not the student in the soft term.
func distillationSofteningOnlyTheTeacher(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  let hard = distillationLoss(student: student, teacher: teacher, labels: labels, temperature: temperature, alpha: 0)
  let soft = distillationLoss(
    student: student.map { $0.map { $0 * temperature } }, teacher: teacher, labels: labels, temperature: temperature, alpha: 1)
  return alpha * soft + (1 - alpha) * hard
}

/// Exponentiates the logits without subtracting the largest: e^500 overflows.
func distillationWithoutShift(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  func logSoftmax(_ row: [Double]) -> [Double] {
    let total = row.reduce(0) { $0 + exp($1) }
    return row.map { $0 - log(total) }
  }
  var (soft, hard) = (0.0, 0.0)
  for (row, label) in labels.enumerated() {
    let targets = logSoftmax(teacher[row].map { $0 / temperature }).map(exp)
    soft -= zip(targets, logSoftmax(student[row].map { $0 / temperature })).reduce(0) { $0 + $1.0 * $1.1 }
    hard -= logSoftmax(student[row])[label]
  }
  let count = Double(labels.count)
  return alpha * temperature * temperature * soft / count + (1 - alpha) * hard / count
}

/// Sums over the batch instead of taking the mean.
func distillationSummingOverTheBatch(
  student: [[Double]], teacher: [[Double]], labels: [Int], temperature: Double, alpha: Double
) -> Double {
  Double(labels.count) * distillationLoss(student: student, teacher: teacher, labels: labels, temperature: temperature, alpha: alpha)
}
