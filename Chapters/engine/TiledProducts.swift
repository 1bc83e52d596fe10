import Autograd
import CourseKit
import Foundation
import Workloads

/// The core's tiled product against sgemm on one core: the three products
/// of W4's widening layer as one core computes them (half of the batch's
/// 4096 positions), each kernel forced; then W4's training step on two
/// cores under the default (`.automatic`) and under sgemm alone.
func tiledProducts(_ chapter: ChapterRun) {
  chapter.section("A product that reads in place")
  let (rows, inner, columns) = chapter.isQuick ? (512, 128, 512) : (2048, 128, 512)
  let (a, b, g) = layerProductOperands(rows: rows, inner: inner, columns: columns, seed: chapter.seed &+ 96)
  let products: [(name: String, compute: () -> Tensor)] = [
    ("forward", { a.matmul(b) }), ("input_gradient", { g.matmul(b, transposeOther: true) }),
    ("weight_gradient", { a.matmul(g, transposeSelf: true) }),
  ]
  let kernels: [ExecutionPolicy.ProductKernel] = [.sgemm, .tiled]
  func under<Result>(_ kernel: ExecutionPolicy.ProductKernel, _ body: () -> Result) -> Result {
    with(productKernel: kernel) { with(threading: .single, body) }
  }
  let differences = products.map { product in
    largestDifference(under(.sgemm, product.compute), under(.tiled, product.compute))
  }
  let samples = alternatingSamples(
    rounds: repetitions(chapter, 15),
    products.flatMap { product in kernels.map { kernel in { _ = under(kernel, product.compute) } } })
  let flops = 2 * Double(rows * inner * columns)
  var timings: [(String, MetricValue)] = []
  var rates: [(String, MetricValue)] = []
  var verdicts: [(english: String, chinese: String)] = []
  // The Chinese names that start with a Latin letter carry the space that separates it from the Chinese before it.
  let names = ["forward": ("forward A·B", "前向 A·B"), "input_gradient": ("δC·Bᵀ", " δC·Bᵀ"), "weight_gradient": ("Aᵀ·δC", " Aᵀ·δC")]
  for (index, product) in products.enumerated() {
    let (sgemm, tiled) = (samples[2 * index], samples[2 * index + 1])
    timings.append((product.name, .object([("sgemm", .number(median(of: sgemm) * 1e3)), ("tiled", .number(median(of: tiled) * 1e3))])))
    rates.append((product.name, .object([("sgemm", .number(flops / median(of: sgemm) / 1e9)), ("tiled", .number(flops / median(of: tiled) / 1e9))])))
    let comparison = timeComparison(tiled, to: sgemm)
    let name = names[product.name]!
    verdicts.append(("the tiled \(name.0) took \(comparison) sgemm", comparison.chinese("用分块内核计算的\(name.1)", "sgemm")))
    chapter.say(product.name.padding(toLength: 16, withPad: " ", startingAt: 0)
      + String(format: "sgemm %.3f ms, tiled %.3f ms", median(of: sgemm) * 1e3, median(of: tiled) * 1e3))
  }
  chapter.metrics.record("tiled_shape", [rows, inner, columns])
  chapter.metrics.record("tiled_milliseconds", MetricValue.object(timings))
  chapter.metrics.record("tiled_gflops", MetricValue.object(rates))
  chapter.metrics.record("tiled_largest_difference", differences.max()!)
  chapter.metrics.record(
    "tiled_largest_differences", MetricValue.object(zip(products, differences).map { ($0.name, .number($1)) }))
  // After "On one core, in this run", in both editions ("本次运行中，在单核上，……").
  chapter.metrics.record(
    "tiled_time_verdicts", english: verdicts.map(\.english).joined(separator: "; "),
    chinese: verdicts.map(\.chinese).joined(separator: "；"))
  tiledStep(chapter)
}

/// W4's training step (the batch's two halves at once, as the chapters
/// train) under the default kernel choice and under sgemm for every product.
private func tiledStep(_ chapter: ChapterRun) {
  let step = BenchmarkTrainingStep(workload: .w4(), batchCount: 2, random: RandomGenerator(seed: chapter.seed &+ 97))
  let ways: [ExecutionPolicy.ProductKernel] = [.sgemm, .automatic]
  let samples = with(threading: .halves) {
    alternatingSamples(rounds: chapter.isQuick ? 1 : 9, ways.map { kernel in {
      with(productKernel: kernel) { for _ in 0..<2 { step.runInHalves() } }
    } })
  }
  let milliseconds = samples.map { median(of: $0) / 2 * 1e3 }
  chapter.metrics.record("tiled_step_milliseconds", MetricValue.object([("sgemm", .number(milliseconds[0])), ("automatic", .number(milliseconds[1]))]))
  let comparison = timeComparison(samples[1], to: samples[0])
  let usesTiled = ExecutionPolicy.ProductKernel.automaticUsesTiled
  let tilesMost = ExecutionPolicy.ProductKernel.automaticTilesMostProducts
  let kernelSet = ExecutionPolicy.openBLASKernelSet
  chapter.metrics.record("tiled_automatic", usesTiled)
  chapter.metrics.record("tiled_automatic_most_products", tilesMost)
  // Which of the default's two rules this run met, a sentence of its own after the rule's paragraph, in both editions.
  chapter.metrics.record(
    "tiled_rule_verdict",
    english: !usesTiled
      ? "This build is not for x86-64-v4, so neither rule applies: the default keeps sgemm for every product of more "
        + "than one row"
      : tilesMost
        ? "In this run OpenBLAS ran its \(kernelSet) kernels, not AVX-512 ones, so the default followed the second rule"
        : "In this run OpenBLAS ran its \(kernelSet) kernels, AVX-512 ones, so the default followed the first rule",
    chinese: !usesTiled
      ? "这次构建不面向 x86-64-v4，两条规则都不适用：默认设置对每个多于一行的乘法都保留 sgemm"
      : tilesMost
        ? "本次运行中 OpenBLAS 运行的是它的 \(kernelSet) 内核，不是 AVX-512 内核，所以默认设置按第二条规则选择"
        : "本次运行中 OpenBLAS 运行的是它的 \(kernelSet) 内核，即 AVX-512 内核，所以默认设置按第一条规则选择")
  // A sentence of its own in both editions; the text gives both times after it.
  chapter.metrics.record(
    "tiled_step_verdict",
    english: usesTiled
      ? "This build is for x86-64-v4, so the default sends "
        + (tilesMost ? "every one of W4's products" : "W4's layer products but the readout's forward product and weight gradient")
        + " to the tiled kernel: on two cores (the batch's halves at once), W4's training step took \(comparison) the "
        + "same step with sgemm for every product"
      : "This build is not for x86-64-v4, so the default keeps sgemm for every product of more than one row, and W4's "
        + "training step on two "
        + "cores ran the same code both ways: any difference between the two times is the machine's load and the order "
        + "of the rounds, not the kernel",
    chinese: usesTiled
      ? "这次构建面向 x86-64-v4，所以默认设置把 " + (tilesMost ? "W4 的全部矩阵乘法" : "W4 各层的矩阵乘法（读出层的前向乘法和权重梯度除外）")
        + "交给分块内核：在两个核上（批量的两半同时计算），"
        + comparison.chinese("W4 的训练步", "所有乘法都用 sgemm 的同一训练步")
      : "这次构建不面向 x86-64-v4，所以默认设置对每个多于一行的乘法都保留 sgemm，W4 在两个核上的训练步两种方式运行的是同一段代码："
        + "两个时间之间的任何差别都来自机器的负载和各轮的先后，而不是内核")
  chapter.say(String(format: "W4 step: sgemm %.2f ms, default %.2f ms", milliseconds[0], milliseconds[1]))
}
