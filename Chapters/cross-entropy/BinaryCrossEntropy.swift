import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

// region: bce
/// Binary cross-entropy: the mean negative log-likelihood of labels y ∈ {0, 1}
/// under predicted probabilities p, −(1/m) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)].
func binaryCrossEntropy(probabilities p: Tensor, labels y: Tensor) -> Tensor {
  -(y * p.log() + (1 - y) * (1 - p).log()).mean()
}
// endregion

// region: bce-as-printed
/// Article 000's loss as printed, −(1/m) Σᵢ yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ): the
/// minus sign and the sum reach only the first term. The second term, left
/// outside the sum with a dangling i, is averaged over the examples too: the
/// only way to compute it at all.
func binaryCrossEntropyAsPrinted(probabilities p: Tensor, labels y: Tensor) -> Tensor {
  (-(y * p.log()) + (1 - y) * (1 - p).log()).mean()
}
// endregion

// region: logistic-gradient
/// The gradient of the binary cross-entropy of p = σ(xw + b), derived by hand:
/// ∂L/∂w = (1/m) Σᵢ (pᵢ − yᵢ) xᵢ = (1/m) Xᵀ(p − y) and ∂L/∂b = (1/m) Σᵢ (pᵢ − yᵢ).
/// No autograd: two matrix products and a mean.
func logisticRegressionGradient(
  images x: Tensor, labels y: Tensor, weights w: Tensor, bias b: Tensor
) -> (weights: Tensor, bias: Tensor) {
  let error = x.matmul(w, addingBias: b).sigmoid() - y  // [m, 1]: p − y, how far each prediction is off
  let m = Tensor(Float(x.shape[0]))
  return (x.matmul(error, transposeSelf: true) / m, error.mean(alongAxis: 0))
}
// endregion

/// The binary problem of this section: ankle boots (1) against sneakers (0).
private let negativeClass = 7
private let positiveClass = 9

/// Sections 1 and 2: binary cross-entropy as a negative log-likelihood, its gradient
/// for logistic regression derived and checked, and the article's grouping of
/// the formula put to work.
func binaryCrossEntropyFromLikelihood(_ chapter: ChapterRun, data: FashionData) throws {
  chapter.section("Binary cross-entropy: a negative log-likelihood")
  // 4,000 training images are plenty for 785 parameters, and keep each full-batch step cheap.
  let train = data.train.binaryProblem(negative: negativeClass, positive: positiveClass, maximumCount: 4_000)
  let test = data.test.binaryProblem(negative: negativeClass, positive: positiveClass)
  let names = data.train.classNames
  chapter.say("\(names[positiveClass]) (y = 1) against \(names[negativeClass]) (y = 0): "
    + "\(train.labels.shape[0]) training and \(test.labels.shape[0]) test images.")
  chapter.metrics.record("binary_positive_class", names[positiveClass])
  chapter.metrics.record("binary_negative_class", names[negativeClass])
  chapter.metrics.record("binary_train_count", train.labels.shape[0])
  chapter.metrics.record("binary_test_count", test.labels.shape[0])

  let constantFit = maximumLikelihoodConstant(chapter, data: data.train)
  checkLogisticGradient(chapter, images: train.images, labels: train.labels)
  let correct = trainLogisticRegression(train: train, test: test) { x, y, w, b in
    logisticRegressionGradient(images: x, labels: y, weights: w, bias: b)
  }
  chapter.say(String(format: "Gradient descent with the derived gradient: test accuracy %.4f after %d steps.",
    correct.accuracies.last!, correct.accuracies.count))
  chapter.metrics.record("logistic_steps", correct.accuracies.count)
  chapter.metrics.record("logistic_learning_rate", logisticLearningRate)
  chapter.metrics.record("logistic_test_accuracy", correct.accuracies.last!)
  chapter.metrics.record("logistic_train_loss", correct.finalLoss)

  // The loss as printed, minimized by the same gradient descent (its gradient from backward()),
  // computed from the logits so that no log 0 stops it early.
  let asPrinted = trainLogisticRegression(train: train, test: test) { x, y, w, b in
    let weights = w.requiringGradient()
    let bias = b.requiringGradient()
    binaryCrossEntropyAsPrinted(logits: x.matmul(weights, addingBias: bias), labels: y).backward()
    return (weights.gradient!, bias.gradient!)
  }
  let printedFinal = asPrinted.printedLosses.last ?? .nan
  chapter.say(String(format: "The same descent on the loss as printed: after %d steps the printed loss is %.3f "
    + "(the correct BCE %.3f), %.1f%% of the test images are called ankle boots, test accuracy %.4f.",
    asPrinted.accuracies.count, printedFinal, asPrinted.finalLoss, asPrinted.predictedPositiveShare * 100,
    asPrinted.accuracies.last ?? .nan))
  if let broken = asPrinted.brokenStep {
    chapter.say("The descent stopped at step \(broken): its gradient was no longer finite.")
  }
  chapter.metrics.record("as_printed_steps", asPrinted.accuracies.count)
  chapter.metrics.record("as_printed_final_loss", printedFinal)
  chapter.metrics.record("as_printed_final_correct_bce", asPrinted.finalLoss)
  chapter.metrics.record("as_printed_test_accuracy", asPrinted.accuracies.last ?? .nan)
  chapter.metrics.record("as_printed_predicted_positive_share", asPrinted.predictedPositiveShare)
  chapter.metrics.record("correct_final_printed_loss", correct.printedLosses.last!)
  positiveTermOnly(chapter, labels: test.labels)

  try saveBinaryFigure(chapter, constantFit: constantFit, correct: correct, asPrinted: asPrinted)
}

/// The figure of sections 1 and 2: one example's loss, the maximum-likelihood
/// constant, and the two descents.
private func saveBinaryFigure(
  _ chapter: ChapterRun, constantFit: (grid: [Double], losses: [Double], share: Double),
  correct: DescentRecord, asPrinted: DescentRecord
) throws {
  let p = (1...199).map { Float($0) / 200 }
  let perExample = Panel(
    title: "Loss of one example", xLabel: "predicted probability p", yLabel: "loss", legend: .topRight,
    series: [
      .line(x: p, y: p.map { -log($0) }, title: "y = 1: −log p"),
      .line(x: p, y: p.map { -log(1 - $0) }, title: "y = 0: −log(1 − p)", dashed: true),
    ])
  let likelihood = Panel(
    title: "Footwear or not: one constant p for every image", xLabel: "p", yLabel: "binary cross-entropy", legend: .topRight,
    series: [
      .line(x: constantFit.grid, y: constantFit.losses, title: "BCE(p)"),
      .line(x: [constantFit.share, constantFit.share], y: [constantFit.losses.min()!, constantFit.losses.max()!],
        title: "share of footwear", dashed: true),
    ])
  let correctSteps = correct.accuracies.indices.map { Double($0 + 1) }
  let printedSteps = asPrinted.accuracies.indices.map { Double($0 + 1) }
  let accuracy = Panel(
    title: "Logistic regression: test accuracy", xLabel: "gradient-descent step", yLabel: "accuracy",
    yRange: 0...1, legend: .bottomRight,
    series: [
      .line(x: correctSteps, y: correct.accuracies, title: "minimizing the BCE"),
      .line(x: printedSteps, y: asPrinted.accuracies, title: "minimizing the loss as printed", dashed: true),
    ])
  let printedLoss = Panel(
    title: "The loss as printed, during each descent", xLabel: "gradient-descent step", yLabel: "loss as printed",
    legend: .bottomLeft,
    series: [
      .line(x: correctSteps, y: correct.printedLosses, title: "minimizing the BCE"),
      .line(x: printedSteps, y: asPrinted.printedLosses, title: "minimizing the loss as printed", dashed: true),
    ])
  try chapter.save(
    Figure(title: "Binary cross-entropy", columns: 2, panels: [perExample, likelihood, accuracy, printedLoss]),
    as: "binary-cross-entropy")
}

/// Maximum likelihood in its smallest form: the one probability that best
/// explains a set of labels is their share of ones, and it is where the
/// binary cross-entropy is smallest. The labels: is the image footwear?
private func maximumLikelihoodConstant(
  _ chapter: ChapterRun, data: ImageDataset
) -> (grid: [Double], losses: [Double], share: Double) {
  let y = Tensor(shape: [data.count, 1], scalars: data.labels.map { ClassGroup.footwear.contains($0) ? 1 : 0 })
  // region: maximum-likelihood
  // Every image gets the same probability p of showing footwear. The likelihood
  // of the labels is Πᵢ p^yᵢ (1 − p)^(1 − yᵢ); minus its log, over m, is the BCE.
  let grid = (1...99).map { Float($0) / 100 }
  let losses = grid.map { p in
    binaryCrossEntropy(probabilities: Tensor(shape: y.shape, repeating: p), labels: y).scalar
  }
  let best = grid[losses.indices.min { losses[$0] < losses[$1] }!]
  let share = y.mean().scalar  // the fraction of footwear
  // endregion
  chapter.say(String(format: "Footwear or not: the constant p with the smallest BCE is %.2f; the share of footwear is %.4f.", best, share))
  chapter.metrics.record("mle_best_constant", best)
  chapter.metrics.record("mle_positive_share", share)
  chapter.metrics.record("mle_smallest_loss", losses.min()!)
  return (grid.map(Double.init), losses.map(Double.init), Double(share))
}

/// The derived gradient against `backward()` and against finite differences.
private func checkLogisticGradient(_ chapter: ChapterRun, images: Tensor, labels: Tensor) {
  let count = min(64, images.shape[0])
  let x = images.sliced(alongAxis: 0, 0..<count)
  let y = labels.sliced(alongAxis: 0, 0..<count)
  // region: gradient-check
  let w = Tensor.normal(shape: [784, 1], standardDeviation: 0.01, using: chapter.random).requiringGradient()
  let b = Tensor(shape: [1], scalars: [0.1]).requiringGradient()
  binaryCrossEntropy(probabilities: x.matmul(w, addingBias: b).sigmoid(), labels: y).backward()
  let derived = logisticRegressionGradient(images: x, labels: y, weights: w.detached(), bias: b.detached())
  // Central differences (L(θ + h) − L(θ − h)) / 2h for each of the 785 parameters, against backward().
  let numeric = checkGradients(at: [w.detached(), b.detached()]) { parameters in
    binaryCrossEntropy(probabilities: x.matmul(parameters[0], addingBias: parameters[1]).sigmoid(), labels: y)
  }
  // endregion
  let formulaError = max(
    zip(w.gradient!.scalars, derived.weights.scalars).map { abs($0 - $1) }.max()!,
    abs(b.gradient!.scalar - derived.bias.scalar))
  // The article writes the same gradient as −(1/m) Σ (y − p) x; its sign flips both factors, so it is this one.
  chapter.say("On \(count) images: largest |backward − (1/m) Σ (p − y) x| = \(formulaError); \(numeric)")
  chapter.metrics.record("logistic_gradient_formula_error", formulaError)
  chapter.metrics.record("logistic_gradient_numeric_error", numeric.maxAbsoluteError)
  chapter.metrics.record("logistic_gradient_check_passed", numeric.passed)

  // The printed grouping has another gradient: the article's formula is not its derivative.
  let printedWeights = w.detached().requiringGradient()
  let printedBias = b.detached().requiringGradient()
  binaryCrossEntropyAsPrinted(
    probabilities: x.matmul(printedWeights, addingBias: printedBias).sigmoid(), labels: y
  ).backward()
  let printedError = zip(printedWeights.gradient!.scalars, derived.weights.scalars).map { abs($0 - $1) }.max()!
  chapter.say("The loss as printed: largest |its gradient − the article's formula| = \(printedError)")
  chapter.metrics.record("as_printed_gradient_error", printedError)
}

/// What gradient descent on a logistic regression reached.
private struct DescentRecord {
  /// The test accuracy after each step.
  var accuracies: [Double] = []
  /// The loss as printed, on the training images, after each step.
  var printedLosses: [Double] = []
  /// The correct binary cross-entropy on the training images at the end (computed from logits).
  var finalLoss = 0.0
  /// The share of test images predicted positive at the end.
  var predictedPositiveShare = 0.0
  /// The step whose gradient was no longer finite, if one was: the descent stops before it.
  var brokenStep: Int?
}

/// The step size of the logistic-regression descents: w ← w − 0.1 · ∂L/∂w.
let logisticLearningRate: Float = 0.1

/// Full-batch gradient descent from zero weights, at most 100 steps of size
/// `logisticLearningRate`, each step's gradient from `gradient`. It stops early if a gradient is
/// no longer finite (log 0 on the way), keeping the last finite weights.
private func trainLogisticRegression(
  train: (images: Tensor, labels: Tensor), test: (images: Tensor, labels: Tensor),
  gradient: (_ x: Tensor, _ y: Tensor, _ w: Tensor, _ b: Tensor) -> (weights: Tensor, bias: Tensor)
) -> DescentRecord {
  var w = Tensor.zeros([784, 1])
  var b = Tensor.zeros([1])
  let learningRate = Tensor(logisticLearningRate)
  var record = DescentRecord()
  for step in 1...100 {
    let direction = gradient(train.images, train.labels, w, b)
    guard (direction.weights.scalars + direction.bias.scalars).allSatisfy(\.isFinite) else {
      record.brokenStep = step
      break
    }
    w = w - learningRate * direction.weights
    b = b - learningRate * direction.bias
    let trainLogits = train.images.matmul(w, addingBias: b)
    record.printedLosses.append(Double(binaryCrossEntropyAsPrinted(logits: trainLogits, labels: train.labels).scalar))
    record.accuracies.append(binaryAccuracy(logits: test.images.matmul(w, addingBias: b), labels: test.labels))
  }
  record.finalLoss = Double(binaryCrossEntropy(logits: train.images.matmul(w, addingBias: b), labels: train.labels).scalar)
  let testLogits = test.images.matmul(w, addingBias: b).scalars
  record.predictedPositiveShare = Double(testLogits.filter { $0 > 0 }.count) / Double(testLogits.count)
  return record
}

// region: softplus
/// softplus(z) = log(1 + eᶻ) = log(e⁰ + eᶻ), a log-sum-exp of 0 and z, computed
/// with the log-sum-exp trick: c + log(e^−c + e^(z − c)) with c = max(0, z),
/// which never overflows. c is held constant (detached): the value does not
/// depend on it, so neither does the gradient, σ(z), which stays right at z = 0.
/// With it, log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z).
func softplus(_ z: Tensor) -> Tensor {
  let shift = z.relu().detached()
  return shift + ((-shift).exp() + (z - shift).exp()).log()
}
// endregion

/// The binary cross-entropy from the logits z (p = σ(z)) without forming p,
/// mean(y·softplus(−z) + (1 − y)·softplus(z)): no log 0 even where p rounds to 0 or 1.
func binaryCrossEntropy(logits z: Tensor, labels y: Tensor) -> Tensor {
  (y * softplus(-z) + (1 - y) * softplus(z)).mean()
}

// region: bce-as-printed-logits
/// The loss as printed, from the logits in the same way: mean(y·softplus(−z) − (1 − y)·softplus(z)).
func binaryCrossEntropyAsPrinted(logits z: Tensor, labels y: Tensor) -> Tensor {
  (y * softplus(-z) - (1 - y) * softplus(z)).mean()
}
// endregion

/// The fraction of examples on the right side of p = 0.5 (z = 0).
func binaryAccuracy(logits: Tensor, labels: Tensor) -> Double {
  let correct = zip(logits.scalars, labels.scalars).filter { ($0 > 0 ? 1 : 0) == $1 }.count
  return Double(correct) / Double(labels.scalarCount)
}

/// Article 000 §4.1's loss, −(1/m) Σ yᵢ log pᵢ, with no term for the negatives:
/// the classifier that calls everything an ankle boot makes it (almost) zero.
private func positiveTermOnly(_ chapter: ChapterRun, labels y: Tensor) {
  // region: positive-term-only
  let p = Tensor(shape: y.shape, repeating: 1 - 1e-6)  // "ankle boot", whatever the image
  let positiveTermOnly = -(y * p.log()).mean()  // §4.1: L = −(1/m) Σ y log p
  let full = binaryCrossEntropy(probabilities: p, labels: y)
  // endregion
  let accuracy = Double(y.mean().scalar)
  chapter.say(String(format: "Calling every image an ankle boot: §4.1's loss %.2e, the full BCE %.3f, accuracy %.4f.",
    positiveTermOnly.scalar, full.scalar, accuracy))
  chapter.metrics.record("positive_term_only_loss", positiveTermOnly.scalar)
  chapter.metrics.record("positive_term_only_full_bce", full.scalar)
  chapter.metrics.record("positive_term_only_accuracy", accuracy)
}
