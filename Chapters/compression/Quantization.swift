import Autograd
import CourseKit
import Foundation
import Plotting

/// Section: post-training int8 quantization: calibration, simulated against
/// real int8 inference, accuracy, and the speed of the integer kernels.
func quantize(_ chapter: ChapterRun, teacher: Sequential, data: FashionData) throws -> Int8Network {
  chapter.section("Post-training int8 quantization")
  let calibration = data.train.nhwcImages(at: data.calibration)
  let scales = calibratedScales(of: teacher, images: calibration)
  chapter.metrics.record("activation_scales", scales)
  chapter.metrics.record("activation_calibrated_maxima", scales.map { $0 * Float(largestActivationLevel) })
  let int8 = Int8Network(teacher, activationScales: scales)
  let conv2Scales = int8.layers[1].weights.scales
  chapter.metrics.record("conv2_smallest_weight_scale", conv2Scales.min()!)
  chapter.metrics.record("conv2_largest_weight_scale", conv2Scales.max()!)
  // With one scale for the layer (its largest), the channel of smallest weights would keep this many levels.
  chapter.metrics.record("conv2_levels_with_one_scale", Int((127 * conv2Scales.min()! / conv2Scales.max()!).rounded()))

  // Accuracy: float, simulated quantization and real int8 inference on the same test images.
  let test = data.test
  let images = { (range: Range<Int>) in test.nhwcImages(at: Array(range)) }
  let floatLogits = logits(of: teacher, for: test)
  let int8Logits = int8.logits(for: images, count: test.count)
  let simulated = Tensor.concatenated(stride(from: 0, to: test.count, by: 500).map {
    simulatedQuantization(of: teacher, scales: scales, images: images($0..<min($0 + 500, test.count))) }, alongAxis: 0)
  let (floatAccuracy, int8Accuracy) = (testAccuracy(floatLogits, test), testAccuracy(int8Logits, test))
  let agreement = accuracy(predictions: int8Logits.argmaxLastAxis(), labels: simulated.argmaxLastAxis())
  let simulatedGap = zip(int8Logits.scalars, simulated.scalars).map { abs($0 - $1) }.max() ?? 0
  chapter.say(String(format: "test accuracy: float32 %.4f, simulated int8 %.4f, int8 %.4f (%+.2f points); "
    + "int8 and simulated predictions agree on %.2f%% of images, logits within %.2g",
    floatAccuracy, testAccuracy(simulated, test), int8Accuracy, 100 * (int8Accuracy - floatAccuracy), 100 * agreement, simulatedGap))
  chapter.metrics.record("int8_test_accuracy", int8Accuracy)
  chapter.metrics.record("simulated_int8_test_accuracy", testAccuracy(simulated, test))
  chapter.metrics.record("int8_accuracy_change_points", 100 * (int8Accuracy - floatAccuracy))
  chapter.metrics.record("int8_float_prediction_agreement",
    accuracy(predictions: int8Logits.argmaxLastAxis(), labels: floatLogits.argmaxLastAxis()))
  chapter.metrics.record("int8_simulated_prediction_agreement", agreement)
  chapter.metrics.record("int8_simulated_largest_logit_difference", Double(simulatedGap))

  // Every kernel this processor has gives the same logits: integer sums have no rounding.
  let checkedImages = min(64, test.count)
  let sample = images(0..<checkedImages)
  let reference = int8(sample, kernel: .scalar)
  let kernelsAgree = Int8Kernel.available.allSatisfy { int8(sample, kernel: $0).scalars == reference.scalars }
  chapter.metrics.record("int8_kernels", english: Int8Kernel.available.map(\.description),
    chinese: Int8Kernel.available.map(\.chineseDescription))
  chapter.metrics.record("int8_best_kernel", english: Int8Kernel.best.description, chinese: Int8Kernel.best.chineseDescription)
  chapter.metrics.record("int8_kernels_agree", kernelsAgree)
  chapter.metrics.record("int8_kernels_agree_images", checkedImages)
  try timeInt8(chapter, teacher: teacher, int8: int8, data: data)
  return int8
}

/// Float32 against int8 inference, same images, same batch, same run. The repetitions alternate one by one
/// (float, then each kernel, then float again), so that a change of the machine's load hits both alike; the
/// speedup is the median of the paired ratios, and their quartiles show how far one pair can move.
private func timeInt8(_ chapter: ChapterRun, teacher: Sequential, int8: Int8Network, data: FashionData) throws {
  for batchSize in [256, 1] {
    let batch = data.test.nhwcImages(at: Array(0..<min(batchSize, data.test.count)))
    let repetitions = chapter.isQuick ? 4 : batchSize == 1 ? 251 : 35
    // The scalar reference at 256 images only where it is the one kernel this processor has.
    let kernels = Int8Kernel.available.filter { $0 != .scalar || batchSize == 1 || $0 == Int8Kernel.best }
    var times: [String: [Double]] = [:]
    withoutGradient {
      // One untimed pass of each first: the first pass allocates buffers and fills caches.
      _ = teacher(batch)
      for kernel in kernels { _ = int8(batch, kernel: kernel) }
      for _ in 0..<repetitions {
        let float = medianMilliseconds(repeats: 1) { _ = teacher(batch) }
        times["float", default: []].append(float)
        for kernel in kernels {
          let time = medianMilliseconds(repeats: 1) { _ = int8(batch, kernel: kernel) }
          times[kernel.description, default: []].append(time)
        }
      }
    }
    try chapter.stopIfInterrupted()
    if batchSize == 256 {
      // The same float32 pass, timed in three sections of this run: how far the machine's load moved it.
      let passes = ["dense_forward_milliseconds", "full_forward_milliseconds"].map { chapter.metrics.number($0) }
        + [median(of: times["float"]!)]
      chapter.metrics.record("float_pass_milliseconds_range", [passes.min()!, passes.max()!])
    }
    let suffix = batchSize == 1 ? "_batch_1" : ""
    // Where the best kernel is the scalar reference itself this sets its times against themselves, and the verdict
    // says that no integer instructions were tested (see int8VectorKernelKey).
    let scalar = batchSize == 1 ? times[Int8Kernel.scalar.description] : nil
    let paired = recordInt8Timings(&chapter.metrics, float: times["float"]!, best: times[Int8Kernel.best.description]!,
      scalar: scalar, suffix: suffix)
    chapter.metrics.record("int8_timing_repetitions\(suffix)", repetitions)
    chapter.metrics.record("medians_check_factor", PairedTimings.mediansCheckFactor)
    chapter.metrics.record("speed_margin", SpeedBand.margin)
    chapter.metrics.record("steadiness_factor", PairedTimings.steadinessFactor)
    if batchSize == 1 { chapter.metrics.record(int8VectorKernelKey, Int8Kernel.best != .scalar) }
    // Clauses after "Each kernel this processor has, in the same loops:"; in Chinese each names its batch first.
    let kernelTimes = kernels.map { kernel in (kernel, String(format: "%.3f ms", median(of: times[kernel.description]!))) }
    chapter.metrics.record("int8_kernel_times\(suffix)",
      english: kernelTimes.map { "\($0.description) \($1)" }.joined(separator: ", ")
        + " for \(batchSize == 1 ? "one image" : "\(batchSize) images")",
      chinese: (batchSize == 1 ? "单张图像时，" : "每批 \(batchSize) 张图像时，")
        + kernelTimes.map { "\($0.chineseDescription) \($1)" }.joined(separator: "，"))
    let quartiles = paired.quartiles
    chapter.say("batch \(batchSize): " + times.keys.sorted().map { String(format: "%@ %.3f ms", $0, median(of: times[$0]!)) }
      .joined(separator: ", ") + String(format: "; int8 (%@) is %.2f× float32 (paired ratios, quartiles %.2f to %.2f; "
        + "ratio of the medians %.2f: medians check %@)", Int8Kernel.best.description, paired.speedup, quartiles[0], quartiles[1],
        paired.ratioOfMedians, paired.passesMediansCheck ? "passed" : "failed"))
  }
}

extension Int8Kernel {
  /// The kernel's name on the Chinese pages: the instruction sets keep theirs.
  var chineseDescription: String { self == .scalar ? "标量" : description }
}

/// Whether the best int8 kernel is one of the processor's vector kernels, not the scalar reference (a processor
/// without AVX2): only then do the scalar reference's timings test any integer instructions.
let int8VectorKernelKey = "int8_vector_kernel"

/// Records one batch size's int8 timings (`suffix` "" for 256 images, "_batch_1" for one): each float32 pass and
/// the best kernel's pass of its turn, and where given, the scalar reference's pass of the same turn, which is set
/// against the best kernel as float32 is against int8. Returns float32 against the best kernel.
@discardableResult
func recordInt8Timings(_ metrics: inout Metrics, float: [Double], best: [Double], scalar: [Double]?, suffix: String) -> PairedTimings {
  let paired = PairedTimings(floatMilliseconds: float, int8Milliseconds: best)
  metrics.record("float_milliseconds\(suffix)", paired.floatMedian)
  metrics.record("int8_milliseconds\(suffix)", paired.int8Median)
  metrics.record("int8_speedup_quartiles\(suffix)", paired.quartiles)
  // Whether these medians can be set against each other and against PyTorch's (see PairedTimings).
  metrics.record(paired, under: .int8(suffix: suffix))
  metrics.record("int8_pass_spreads\(suffix)", [paired.passSpreads.float, paired.passSpreads.int8])
  if let scalar {
    // The scalar reference against the best kernel as int8 against float32: a median of paired ratios, judged only
    // where their timings pass the same check (a short pass of one image is the one most moved by the machine).
    let reference = PairedTimings(floatMilliseconds: scalar, int8Milliseconds: best)
    metrics.record("int8_scalar_milliseconds\(suffix)", reference.floatMedian)
    metrics.record(reference, under: .integerInstructions)
  }
  return paired
}
