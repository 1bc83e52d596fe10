import Autograd
import CourseKit
import Foundation
import Plotting

// region: student
/// The student: two small convolutions and one dense layer, about a
/// seventeenth of the teacher's parameters.
func makeStudent(random: RandomGenerator) -> Sequential {
  Sequential([
    Conv2D(inChannels: 1, filters: 8, kernelSize: 3, random: random), ReLU(), MaxPool2D(),  // → 13×13×8
    Conv2D(inChannels: 8, filters: 16, kernelSize: 3, random: random), ReLU(), MaxPool2D(),  // → 5×5×16
    Flatten(), Linear(inputSize: 400, outputSize: 10, random: random),
  ])
}
// endregion

// region: distillation-loss
/// Hinton's distillation loss for a batch:
///
///     α · T² · mean over images of CE(softmax(teacher / T), softmax(student / T))
///       + (1 − α) · mean CE(labels, softmax(student))
///
/// The softened teacher probabilities are constants (no gradient reaches the
/// teacher). T² makes the soft term's gradient about independent of T (for
/// large T), so that the balance of the two terms is α's: the gradient of the soft
/// cross-entropy with respect to a student logit is (q_T − p_T) / T, and
/// q_T − p_T itself shrinks about as 1/T for large T, so without T² it would
/// shrink as 1/T².
func distillationLoss(student: Tensor, teacher: Tensor, labels: [Int], temperature: Float, alpha: Float) -> Tensor {
  let softTargets = (teacher / temperature).softmax(alongAxis: -1).detached()
  let logProbabilities = (student / temperature).logSoftmax(alongAxis: -1)
  let soft = (softTargets * logProbabilities).sum() * (-1 / Float(labels.count))
  return alpha * temperature * temperature * soft + (1 - alpha) * student.crossEntropy(targets: labels)
}
// endregion

/// Section: a student trained from the teacher's softened outputs against the same student from labels, over seeds.
func distill(_ chapter: ChapterRun, teacher: Sequential, data: FashionData) throws {
  chapter.section("Distillation")
  let (temperature, alpha): (Float, Float) = (4, 0.9)
  let seeds: [UInt64] = chapter.isQuick ? [1, 2] : [1, 2, 3, 4, 5]
  let epochs = chapter.isQuick ? 1 : 2
  let train = data.train
  // The teacher's logits for every training image, computed once.
  let teacherLogits = logits(of: teacher, for: train)
  let classes = teacherLogits.shape[1]
  var results: [String: [Double]] = ["labels": [], "distilled": []]
  var seconds: [Double] = []
  for seed in seeds {
    for method in ["labels", "distilled"] {
      // The same initialization and the same batches for both methods of a seed: only the loss differs.
      let student = makeStudent(random: RandomGenerator(seed: chapter.seed &+ seed))
      seconds += try fineTune(chapter, model: student, train: train, epochs: epochs, seed: chapter.seed &+ seed) { images, labels, indices in
        let logits = student(images)
        guard method == "distilled" else { return logits.crossEntropy(targets: labels) }
        let targets = Tensor(shape: [indices.count, classes], scalars: indices.flatMap {
          teacherLogits.scalars[($0 * classes)..<(($0 + 1) * classes)] })
        return distillationLoss(student: logits, teacher: targets, labels: labels, temperature: temperature, alpha: alpha)
      }
      results[method]!.append(testAccuracy(logits(of: student, for: data.test), data.test))
    }
    chapter.say(String(format: "seed %d: from labels %.4f, distilled %.4f", seed, results["labels"]!.last!, results["distilled"]!.last!))
  }
  let (labels, distilled) = (results["labels"]!, results["distilled"]!)
  chapter.metrics.record("distillation_temperature", Double(temperature))
  chapter.metrics.record("distillation_alpha", Double(alpha))
  chapter.metrics.record("distillation_seeds", seeds.count)
  chapter.metrics.record("student_epochs", epochs)
  chapter.metrics.record("student_parameter_count", makeStudent(random: RandomGenerator(seed: 0)).parameterCount)
  chapter.metrics.record("student_epoch_seconds", median(of: seconds))
  recordDistillationResults(&chapter.metrics, labels: labels, distilled: distilled)

  // The seeds as named ticks, so that each pair of points can be found in the table.
  let positions = seeds.indices.map(Double.init)
  let panel = Panel(
    title: "The same student, \(seeds.count) seeds", xLabel: "seed", yLabel: "test accuracy",
    xCategories: seeds.map(String.init), legend: .bottomRight,
    series: [
      .scatter(x: positions, y: labels, title: "from labels", pointSize: 1.5),
      .scatter(x: positions, y: distilled, title: "distilled (T = \(Int(temperature)), α = \(alpha))", pointSize: 1.5),
    ])
  try chapter.save(Figure(title: "Distillation", panels: [panel]), as: "distillation")
}

/// The students' accuracies over the seeds (the same seeds in the same order
/// for both lists), their medians and ranges, and the words that set the
/// median difference against the ranges: the inputs of the verdicts.
func recordDistillationResults(_ metrics: inout Metrics, labels: [Double], distilled: [Double]) {
  let differences = zip(distilled, labels).map { $0 - $1 }
  metrics.record("student_labels_accuracies", labels)
  metrics.record("student_distilled_accuracies", distilled)
  metrics.record("student_labels_test_accuracy", median(of: labels))
  metrics.record("student_distilled_test_accuracy", median(of: distilled))
  metrics.record("student_labels_spread", (labels.max() ?? 0) - (labels.min() ?? 0))
  metrics.record("student_distilled_spread", (distilled.max() ?? 0) - (distilled.min() ?? 0))
  metrics.record("distillation_gain_points", 100 * (median(of: distilled) - median(of: labels)))
  metrics.record("distillation_paired_gains_points", differences.map { 100 * $0 })
  metrics.record("distillation_wins", differences.filter { $0 > 0 }.count)
  // The ranges over seeds (best minus worst) in points, the unit of the gains they are set against.
  metrics.record("student_labels_range_points", 100 * ((labels.max() ?? 0) - (labels.min() ?? 0)))
  metrics.record("student_distilled_range_points", 100 * ((distilled.max() ?? 0) - (distilled.min() ?? 0)))
  let largerSpread = max(metrics.number("student_labels_spread"), metrics.number("student_distilled_spread"))
  metrics.record("distillation_gain_exceeds_spread", median(of: distilled) - median(of: labels) > largerSpread)
  // The other side: distilled behind the label-trained students by more than either spread.
  metrics.record("distillation_loss_exceeds_spread", median(of: labels) - median(of: distilled) > largerSpread)
  // The verdict's words, from this run: how the median gain compares with the spread, and whether the sign holds.
  let smallerSpread = min(metrics.number("student_labels_spread"), metrics.number("student_distilled_spread"))
  let gain = abs(median(of: distilled) - median(of: labels))
  // Between "The median difference is" and "the spread"; in Chinese the verb of "中位数差异……种子间的波动".
  metrics.record("distillation_gain_against_spread",
    english: gain < smallerSpread ? "inside" : gain <= largerSpread ? "not beyond" : "beyond",
    chinese: gain < smallerSpread ? "小于" : gain <= largerSpread ? "没有超出" : "超出")
  let wins = differences.filter { $0 > 0 }.count
  let sameSign = wins == 0 || wins == differences.count
  metrics.record("distillation_sign_pattern",
    english: sameSign ? "every seed moves the same way" : "the sign changes from seed to seed",
    chinese: sameSign ? "每个随机种子的差异方向都相同" : "差异的正负因随机种子而异")
}
