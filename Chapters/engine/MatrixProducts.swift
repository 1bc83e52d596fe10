import Autograd
import CourseKit
import Foundation

/// sgemm's transpose flags: the backward pass of C = A·B needs G·Bᵀ and
/// Aᵀ·G, and sgemm reads an operand transposed where it lies, so no copy is
/// made. Timed against copying the transpose first, on the shapes of W4's
/// widening MLP layer (4096 positions of 128 features times [128, 512]).
func transposeFlags(_ chapter: ChapterRun) {
  chapter.section("sgemm and its transpose flags")
  let (rows, inner, columns) = chapter.isQuick ? (512, 128, 512) : (4096, 128, 512)
  let (a, b, g) = layerProductOperands(rows: rows, inner: inner, columns: columns, seed: chapter.seed &+ 91)

  // region: transpose-flags
  // The backward of C = A·B: dA = G·Bᵀ and dB = Aᵀ·G, each one sgemm call with a flag set.
  let inputGradient = { g.matmul(b, transposeOther: true) }
  let weightGradient = { a.matmul(g, transposeSelf: true) }
  // The same with the transpose copied out first (transposed() writes a new tensor), then a plain product.
  let inputGradientByCopy = { g.matmul(b.transposed()) }
  let weightGradientByCopy = { a.transposed().matmul(g) }
  // endregion
  // The plain products on transposes copied beforehand: what reading through the flag costs, without the copy.
  let (bTransposed, aTransposed) = (b.transposed(), a.transposed())
  // This section is about sgemm: the products that the default would send to the tiled kernel stay on sgemm.
  let (differences, samples) = with(productKernel: .sgemm) {
    ([largestDifference(inputGradient(), inputGradientByCopy()), largestDifference(weightGradient(), weightGradientByCopy())],
      alternatingSamples(rounds: repetitions(chapter, 15), [
        { _ = a.matmul(b) }, { _ = inputGradient() }, { _ = inputGradientByCopy() }, { _ = weightGradient() },
        { _ = weightGradientByCopy() }, { _ = a.transposed() }, { _ = g.matmul(bTransposed) }, { _ = aTransposed.matmul(g) },
      ]))
  }
  let seconds = samples.map { median(of: $0) }
  let flops = 2 * Double(rows * inner * columns)
  let names = [
    "forward", "input_gradient_flag", "input_gradient_copy", "weight_gradient_flag", "weight_gradient_copy", "copy_of_a",
    "input_gradient_on_copy", "weight_gradient_on_copy",
  ]
  chapter.metrics.record("transpose_shape", [rows, inner, columns])
  chapter.metrics.record("transpose_milliseconds", MetricValue.object(zip(names, seconds).map { ($0, .number($1 * 1e3)) }))
  let products = zip(names, seconds).filter { $0.0 != "copy_of_a" }
  chapter.metrics.record("transpose_gflops", MetricValue.object(products.map { ($0, .number(flops / $1 / 1e9)) }))
  chapter.metrics.record("transpose_largest_difference", differences.max()!)
  let (inputComparison, weightComparison) = (timeComparison(samples[1], to: samples[2]), timeComparison(samples[3], to: samples[4]))
  // A sentence of its own in both editions.
  chapter.metrics.record("transpose_time_verdict",
    "With the flag, δA = δC·Bᵀ took \(timeComparison(samples[1], to: samples[2])) copying Bᵀ first, "
      + "and δB = Aᵀ·δC took \(timeComparison(samples[3], to: samples[4])) copying Aᵀ first; reading through the flag "
      + "took \(timeComparison(samples[1], to: samples[6])) multiplying by a Bᵀ copied beforehand, "
      + "and \(timeComparison(samples[3], to: samples[7])) multiplying by an Aᵀ copied beforehand")
  chapter.metrics.record("transpose_time_verdict@zh",
    "使用转置标志时，\(timeComparison(samples[1], to: samples[2]).chinese("计算 δA = δC·Bᵀ", "先复制 Bᵀ 的做法"))，"
      + "\(timeComparison(samples[3], to: samples[4]).chinese("计算 δB = Aᵀ·δC", "先复制 Aᵀ 的做法"))；"
      + "\(timeComparison(samples[1], to: samples[6]).chinese("通过标志读取 Bᵀ 的乘法", "乘以事先复制好的 Bᵀ"))，"
      + "\(timeComparison(samples[3], to: samples[7]).chinese("读取 Aᵀ 的乘法", "乘以事先复制好的 Aᵀ"))")
  for (name, time) in zip(names, seconds) { chapter.say(name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", time * 1e3)) }
  chapter.say(String(format: "the two ways agree to %.1e", differences.max()!))
}
