import Autograd
import CourseKit
import Datasets
import Foundation
import Plotting

/// Two interleaved half circles with noise: a problem no straight line separates.
struct TwoMoons {
  /// [count, 2] points.
  let points: Tensor
  /// [count, 1] labels, 0 or 1.
  let labels: Tensor

  init(count: Int, noise: Float, random: RandomGenerator) {
    var coordinates: [Float] = []
    var classes: [Float] = []
    for index in 0..<count {
      let upper = index % 2 == 0
      let angle = Float.pi * random.nextUniform()
      let (x, y) = upper ? (cos(angle), sin(angle)) : (1 - cos(angle), 0.5 - sin(angle))
      coordinates += [x + noise * random.nextNormal(), y + noise * random.nextNormal()]
      classes.append(upper ? 0 : 1)
    }
    points = Tensor(shape: [count, 2], scalars: coordinates)
    labels = Tensor(shape: [count, 1], scalars: classes)
  }

  var count: Int { points.shape[0] }
}

/// A batch of the two-moons points, for the chapter's training loop.
struct PointBatch: TrainingBatch {
  let points: Tensor
  let labels: Tensor
  var exampleCount: Int { points.shape[0] }
}

// region: stable-bce
/// Binary cross-entropy from logits z, mean over the batch, in a form that
/// never takes log 0: log(1 + e^z) − y·z, with log(1 + e^z) = max(z, 0) + log(1 + e^−|z|).
func binaryCrossEntropy(logits z: Tensor, labels y: Tensor) -> Tensor {
  let absolute = z.relu() + (-z).relu()
  let softplus = z.relu() + ((-absolute).exp() + 1).log()
  return (softplus - y * z).mean()
}
// endregion

/// The fraction of points on the right side of the 0.5 line.
func accuracy(logits: Tensor, labels: Tensor) -> Double {
  let correct = zip(logits.scalars, labels.scalars).filter { ($0 > 0 ? 1 : 0) == $1 }.count
  return Double(correct) / Double(labels.scalarCount)
}

func decisionBoundaries(_ chapter: ChapterRun) throws {
  chapter.section("What one neuron can separate, and what a small network can")
  let train = TwoMoons(count: chapter.isQuick ? 200 : 400, noise: 0.2, random: chapter.random)
  let test = TwoMoons(count: 400, noise: 0.2, random: chapter.random)

  // One neuron, trained by plain gradient descent on the whole training set.
  // region: single-neuron
  let (neuronLearningRate, neuronSteps) = (0.5, 1000)
  let neuron = Linear(inputSize: 2, outputSize: 1, random: chapter.random)
  let descent = SGD(parameters: neuron.namedParameters, learningRate: Float(neuronLearningRate))
  for _ in 1...neuronSteps {
    descent.clearGradients()
    binaryCrossEntropy(logits: neuron(train.points), labels: train.labels).backward()
    descent.step()
  }
  // endregion
  let neuronAccuracy = withoutGradient { accuracy(logits: neuron(test.points), labels: test.labels) }
  chapter.say(String(format: "one neuron: test accuracy %.4f", neuronAccuracy))
  chapter.metrics.record("neuron_test_accuracy", neuronAccuracy)
  chapter.metrics.record("neuron_learning_rate", neuronLearningRate)
  chapter.metrics.record("neuron_steps", neuronSteps)
  chapter.metrics.record("train_examples", train.count)
  chapter.metrics.record("test_examples", test.count)

  // A network of two hidden layers of 16 tanh neurons, trained with Adam in mini-batches.
  // region: small-network
  let (networkLearningRate, batchSize) = (0.01, 32)
  let network = Sequential([
    Linear(inputSize: 2, outputSize: 16, random: chapter.random), Tanh(),
    Linear(inputSize: 16, outputSize: 16, random: chapter.random), Tanh(),
    Linear(inputSize: 16, outputSize: 1, random: chapter.random),
  ])
  let adam = Adam(parameters: network.namedParameters, learningRate: Float(networkLearningRate))
  try chapter.train(
    model: network, optimizer: adam,
    batches: { epoch in shuffledBatches(of: train, size: batchSize, seed: chapter.seed, epoch: epoch) },
    loss: { batch in binaryCrossEntropy(logits: network(batch.points), labels: batch.labels) },
    evaluate: { _ in [("test_accuracy", accuracy(logits: network(test.points), labels: test.labels))] })
  // endregion
  chapter.metrics.record("network_learning_rate", networkLearningRate)
  chapter.metrics.record("batch_size", batchSize)

  let grid = boundaryGrid()
  func probabilities(_ model: (Tensor) -> Tensor) -> [[Float]] {
    let values = withoutGradient { model(grid.points).sigmoid().scalars }
    return (0..<grid.size).map { row in Array(values[(row * grid.size)..<((row + 1) * grid.size)]) }
  }
  let testX = (0..<test.count).map { test.points[$0, 0] }
  let testY = (0..<test.count).map { test.points[$0, 1] }
  let testClasses = test.labels.scalars.map(Int.init)
  // The legend goes under the plot, where no point is; class 1 is the lower moon, as the caption says.
  func panel(_ title: String, _ model: @escaping (Tensor) -> Tensor) -> Panel {
    Panel(title: title, xLabel: "x₁", yLabel: "x₂", legend: .below, series: [
      .field(probabilities(model), x: grid.x, y: grid.y, range: 0...1, title: "P(lower moon)"),
      .scatter(x: testX, y: testY, classes: testClasses, classNames: ["upper moon", "lower moon"]),
    ])
  }
  try chapter.save(
    Figure(title: "Decision regions on held-out points", panels: [
      // Accuracies as the text prints them ({{metric:…:%}}, one decimal), so the two never disagree.
      panel(String(format: "One neuron (accuracy %.1f%%)", neuronAccuracy * 100), { neuron($0) }),
      panel(String(format: "2-16-16-1 network (accuracy %.1f%%)", chapter.metrics.number("test_accuracy") * 100), { network($0) }),
    ]),
    as: "decision-boundaries")
  let losses = chapter.metrics.numbers("train_loss")
  try chapter.save(
    Figure(Panel(title: "Training loss of the 2-16-16-1 network", xLabel: "epoch", yLabel: "binary cross-entropy",
      yScale: .logarithmic, series: [.line(y: losses, title: "train loss")])),
    as: "network-loss", preview: true)
}

/// The training set in a new seeded order each epoch, cut into batches.
func shuffledBatches(of data: TwoMoons, size: Int, seed: UInt64, epoch: Int) -> [PointBatch] {
  EpochBatches(count: data.count, batchSize: size, seed: seed, epoch: epoch).map { indices in
    PointBatch(
      points: data.points.indexSelect(alongAxis: 0, indices: indices),
      labels: data.labels.indexSelect(alongAxis: 0, indices: indices))
  }
}

/// Points of a regular grid over the plotted area, row by row from the bottom.
func boundaryGrid() -> (points: Tensor, size: Int, x: ClosedRange<Double>, y: ClosedRange<Double>) {
  let size = 80
  let (x, y) = (-1.5...2.5, -1.0...1.5)
  var scalars: [Float] = []
  for row in 0..<size {
    for column in 0..<size {
      scalars += [
        Float(x.lowerBound + (x.upperBound - x.lowerBound) * Double(column) / Double(size - 1)),
        Float(y.lowerBound + (y.upperBound - y.lowerBound) * Double(row) / Double(size - 1)),
      ]
    }
  }
  return (Tensor(shape: [size * size, 2], scalars: scalars), size, x, y)
}
